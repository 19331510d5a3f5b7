import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { RequestContext } from '@zhtj/api/core';
import { httpRequestDuration } from './instruments';
import type { JsonLogger } from './json-logger';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming id is kept when it is short and plain (a proxy's or a client's trace id); else a new one is made. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of a request: the caller's `x-request-id` when it is sane, else a new UUID. */
export function requestIdOf(req: Request): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The route a request matched, as its template (`/api/transfers/:id`), never the raw path: ids,
 * ID numbers in a search or a typo would make a label per request. Requests that matched no
 * route are `(unmatched)` when answered 404 (unknown routes), else `(none)` (static console
 * files, refusals of the body parser or the input guard before routing).
 */
export function routeTemplateOf(req: Request, status: number): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl ?? ''}${path}`;
  return status === 404 ? '(unmatched)' : '(none)';
}

/**
 * First middleware of the API (createApp): gives the request its id, answers it in
 * `x-request-id` on every response (refusals and errors included), opens the request's
 * `RequestContext` with it, and when the response is done observes
 * `zhtj_http_request_duration_seconds` and writes one access line (method, route template,
 * status, duration, request id, user id when known — never the URL, headers or body).
 */
export function requestTelemetry(logger: JsonLogger | null): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const started = process.hrtime.bigint();
    RequestContext.run(
      () => {
        const context = RequestContext.current();
        let done = false;
        const finish = (): void => {
          if (done) return;
          done = true;
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          // A client that went away before the answer: 499, as nginx counts it.
          const status = res.writableFinished ? res.statusCode : 499;
          const route = routeTemplateOf(req, status);
          httpRequestDuration.observe({ method: req.method, route, status: String(status) }, seconds);
          if (logger) {
            const userId = context?.actor?.userId;
            const line = {
              requestId,
              method: req.method,
              route,
              status,
              durationMs: Math.round(seconds * 10_000) / 10,
              ...(userId ? { userId } : {}),
            };
            if (status >= 500) logger.pino.error(line, 'request');
            else logger.pino.info(line, 'request');
          }
        };
        res.once('finish', finish);
        res.once('close', finish);
        next();
      },
      { requestId, readsMayLag: req.method === 'GET' || req.method === 'HEAD' },
    );
  };
}
