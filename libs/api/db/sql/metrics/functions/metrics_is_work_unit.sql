-- §6 DW: is an org a work unit's own League org? libs/domain `isWorkUnitOrg` (metrics.ts):
-- Interpretation WORK_UNIT_INDUSTRIES, and not a branch of WORK_UNIT_EXCLUDED_PURPOSES
-- (interpretations.ts). Both lists are rendered from libs/domain. A plain SQL expression, so the
-- planner inlines it into `graduate_cohort_expected`.
CREATE OR REPLACE FUNCTION metrics_is_work_unit(industry text, purpose text) RETURNS boolean
  IMMUTABLE LANGUAGE sql
AS $$
  SELECT industry = ANY({{WORK_UNIT_INDUSTRIES}}) AND (purpose IS NULL OR purpose <> ALL ({{WORK_UNIT_EXCLUDED_PURPOSES}}))
$$;
