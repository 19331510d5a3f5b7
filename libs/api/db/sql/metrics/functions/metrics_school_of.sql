-- §6: the school a member of an org graduates from (libs/domain `schoolOf`, orgs.ts): the first
-- base-level org of the school domain (SCHOOL_DOMAIN_INDUSTRIES, types.ts) on its path, root first.
CREATE OR REPLACE FUNCTION metrics_school_of(p_org uuid) RETURNS uuid
  STABLE LANGUAGE sql
AS $$
  SELECT s.id FROM org o CROSS JOIN LATERAL unnest(o.path) WITH ORDINALITY AS p(id, n)
    JOIN org s ON s.id = p.id
   WHERE o.id = p_org AND s.level = 'base' AND s.industry = ANY({{SCHOOL_DOMAIN_INDUSTRIES}})
   ORDER BY p.n LIMIT 1
$$;
