#!/usr/bin/env node
// First-load size of a console route, from the Vite manifest of the built console: the entry
// chunk, the route's chunk, and everything they import statically (what the browser fetches
// before the page can render), gzip-compressed as a server would send it.
// Usage: node tools/bench/first-load.mjs [src/pages/LoginPage.vue]   (after `nx build admin`)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '../../dist/apps/admin');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const route = process.argv[2] ?? 'src/pages/LoginPage.vue';

const chunks = new Set();
const css = new Set();
const visit = (key) => {
  const c = manifest[key];
  if (!c || chunks.has(c.file)) return;
  chunks.add(c.file);
  for (const f of c.css ?? []) css.add(f);
  for (const i of c.imports ?? []) visit(i);
};
visit('index.html');
visit(route);

const size = (files) =>
  [...files].map((f) => {
    const buf = readFileSync(join(dist, f));
    return { file: f, bytes: buf.length, gzip: gzipSync(buf).length };
  });
const js = size(chunks);
const styles = size(css);
const sum = (xs) => xs.reduce((s, x) => s + x.gzip, 0);
for (const f of [...js, ...styles])
  console.log(`${f.file.padEnd(48)} ${String(f.bytes).padStart(8)} B  ${String(f.gzip).padStart(7)} B gzip`);
console.log(
  `\n${route}: JavaScript ${(sum(js) / 1024).toFixed(1)} KB gzip in ${js.length} files; CSS ${(sum(styles) / 1024).toFixed(1)} KB gzip`,
);
