-- The regions a code is in, the nation first (prefix containment): libs/domain `regionChain`
-- (regions.ts). apps/api-e2e/src/sql-domain.e2e.spec.ts compares the two over every GB/T 2260 code.
CREATE OR REPLACE FUNCTION metrics_region_chain(c text) RETURNS text[]
  IMMUTABLE LANGUAGE sql
AS $$
  SELECT CASE
    WHEN c IS NULL THEN ARRAY[]::text[]
    WHEN c = {{NATIONAL_REGION_CODE}} THEN ARRAY[{{NATIONAL_REGION_CODE}}]
    WHEN right(c, 4) = '0000' THEN ARRAY[{{NATIONAL_REGION_CODE}}, c]
    WHEN right(c, 2) = '00' THEN ARRAY[{{NATIONAL_REGION_CODE}}, left(c, 2) || '0000', c]
    ELSE ARRAY[{{NATIONAL_REGION_CODE}}, left(c, 2) || '0000', left(c, 4) || '00', c] END
$$;
