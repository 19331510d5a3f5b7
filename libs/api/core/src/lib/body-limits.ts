import { json, urlencoded } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from './errors';

const KB = 1024;

/** What a JSON or form body may weigh (bytes) on any route not named in `LARGE_BODY_ROUTES`. */
export const SMALL_BODY_LIMIT = 16 * KB;

/**
 * The routes that take more than a few kilobytes, with their limit (method and path after the
 * `/api` prefix). Every other route — login, reset codes and passwords, logout, users, transfers,
 * orgs … — needs a few hundred bytes: 8 clients sending 3.2 MB to `/api/auth/login` had kept
 * /api/health at 1.3–2.3 s while the bodies were read and parsed (issue 21 finding 6). Past the
 * limit the body is refused from its Content-Length, before it is read (413 `BODY_TOO_LARGE`).
 */
export const LARGE_BODY_ROUTES: Readonly<Record<string, number>> = {
  // MEMBER_IMPORT_MAX_ROWS (5,000) rows of about 15 fields.
  'POST /api/members/import': 5 * KB * KB,
  // GRADUATION_IMPORT_MAX_ROWS (5,000) rows of four short fields.
  'POST /api/members/graduation/import': 2 * KB * KB,
  // Up to 1,000 branch ids (BulkGraduationDto) at 39 bytes each.
  'PUT /api/orgs/graduation': 64 * KB,
  // Up to 500 member ids (BULK_DESTINATION_MAX) at 39 bytes each.
  'PUT /api/members/graduation': 64 * KB,
};

/** One JSON and one form parser per limit, chosen by the request's route before anything is read. */
export function bodyParsers(): RequestHandler {
  const limits = new Set([SMALL_BODY_LIMIT, ...Object.values(LARGE_BODY_ROUTES)]);
  const parsers = new Map<number, RequestHandler[]>(
    [...limits].map((limit) => [limit, [json({ limit }), urlencoded({ limit, extended: false })]]),
  );
  return (req: Request, res: Response, next: NextFunction) => {
    const limit = LARGE_BODY_ROUTES[`${req.method} ${req.path}`] ?? SMALL_BODY_LIMIT;
    // Declared too large: refused without reading it (the parser would read the whole body off
    // the socket first), and the connection closed after the answer so the rest is never read.
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      res.setHeader('Connection', 'close');
      return next(new AppError('BODY_TOO_LARGE'));
    }
    const [parseJson, parseForm] = parsers.get(limit) as RequestHandler[];
    (parseJson as RequestHandler)(req, res, (err?: unknown) => (err ? next(err) : (parseForm as RequestHandler)(req, res, next)));
  };
}
