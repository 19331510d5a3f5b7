-- §2 Q1: the day a member born on `birth` turns LEAGUE_AGE_LIMIT ({{LEAGUE_AGE_LIMIT}}); a 29 February
-- birthday falls on 1 March of a common year — libs/domain `ageLimitDate` (members.ts).
-- apps/api-e2e/src/sql-domain.e2e.spec.ts compares the two.
-- One expression without FROM, so the planner inlines it into the statements that call it for
-- thousands of rows (a marking).
CREATE OR REPLACE FUNCTION metrics_age_limit_date(birth date) RETURNS date
  IMMUTABLE LANGUAGE sql
AS $$
  SELECT (CASE WHEN extract(month FROM birth) = 2 AND extract(day FROM birth) = 29
                    AND extract(day FROM birth + make_interval(years => {{LEAGUE_AGE_LIMIT}})) = 28
               THEN birth + make_interval(years => {{LEAGUE_AGE_LIMIT}}) + interval '1 day'
               ELSE birth + make_interval(years => {{LEAGUE_AGE_LIMIT}}) END)::date
$$;
