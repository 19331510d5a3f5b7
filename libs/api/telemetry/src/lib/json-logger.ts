import type { LoggerService, LogLevel } from '@nestjs/common';
import pino from 'pino';
import type { DestinationStream, Logger as Pino } from 'pino';
import { RequestContext } from '@zhtj/api/core';

/** Nest's start-up chatter (modules loaded, every route mapped): debug, not info. */
const FRAMEWORK_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * The API's logs as JSON lines on stdout (pino), behind Nest's `LoggerService`: whatever logs
 * through Nest's `Logger` — the exception filter, the sweep, Nest itself — writes one line with
 * `level`, `time`, `context`, `msg` and, inside a request, its `requestId` (from the
 * AsyncLocalStorage `RequestContext`). Errors carry their stack. Nothing here logs request
 * bodies, headers or URLs: the access line (`requestTelemetry`) names the route template only.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Pino;

  constructor(level = process.env['LOG_LEVEL'] ?? 'info', destination?: DestinationStream) {
    this.pino = pino(
      {
        level,
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => {
          const requestId = RequestContext.requestId();
          return requestId ? { requestId } : {};
        },
      },
      destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    const context = contextOf(rest);
    if (context && FRAMEWORK_CONTEXTS.has(context)) this.write('debug', message, rest);
    else this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest's signature: error(message, stack?, context?).
    const context = contextOf(rest);
    const stack = rest.length > (context ? 1 : 0) && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.pino.error({ context, err: message }, message.message);
    else this.pino.error({ context, ...(stack ? { stack } : {}) }, String(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  setLogLevels(_levels: LogLevel[]): void {
    // The level is LOG_LEVEL's (pino); Nest's own list does not narrow it further.
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'fatal', message: unknown, rest: unknown[]): void {
    const context = contextOf(rest);
    if (message instanceof Error) this.pino[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message });
    else this.pino[level]({ context }, String(message));
  }
}

/** Nest passes the logger's context as the last string argument. */
function contextOf(rest: unknown[]): string | undefined {
  const last = rest[rest.length - 1];
  return typeof last === 'string' ? last : undefined;
}
