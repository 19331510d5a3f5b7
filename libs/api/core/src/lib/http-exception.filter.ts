import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, errorEntry } from './errors';

const STATUS_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'BODY_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
};

/** Every error leaves the API in one shape: `{statusCode, code, message, messageEn}` (API.md). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof AppError) {
      res.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const body = toBody(exception);
    // With its stack; the JSON logger adds the request's id (x-request-id) to the line.
    if (body.statusCode >= 500)
      this.log.error(
        exception instanceof Error ? exception.message : String(exception),
        exception instanceof Error ? exception.stack : undefined,
      );
    res.status(body.statusCode).json(body);
  }
}

function toBody(exception: unknown): { statusCode: number; code: string; message: string; messageEn: string } {
  // body-parser: malformed JSON and oversize bodies carry `type` and `status`.
  const e = exception as { type?: string; status?: number };
  if (e && e.type === 'entity.parse.failed') return fromCode('MALFORMED_JSON');
  if (e && e.type === 'entity.too.large') return fromCode('BODY_TOO_LARGE');
  // A race between two writers ends at a database constraint: answer it as a conflict.
  const driver = (exception as { driverError?: { code?: string } } | null)?.driverError;
  if (driver?.code === '23505') return fromCode('ALREADY_EXISTS');
  if (driver?.code === '23503') return fromCode('STILL_REFERENCED');
  // Two transactions locking the same rows in opposite orders (batch approvals sharing a member):
  // PostgreSQL aborts one; nothing of it was written, and the same request again goes through.
  if (driver?.code === '40P01' || driver?.code === '40001') return fromCode('CONCURRENT_UPDATE');
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest maps body-parser's SyntaxError to a plain BadRequestException carrying its message.
    if (status === 400 && /JSON/i.test(exception.message)) return fromCode('MALFORMED_JSON');
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    return { ...fromCode(code), statusCode: status };
  }
  return fromCode('INTERNAL_ERROR');
}

function fromCode(code: string): { statusCode: number; code: string; message: string; messageEn: string } {
  const entry = errorEntry(code);
  return { statusCode: entry.http, code, message: entry.zh, messageEn: entry.en };
}
