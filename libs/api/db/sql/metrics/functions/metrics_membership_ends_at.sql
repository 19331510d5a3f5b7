-- §6 Interpretation "membership ended", §2 Q1: when a member's League membership ends — when they
-- left (status `left`, `left_at`), or at the start (China Standard Time) of their 28th birthday
-- when they hold no League post, whichever is first — libs/domain `membershipEndedAt` (metrics.ts).
CREATE OR REPLACE FUNCTION metrics_membership_ends_at(status text, left_at timestamptz, birth_date date, league_post text) RETURNS timestamp with time zone
  IMMUTABLE LANGUAGE sql
AS $$
  SELECT least(CASE WHEN status = 'left' THEN left_at END,
               CASE WHEN league_post IS NULL OR btrim(league_post) = '' THEN metrics_age_limit_date(birth_date)::timestamp AT TIME ZONE {{TIME_ZONE}} END)
$$;
