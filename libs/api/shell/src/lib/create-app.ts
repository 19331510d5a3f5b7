import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AsyncResource } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AllExceptionsFilter, Clock, RequestContext, bodyParsers, createValidationPipe, inputGuard, securityHeaders } from '@zhtj/api/core';
import { JsonLogger, requestTelemetry } from '@zhtj/api/telemetry';
import { BootstrapOptions, BootstrapResult, bootstrapDatabase } from '@zhtj/api/bootstrap';
import { ReadReplicas } from '@zhtj/api/db';
import { AppModule, AppOptions } from './app.module';
import { consoleStatic } from './console-static';
import { parseTrustProxy } from './trust-proxy';

export interface CreateAppOptions extends AppOptions {
  bootstrap: BootstrapOptions;
  /** Built console to serve at `/` (single-page app), when present. */
  consoleDir?: string;
  /**
   * Where logs go: a `JsonLogger` (apps/api's main.ts: JSON lines on stdout, an access line per
   * request); `false` for tests (errors only, Nest's plain logger, no access lines). Unset: a
   * new `JsonLogger`.
   */
  logger?: false | JsonLogger;
}

/** Builds the whole API: used by main.ts and by the e2e tests alike. */
export async function createApp(opts: CreateAppOptions): Promise<{ app: NestExpressApplication; bootstrap: BootstrapResult }> {
  const logger = opts.logger === false ? null : (opts.logger ?? new JsonLogger());
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(opts), {
    logger: logger ?? ['error'],
    // Parsers are ours (bodyParsers): a small limit on every route but the few named large ones.
    bodyParser: false,
  });
  // The request id and the request's context (AsyncLocalStorage) first: every answer carries
  // `x-request-id`, every log line of the request its id, and every request is timed by route.
  // The auth guard fills in the actor, DataScope reads it.
  app.use(requestTelemetry(logger));
  // Headers next, so that every answer carries them, refusals included (issue 10 item 12).
  app.use(securityHeaders);
  app.use(bodyParsers());
  // Bounds and forbidden characters, before routing and validation (issue 10 items 1–2).
  app.use(inputGuard);
  // Behind a reverse proxy (docker-compose), client addresses come from X-Forwarded-For.
  const trustProxy = parseTrustProxy(process.env['TRUST_PROXY']);
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  // A request that only reads may have its lag-tolerant reads answered by a hot standby
  // (requestTelemetry opens its context with readsMayLag); after one that writes, its caller's
  // reads stay on the primary for REPLICA_MAX_LAG_MS (ReadReplicas).
  const replicas = app.get(ReadReplicas);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.once(
        'finish',
        AsyncResource.bind(() => {
          const actor = RequestContext.actorOrNull();
          if (actor) replicas.noteWriter(actor.userId);
        }),
      );
    }
    next();
  });
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  // No enableShutdownHooks: apps/api's main.ts closes the app once on SIGINT/SIGTERM (then the
  // embedded database); Nest's own hooks closed the pool a second time ("Called end on pool more than once").

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('团关系转接与监测平台 API')
      .setDescription('Graduate League-relationship transfer and SX/XS monitoring. Errors: {statusCode, code, message, messageEn}.')
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });

  if (opts.consoleDir && existsSync(join(opts.consoleDir, 'index.html'))) {
    app.use(consoleStatic(opts.consoleDir));
  }

  const bootstrap = await bootstrapDatabase(app.get(DataSource), {
    now: app.get(Clock).now(),
    embedded: opts.embedded,
    ...opts.bootstrap,
  });
  await app.init();
  return { app, bootstrap };
}
