import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors';

/**
 * Bounds on any request body or query, checked before validation (issue 10, items 1–2): the
 * validation pipe's work grows with the number of keys and the depth, so an unbounded body
 * stalls the process. The import of 5,000 rows (about 15 fields each) stays well inside.
 */
export const INPUT_LIMITS = {
  maxDepth: 16,
  maxKeysPerObject: 200,
  maxArrayLength: 10_000,
  maxNodes: 200_000,
} as const;

/** NUL (PostgreSQL text cannot hold it) and UTF-16 surrogates without their pair (not encodable as UTF-8). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses.
const BAD_CHARACTERS = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasBadCharacters(s: string): boolean {
  return BAD_CHARACTERS.test(s);
}

export type InputProblem = 'INPUT_TOO_COMPLEX' | 'INPUT_INVALID_CHARACTERS' | 'INPUT_NUMBER_OUT_OF_RANGE';

/**
 * Walks a parsed body or query without recursion (a deep document cannot overflow the stack)
 * and names the first problem, or null.
 */
export function inspectInput(value: unknown, limits = INPUT_LIMITS): InputProblem | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (++nodes > limits.maxNodes) return 'INPUT_TOO_COMPLEX';
    if (typeof v === 'string') {
      if (hasBadCharacters(v)) return 'INPUT_INVALID_CHARACTERS';
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) return 'INPUT_NUMBER_OUT_OF_RANGE';
    } else if (v !== null && typeof v === 'object') {
      if (depth >= limits.maxDepth) return 'INPUT_TOO_COMPLEX';
      if (Array.isArray(v)) {
        if (v.length > limits.maxArrayLength) return 'INPUT_TOO_COMPLEX';
        for (const item of v) stack.push({ v: item, depth: depth + 1 });
      } else {
        const keys = Object.keys(v);
        if (keys.length > limits.maxKeysPerObject) return 'INPUT_TOO_COMPLEX';
        for (const k of keys) {
          if (hasBadCharacters(k)) return 'INPUT_INVALID_CHARACTERS';
          stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1 });
        }
      }
    }
  }
  return null;
}

/** The decoded path segments, or a problem (NUL, unpaired surrogates, bad escapes). */
function inspectPath(path: string): InputProblem | null {
  for (const segment of path.split('/')) {
    if (!segment.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'INPUT_INVALID_CHARACTERS';
    }
    if (hasBadCharacters(decoded)) return 'INPUT_INVALID_CHARACTERS';
  }
  return null;
}

/**
 * Express middleware, after the body parsers and before routing: every body, query and path
 * under `/api` passes `inspectInput`, or the request ends here with a 400 in the API error shape.
 */
export function inputGuard(req: Request, _res: Response, next: NextFunction): void {
  if (!req.path.startsWith('/api')) return next();
  const problem = inspectPath(req.path) ?? inspectInput(req.query) ?? (req.body === undefined ? null : inspectInput(req.body));
  next(problem ? new AppError(problem) : undefined);
}
