// `npm run bench -- login-flood [--duration 30] [--workers 40] [--addresses 20] [--no-docs]` (after
// `nx run api:build`); also the last step of `npm run bench`.
//
// Issue 21 item 5: a login flood from many addresses must not shut known users out. Starts the built
// API (`dist/apps/api/main.js`) on a fresh database, behind a pretend proxy (TRUST_PROXY=loopback,
// each request's X-Forwarded-For names its client, documentation addresses of RFC 5737), and runs
// two scenarios for `duration` seconds each:
//   A. settings as shipped: `workers` clients from `addresses` addresses send wrong passwords for
//      made-up names (the address budget, then the challenge, answer most of them);
//   B. the password-hashing gate saturated: the address budget and the challenge threshold raised
//      out of reach, so every flood request costs an argon2 hash — what a flood that solves
//      captchas, or comes from very many addresses, would cost; only the gate's lanes stand.
// Meanwhile a known user (a device cookie from an earlier login) logs in again and again from its
// own address, one login at a time; in B a first-time user (no cookie) does the same, answering the
// challenge it is asked for, for contrast. Writes the figures into docs/benchmarks.md (and test-output/login-flood.json).
// Measured, never asserted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { markedSection, writeDocSection } from '../lib/docs-section';
import { ROOT, round } from '../lib/workspace';
import { DB_NAME, THINK_MS, log, scenario } from './scenario';
import type { FloodSettings, ScenarioFigures, UserFigures } from './scenario';

const answers = (a: Record<string, number>): string =>
  Object.entries(a)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${v} × ${k}`)
    .join(', ');

const cell = (x: number): number | string => round(x, '—');

function table(runs: readonly ScenarioFigures[]): string {
  const row = (r: ScenarioFigures, who: string, u: UserFigures): string =>
    `| ${r.name} | ${who} | ${u.attempts} | ${u.ok} | ${u.refused429} | ${cell(u.latency.p50)} | ${cell(u.latency.p95)} | ${cell(u.latency.max)} | ${answers(u.answers)} |`;
  return [
    '| scenario | who | logins | logged in | 429 answers | p50 ms | p95 ms | max ms | answers |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.flatMap((r) => [
      row(r, 'known user (device cookie)', r.known),
      ...(r.newcomer ? [row(r, 'first-time user (no cookie)', r.newcomer)] : []),
      `| ${r.name} | the flood | ${r.flood.requests} | ${r.flood.answers['200'] ?? 0} | ${r.flood.refused429} | ${cell(r.flood.latency.p50)} | ${cell(r.flood.latency.p95)} | ${cell(r.flood.latency.max)} | ${answers(r.flood.answers)} |`,
    ]),
  ].join('\n');
}

function section(s: FloodSettings, load: [number, number], met: boolean, figures: string): string {
  const seconds = s.durationMs / 1000;
  return markedSection(
    'login-flood',
    `## Login under a flood from many addresses (issue 21 finding 5)

Command: \`npm run bench -- login-flood --duration ${seconds} --workers ${s.workers} --addresses ${s.addresses}\` (after
\`npx nx run api:build\`; also the last step of \`npm run bench\`). The built API (\`dist/apps/api/main.js\`) on a fresh database
\`${DB_NAME}\` (PostgreSQL 15 at 127.0.0.1:5432), \`TRUST_PROXY=loopback\` with each client named by X-Forwarded-For,
argon2 gate as shipped (ARGON2_CONCURRENCY 2, ARGON2_QUEUE 32, ARGON2_ANON_QUEUE 16). For ${seconds} s, ${s.workers} closed-loop
workers from ${s.addresses} addresses (203.0.113.1–${s.addresses}) send wrong passwords for made-up names while a known user — with the
device cookie of an earlier login — logs in from its own address again and again (one at a time, ${THINK_MS} ms apart).
A: settings as shipped (LOGIN_RATE_LIMIT 60 a minute an address, a challenge after 3 failures). B: the address budget and
the challenge threshold raised out of reach, so every flood request costs a hash — the gate's lanes alone (a first-time user
without a cookie logs in alongside; asked for a challenge when the anonymous lane is full, it answers it — the answer read from
the database at once, where a person reads the image — and its login's latency includes that round trip).
A user's "logins" are logins attempted, "logged in" those that ended in 200; "429 answers" and "answers" count every request.
Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; measured
${new Date().toISOString().slice(0, 10)}; load average ${load[0].toFixed(1)} at the start, ${load[1].toFixed(1)} at the end (other jobs share the 2 cores).
Goal: the known user's logins p95 ≤ 2 s and none refused — **${met ? 'met' : 'not met'}**. Before this change (issue 21): 8 of 9 real
logins got 429 and the 9th took 17.7 s.

${figures}`,
  );
}

export async function loginFlood(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      duration: { type: 'string', default: '30' },
      workers: { type: 'string', default: '40' },
      addresses: { type: 'string', default: '20' },
      'no-docs': { type: 'boolean', default: false },
    },
  });
  const settings: FloodSettings = {
    durationMs: Number(values.duration) * 1000,
    workers: Number(values.workers),
    addresses: Number(values.addresses),
  };
  const loadBefore = loadavg()[0] as number;
  const shipped = await scenario(settings, 'A. settings as shipped', {});
  const saturated = await scenario(
    settings,
    'B. gate saturated (address budget and challenge out of reach)',
    { LOGIN_RATE_LIMIT: '1000000', LOGIN_CAPTCHA_AFTER_FAILURES: '1000000' },
    { withNewcomer: true },
  );
  const loadAfter = loadavg()[0] as number;
  const runs = [shipped, saturated];
  const figures = table(runs);
  const met = runs.every((r) => r.known.refused429 === 0 && r.known.latency.p95 <= 2000);
  console.log(`\n${figures}\n`);
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(join(ROOT, 'test-output/login-flood.json'), JSON.stringify({ runs, met }, null, 2));
  if (!values['no-docs']) {
    // A new section goes before the first hand-written one after the national-scale section.
    writeDocSection('login-flood', section(settings, [loadBefore, loadAfter], met, figures), 'scale');
    log('docs/benchmarks.md updated');
  }
}
