-- §2 Q1: the day a member born on `birth` turns LEAGUE_AGE_LIMIT ({{LEAGUE_AGE_LIMIT}}); a 29 February
-- birthday falls on 1 March of a common year — libs/domain `ageLimitDate` (members.ts).
-- apps/api-e2e/src/sql-domain.e2e.spec.ts compares the two.
CREATE OR REPLACE FUNCTION metrics_age_limit_date(birth date) RETURNS date
  IMMUTABLE LANGUAGE sql
AS $$
  SELECT CASE WHEN extract(month FROM birth) = 2 AND extract(day FROM birth) = 29
                   AND NOT ((v.y % 4 = 0 AND v.y % 100 <> 0) OR v.y % 400 = 0)
              THEN make_date(v.y, 3, 1)
              ELSE make_date(v.y, extract(month FROM birth)::int, extract(day FROM birth)::int) END
    FROM (SELECT extract(year FROM birth)::int + {{LEAGUE_AGE_LIMIT}} AS y) v
$$;
