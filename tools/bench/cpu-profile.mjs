#!/usr/bin/env node
// Summarises a V8 CPU profile of the API: where the process spends its time, by package and by
// function (self time). Capture one with
//   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/apps/api/main.js   (then load it, then SIGINT)
// and run `node tools/bench/cpu-profile.mjs /tmp/prof/*.cpuprofile`.
import { readFileSync } from 'node:fs';

const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const selfTime = new Map();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
  total += dt;
});

function bucket(node) {
  const { functionName, url = '' } = node.callFrame;
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(gc)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes('dist/')) return 'our code (dist/)';
  if (url.startsWith('node:')) return 'node core';
  return functionName || '(program)';
}

function top(keyOf, n) {
  const sums = new Map();
  for (const [id, t] of selfTime) {
    const k = keyOf(byId.get(id));
    sums.set(k, (sums.get(k) ?? 0) + t);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, n);
}

const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
for (const [k, t] of top(bucket, 12)) console.log(`${pct(t)}  ${k}`);
console.log('— functions (self time)');
for (const [k, t] of top(
  (n) =>
    `${n.callFrame.functionName || '(anonymous)'} ${(n.callFrame.url || '').replace(/.*node_modules\//, '')}:${n.callFrame.lineNumber}`,
  15,
)) {
  console.log(`${pct(t)}  ${k}`);
}
