#!/usr/bin/env node
// `npm run metrics:rebuild [-- --check]` (issue 9): recompute the monitoring facts (graduate_cohort)
// and their counters from members, transfers and orgs, then compare; with --check only compare.
// Exit 1 when any difference is found. Needs DATABASE_URL (the API's PostgreSQL).
// The work is done in SQL by metrics_rebuild() and metrics_check() (libs/api/db/sql/metrics/functions/),
// so a data loader can call the same functions on its own connection.
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('metrics:rebuild: set DATABASE_URL to the API database (e.g. postgres://postgres@127.0.0.1:5432/zhtj)');
  process.exit(2);
}
const checkOnly = process.argv.includes('--check');
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  if (!checkOnly) {
    const t0 = Date.now();
    const { rows } = await client.query('SELECT metrics_rebuild() AS n');
    console.log(`metrics:rebuild: ${rows[0].n} cohort rows rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const t1 = Date.now();
  const { rows: diffs } = await client.query('SELECT kind, key, expected, actual FROM metrics_check()');
  // The API's GET /metrics reports the last result (zhtj_metrics_check_differences, docs/operations.md).
  await client
    .query(`INSERT INTO metrics_check_result (differences, duration_ms, source) VALUES ($1, $2, 'metrics:rebuild')`, [
      diffs.length,
      Date.now() - t1,
    ])
    .catch((e) => {
      if (e.code !== '42P01') throw e; // a database from before migration MetricsCheckResult1765700000246
    });
  if (diffs.length > 0) {
    console.error(`metrics:check: ${diffs.length} difference(s) between the stored facts/counters and a recount:`);
    for (const d of diffs.slice(0, 50)) console.error(`  ${d.kind} ${d.key}: expected ${d.expected}, stored ${d.actual}`);
    process.exitCode = 1;
  } else {
    console.log(`metrics:check: facts and counters equal a recount (${((Date.now() - t1) / 1000).toFixed(1)} s)`);
  }
} finally {
  await client.end();
}
