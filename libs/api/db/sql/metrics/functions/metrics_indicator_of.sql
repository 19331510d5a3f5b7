-- §6: the indicator a destination counts towards — libs/domain `indicatorOf` (metrics.ts):
-- none for UNCOUNTED_DESTINATIONS, SX for SX_DESTINATIONS, XS for every other destination and for
-- none. The lists are rendered from libs/domain.
CREATE OR REPLACE FUNCTION metrics_indicator_of(destination text) RETURNS text
  IMMUTABLE LANGUAGE sql
AS $$
  SELECT CASE WHEN destination = ANY({{UNCOUNTED_DESTINATIONS}}) THEN NULL WHEN destination = ANY({{SX_DESTINATIONS}}) THEN 'sx' ELSE 'xs' END
$$;
