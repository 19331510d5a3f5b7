import { isInRegion } from '@zhtj/domain';

/**
 * The GB/T 2260 codes from just below `root` down to `code`: province XX0000, city XXXX00,
 * county XXXXXX — what a cascader needs to show a stored code.
 */
export function regionPath(code: string, root: string): string[] {
  const candidates = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code];
  const out: string[] = [];
  for (const c of candidates) {
    if (c === root || out.includes(c) || !isInRegion(c, root)) continue;
    out.push(c);
  }
  return out;
}
