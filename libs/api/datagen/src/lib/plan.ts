// How many of everything a data set of a given scale holds. Scale 1 ≈ the country: the 2024
// League statistics count 75.3 million members in 4.4 million orgs (issue 8).

export const NATIONAL_MEMBERS = 75_300_000;
export const NATIONAL_ORGS = 4_400_000;

/** Share of a county's members by where they are (students of each stage, workers, townships). */
export const MEMBER_SHARES = {
  high_school: 0.22,
  vocational: 0.08,
  junior_high: 0.03,
  university: 0.15,
  enterprise: 0.22,
  public_institution: 0.1,
  township: 0.18,
  mobile: 0.02,
} as const;

/** Members per branch, by kind of place (class branches are bigger than workplace ones). */
export const BRANCH_SIZE = {
  high_school: 40,
  vocational: 40,
  junior_high: 30,
  university: 30,
  enterprise: 16,
  public_institution: 16,
  township: 16,
} as const;

/** Years of study, so a school has one cohort of class branches per year. */
export const STUDY_YEARS = { university: 4, higher_vocational: 3, high_school: 3, vocational: 3, junior_high: 1 } as const;

/** From this scale up every county has its schools, townships and employers. */
export const POPULATED_FULL_SCALE = 0.01;

export interface ScalePlan {
  scale: number;
  /** Expected members in one populated county (its schools, employers, townships). */
  membersPerCounty: number;
}

export function planFor(scale: number, populatedCounties: number): ScalePlan {
  if (!(scale > 0) || scale > 2) throw new Error(`scale must be in (0, 2], got ${scale}`);
  return { scale, membersPerCounty: (NATIONAL_MEMBERS * scale) / Math.max(1, populatedCounties) };
}
