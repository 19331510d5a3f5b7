-- §6: where a graduate counts — every region of the school (local: B / E), and every region of
-- the transfer's target that does not hold the school (incoming: C / F). Once per region
-- (libs/domain `graduateRegionParts`).
CREATE OR REPLACE FUNCTION metrics_regions(school text, target text) RETURNS TABLE(region text, local boolean)
  IMMUTABLE LANGUAGE sql
AS $$
  SELECT s, true FROM unnest(metrics_region_chain(school)) s
  UNION ALL
  SELECT t, false FROM unnest(metrics_region_chain(target)) t WHERE t <> ALL (metrics_region_chain(school))
$$;
