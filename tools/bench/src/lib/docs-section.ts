// The sections of docs/benchmarks.md the benchmarks write: between `<!-- bench:NAME:start …-->`
// and `<!-- bench:NAME:end -->`, replaced whole on each run; the rest of the file is by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace';

export const BENCHMARKS_DOC = join(ROOT, 'docs/benchmarks.md');

/** The section's text with its markers. */
export const markedSection = (name: string, body: string): string =>
  `<!-- bench:${name}:start (written by \`npm run bench\`) -->\n${body}\n<!-- bench:${name}:end -->`;

/**
 * Writes section `name` (`markedSection`) into docs/benchmarks.md: in place of the old one, or, if
 * there is none, before the first heading (`## `) after `after`'s end marker (the first heading
 * when `after` is unset), or at the end.
 */
export function writeDocSection(name: string, section: string, after?: string): void {
  const doc = readFileSync(BENCHMARKS_DOC, 'utf8');
  const re = new RegExp(`<!-- bench:${name}:start[\\s\\S]*?<!-- bench:${name}:end -->`);
  if (re.test(doc)) {
    writeFileSync(
      BENCHMARKS_DOC,
      doc.replace(re, () => section),
    );
    return;
  }
  const at = doc.indexOf('\n## ', after ? doc.indexOf(`<!-- bench:${after}:end -->`) : 0);
  writeFileSync(BENCHMARKS_DOC, at < 0 ? `${doc}\n${section}\n` : `${doc.slice(0, at + 1)}${section}\n\n${doc.slice(at + 1)}`);
}
