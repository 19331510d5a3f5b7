#!/usr/bin/env node
// `npm run bench -- [login-flood | export] [flags]`: build the benchmarks (Nx, cached) and run them
// with the given arguments (src/main.ts). The national-scale table by default:
//   npm run bench -- --scale 0.05 [--seed 1] [--duration 15] [--skip-vitest] [--skip-login-flood]
// the login flood: npm run bench -- login-flood [--duration 30] [--workers 40] [--addresses 20] [--no-docs]
// the member export alone: npm run bench -- export [--rows 50000] [--parallel 4]
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const build = spawnSync('npx', ['nx', 'run', 'bench:build', '--outputStyle=static'], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(process.execPath, [join(root, 'dist/tools/bench/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 1));
