#!/usr/bin/env node
// `npm start`: build the API and the console, then run the API, which also serves the console.
// `npm run start:api`: build and run the API alone. Honours PORT, DATABASE_URL, DEMO_DATA,
// ADMIN_PASSWORD and APP_CLOCK (API.md); with DATABASE_URL unset the API runs on an embedded
// PostgreSQL (PGlite) kept in DATA_DIR (default .data/pglite).
//
// What a newcomer sees: one line for the build (its full output only when it fails), the API's
// log lines, and last a short block with the addresses, the admin account (with the password
// generated for it, if any) and the demo accounts — the lines that used to scroll away behind
// hundreds of lines of chunk listings.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiOnly = process.argv.includes('--api-only');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

/** Files and bytes under a directory. */
function sizeOf(dir) {
  let files = 0;
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    const s = statSync(join(dir, String(name)));
    if (s.isFile()) {
      files++;
      bytes += s.size;
    }
  }
  return { files, bytes };
}
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const projects = apiOnly ? 'api' : 'api,admin';
const t0 = Date.now();
process.stdout.write(`building ${projects} … `);
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', projects, '--outputStyle=static'], {
  cwd: root,
  env,
  encoding: 'utf8',
  maxBuffer: 512 * 1024 * 1024,
});
if (build.status !== 0) {
  process.stdout.write('failed:\n');
  process.stdout.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  process.exit(build.status ?? 1);
}
const api = sizeOf(join(root, 'dist/apps/api'));
const built = [`api ${mb(api.bytes)}`];
if (!apiOnly) {
  const admin = sizeOf(join(root, 'dist/apps/admin'));
  built.push(`console ${admin.files} files, ${mb(admin.bytes)} (map outlines load on demand)`);
}
console.log(`done in ${Math.round((Date.now() - t0) / 1000)} s: ${built.join('; ')}`);

const server = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/apps/api/main.js')], {
  cwd: root,
  env: { DEMO_DATA: '1', ...env, ...(apiOnly ? { CONSOLE_DIR: '' } : {}) },
  stdio: ['inherit', 'pipe', 'inherit'],
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));

// The API logs JSON lines (pino); they pass through. Its start-up lines are gathered and, once
// they stop coming, summed up last.
const ready = { listening: null, admin: null, demo: [] };
let summaryTimer = null;
const summary = () => {
  const l = ready.listening;
  const lines = [
    '',
    '────────────────────────────────────────────────────────────',
    '团关系转接与监测平台 is running',
    `  console  ${l.console}`,
    `  API      ${l.api}   (OpenAPI: ${l.docs})`,
  ];
  if (l.metrics) lines.push(`  metrics  ${l.metrics}`);
  if (ready.admin)
    lines.push(
      `  admin    admin / ${ready.admin.generatedPassword ?? '(ADMIN_PASSWORD)'}${ready.admin.generatedPassword ? '   ← generated now: note it, it is not shown again' : ''}`,
    );
  if (ready.demo.length > 0) {
    lines.push('  demo accounts:');
    for (const a of ready.demo)
      lines.push(`    ${String(a.username).padEnd(12)} ${String(a.password).padEnd(12)} ${a.role}  ${a.org ?? ''}`);
  }
  lines.push('────────────────────────────────────────────────────────────', '');
  console.log(lines.join('\n'));
};
createInterface({ input: server.stdout }).on('line', (line) => {
  process.stdout.write(`${line}\n`);
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return;
  }
  if (entry.context !== 'start') return;
  if (entry.console) ready.listening = entry;
  else if (entry.msg === 'admin account created') ready.admin = entry;
  else if (entry.msg === 'demo account') ready.demo.push(entry);
  if (ready.listening) {
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(summary, 300);
  }
});
