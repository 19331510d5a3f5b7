import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Lists count exactly up to this many rows; past it the total is the planner's estimate. */
export const LIST_EXACT_COUNT_UP_TO = 1_000;
/**
 * A list the planner puts at more than this many times the cap is not counted at all: its total
 * is the estimate straight away. Counting 1,001 rows to learn "more than 1,000" cost 2–11 ms of
 * a provincial list's 15 (the `graduationYear` list: 10 ms of 14) at scale 0.05; the planner's
 * estimate of a list that large is off by tens of percent, not tenfold (docs/scaling.md).
 */
export const LIST_ESTIMATE_TRUSTED_FROM = 10;

/**
 * The total of a list query without paying an exact count(*) over millions on every page
 * (issue 8): asks the planner for its row estimate first; far past the cap that is the answer.
 * Otherwise counts at most `cap + 1` rows; when there are more, the estimate (never below the
 * cap). The page itself comes from an index walk (docs/scaling.md).
 */
export async function countCapped<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  cap = LIST_EXACT_COUNT_UP_TO,
  estimateFrom: SelectQueryBuilder<T> = qb,
): Promise<{ total: number; totalEstimated?: true }> {
  const bare = (b: SelectQueryBuilder<T>) => b.clone().select('1').orderBy().offset(undefined).limit(undefined).getQueryAndParameters();
  // The estimate may come from an equivalent query without predicates that are only there to
  // steer the plan (a key implied by the scope would be counted twice in the selectivity).
  const [esql, eparams] = bare(estimateFrom);
  const [{ 'QUERY PLAN': plan }] = (await qb.connection.query(`EXPLAIN (FORMAT JSON) ${esql}`, eparams)) as [
    { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] },
  ];
  const estimate = Math.round(plan[0].Plan['Plan Rows']);
  if (estimate > cap * LIST_ESTIMATE_TRUSTED_FROM) return { total: estimate, totalEstimated: true };
  const [sql, params] = bare(qb);
  const [{ n }] = (await qb.connection.query(`SELECT count(*)::int AS n FROM (${sql} LIMIT ${cap + 1}) capped`, params)) as [{ n: number }];
  if (n <= cap) return { total: n };
  return { total: Math.max(cap + 1, estimate), totalEstimated: true };
}
