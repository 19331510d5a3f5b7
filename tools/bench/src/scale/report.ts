// What a run of the national-scale bench reports: the recorded rows, the write goal set against
// the cores (the budget), the section of docs/benchmarks.md and test-output/bench-scale.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Cpu } from '../lib/cpu';
import { markedSection, writeDocSection } from '../lib/docs-section';
import { ROOT, round } from '../lib/workspace';
import { WARM_UP } from './bench';
import type { Bench, Outcome } from './bench';
import { log } from './dataset';
import { SQL_GROUP } from './yardsticks';

/** A row of the table as printed and kept in test-output/bench-scale.json. */
export interface RecordedRow {
  what: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  throughput: number;
  goal: string;
  met: string;
  failed: number;
  cpu: Cpu | null;
}

/** "API / PostgreSQL / driver" milliseconds of CPU an operation. */
const cpuCell = (c: Cpu | null): string =>
  c ? [c.api, c.pg, c.driver].map((x) => (Number.isFinite(x) ? x.toFixed(2) : '–')).join(' / ') : '—';

export function recordRow(o: Outcome): RecordedRow {
  const { m } = o;
  const r: RecordedRow = {
    what: o.what,
    n: m.n ?? m.ok ?? 0,
    p50: m.p50,
    p95: m.p95,
    p99: m.p99,
    throughput: m.throughput,
    goal: o.goal,
    met: o.met === undefined ? '—' : o.met ? 'yes' : '**no**',
    failed: m.failed ?? 0,
    cpu: m.cpu ?? null,
  };
  log(
    `${r.what}: p50 ${round(r.p50)} ms, p95 ${round(r.p95)} ms, p99 ${round(r.p99)} ms, ${round(r.throughput)}/s, ${r.n} ok, ${r.failed} failed${r.cpu ? `, CPU ms an op ${cpuCell(r.cpu)}` : ''}${m.failures?.length ? ` ${JSON.stringify(m.failures)}` : ''}`,
  );
  return r;
}

/**
 * The write goal against the machine's cores: at the goal (half pgbench's tps) the cores give each
 * approval `cores × 1000 / goal` ms of CPU, for the API, PostgreSQL and the driver together. Set
 * beside it what this run measured: a single approval through the API, PostgreSQL's share alone
 * (the SQL-alone row), and the floor route's request — the least any request costs the API and the
 * driver.
 */
export function budget(b: Bench, floorRow: RecordedRow, approveRow: RecordedRow, sqlRow: RecordedRow | undefined): string {
  const cores = cpus().length;
  const goal = b.pgbench.tps / 2;
  const ms = (cores * 1000) / goal;
  const sum = (c: Cpu): number => c.api + c.pg + c.driver;
  const f = (x: number): string => x.toFixed(2);
  const approveCpu = approveRow.cpu as Cpu;
  const floorCpu = floorRow.cpu as Cpu;
  const lines = [
    `**The write goal against the cores.** At the goal (½ × pgbench = ${round(goal)}/s) ${cores} cores give an approval ${f(ms)} ms of CPU`,
    `for the API, PostgreSQL and the driver together. In this run a single approval through the API cost ${f(approveCpu.api)} (API) + ${f(approveCpu.pg)} (PostgreSQL)`,
    `+ ${f(approveCpu.driver)} (driver) = ${f(sum(approveCpu))} ms, so these cores give at most ${round((cores * 1000) / sum(approveCpu))} single approvals a second.`,
  ];
  if (!sqlRow?.cpu || !Number.isFinite(sqlRow.cpu.pg))
    return [...lines, "PostgreSQL's share alone was not measured in this run."].join('\n');
  const floor = sqlRow.cpu.pg + floorCpu.api + floorCpu.driver;
  return [
    ...lines,
    `PostgreSQL alone, running the statements the API sends, ${SQL_GROUP} approvals a transaction, spent ${f(sqlRow.cpu.pg)} ms an approval (${round(sqlRow.throughput)}/s with both`,
    `cores its own), and the floor route — no token, no rule, one trivial query — cost the API ${f(floorCpu.api)} ms and the driver ${f(floorCpu.driver)} ms a request: ${f(floor)} ms`,
    floor > ms
      ? `before the API reads a token or a rule, above the ${f(ms)} ms budget. No approval sent as a request of its own meets the goal on this machine with this API and these statements.`
      : `before the API reads a token or a rule, within the ${f(ms)} ms budget: the difference is the API's own work on an approval.`,
  ].join('\n');
}

/** Writes the national-scale section of docs/benchmarks.md and test-output/bench-scale.json, and prints the table. */
export function writeReport(b: Bench, rows: readonly RecordedRow[], load: [number, number], budgetText: string): void {
  const { config, pgbench } = b;
  const s = b.info.summary;
  const cpu = cpus()[0]?.model ?? 'unknown';
  const seconds = Math.round(config.durationMs / 1000);
  const table = [
    '| what | ok | p50 ms | p95 ms | p99 ms | throughput /s | CPU ms an op: API / PostgreSQL / driver | goal | met? |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.n}${r.failed ? ` (+${r.failed} refused)` : ''} | ${round(r.p50)} | ${round(r.p95)} | ${round(r.p99)} | ${round(r.throughput)} | ${cpuCell(r.cpu)} | ${r.goal} | ${r.met} |`,
    ),
  ].join('\n');
  const section = markedSection(
    'scale',
    `## National scale (issue 8)

Command: \`npm run bench -- --scale ${config.scale}\` (seed ${config.seed}; data set in database \`${config.dbName}\` on the PostgreSQL 15 at
127.0.0.1:5432, generated by \`npm run generate\` and reused by later runs; each run measures a fresh copy of it,
\`${config.runDb}\`, so every run approves the same pending transfers and marks the same branch). The built API
(\`dist/apps/api/main.js\`, what \`npm start\` runs) serves the copy; a closed-loop driver
(\`tools/bench/src/lib/load.ts\`, keep-alive HTTP) measures each row end to end — a read row 200 requests from 4 clients
after ${WARM_UP} unmeasured ones (\`Meter.read\`), a write row 32 clients for ${seconds} s, the marking 15 markings
of one new branch (the first included); \`pgbench -N\` (32 clients,
2 threads, ${seconds} s, scale 10) runs on the same PostgreSQL in the same run as the yardstick.
The rows, their goals and how each is measured: \`tools/bench/src/scale/rows/\`.

Data set: scale ${config.scale} — ${s.orgs.toLocaleString('en')} orgs, ${s.members.toLocaleString('en')} members, ${s.transfers.toLocaleString('en')} transfers,
${s.accounts.toLocaleString('en')} accounts; graduates by cohort ${JSON.stringify(s.graduates)}; the busiest province holds ${b.places.provinceMembers.toLocaleString('en')} members.
Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL 15 (Debian, default
settings); measured ${new Date().toISOString().slice(0, 10)}; load average ${load[0].toFixed(1)} at the start, ${load[1].toFixed(1)} at the end
(other jobs share the 2 cores). \`pgbench -N\`: **${round(pgbench.tps)} tps** (latency average ${pgbench.latencyAvgMs} ms).
CPU an operation: the API's process, the PostgreSQL server (its postmaster and every process under it), and this driver (with the tools it ran), read from
\`/proc\` before and after the row (\`tools/bench/src/lib/cpu.ts\`) and divided by the row's operations.

${table}

${budgetText}`,
  );
  writeDocSection('scale', section);
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(
    join(ROOT, 'test-output/bench-scale.json'),
    JSON.stringify({ scale: config.scale, seed: config.seed, pgbench, rows, budget: budgetText }, null, 2),
  );
  console.log(`\n${table}\n\n${budgetText}\n`);
  log('docs/benchmarks.md updated');
}
