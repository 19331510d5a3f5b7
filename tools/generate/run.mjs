#!/usr/bin/env node
// `npm run generate -- --scale 0.05 [--seed N]`: build the generator (Nx, cached) and run it with
// the given arguments. Loads into DATABASE_URL, or into the embedded PGlite in DATA_DIR
// (default .data/pglite, the one `npm start` uses) when DATABASE_URL is unset.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const build = spawnSync('npx', ['nx', 'run', 'generate:build', '--outputStyle=static'], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(process.execPath, ['--max-old-space-size=8192', join(root, 'dist/tools/generate/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 1));
