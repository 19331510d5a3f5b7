#!/usr/bin/env node
// `npm start`: build the API and the console, then run the API, which also serves the console.
// `npm run start:api`: build and run the API alone. Honours PORT, DATABASE_URL, DEMO_DATA,
// ADMIN_PASSWORD and APP_CLOCK (API.md); with DATABASE_URL unset the API runs on an embedded
// PostgreSQL (PGlite) kept in DATA_DIR (default .data/pglite).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiOnly = process.argv.includes('--api-only');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

const projects = apiOnly ? 'api' : 'api,admin';
console.log(`building ${projects} …`);
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', projects, '--outputStyle=static'], { cwd: root, env, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const api = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/apps/api/main.js')], {
  cwd: root,
  env: { DEMO_DATA: '1', ...env, ...(apiOnly ? { CONSOLE_DIR: '' } : {}) },
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => api.kill(sig));
api.on('exit', (code) => process.exit(code ?? 0));
