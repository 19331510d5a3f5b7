import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Lists count exactly up to this many rows; past it the total is the planner's estimate. */
export const LIST_EXACT_COUNT_UP_TO = 1_000;

/**
 * The total of a list query without paying an exact count(*) over millions on every page
 * (issue 8): counts at most `cap + 1` rows; when there are more, asks the planner for its row
 * estimate (never below the cap). The page itself comes from an index walk (docs/scaling.md).
 */
export async function countCapped<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  cap = LIST_EXACT_COUNT_UP_TO,
  estimateFrom: SelectQueryBuilder<T> = qb,
): Promise<{ total: number; totalEstimated?: true }> {
  const bare = (b: SelectQueryBuilder<T>) => b.clone().select('1').orderBy().offset(undefined).limit(undefined).getQueryAndParameters();
  const [sql, params] = bare(qb);
  const [{ n }] = (await qb.connection.query(`SELECT count(*)::int AS n FROM (${sql} LIMIT ${cap + 1}) capped`, params)) as [{ n: number }];
  if (n <= cap) return { total: n };
  // The estimate may come from an equivalent query without predicates that are only there to
  // steer the plan (a key implied by the scope would be counted twice in the selectivity).
  const [esql, eparams] = bare(estimateFrom);
  const [{ 'QUERY PLAN': plan }] = (await qb.connection.query(`EXPLAIN (FORMAT JSON) ${esql}`, eparams)) as [{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }];
  return { total: Math.max(cap + 1, Math.round(plan[0].Plan['Plan Rows'])), totalEstimated: true };
}
