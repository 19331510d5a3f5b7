import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for every rule (STYLE.md: the clock is a value). With
 * `APP_CLOCK=controllable`, `PUT /api/test/clock` freezes it at a chosen instant.
 */
@Injectable()
export class Clock {
  private fixed: Date | null = null;
  readonly controllable = process.env['APP_CLOCK'] === 'controllable';

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  set(instant: Date): void {
    if (!this.controllable) throw new Error('The clock is not controllable');
    this.fixed = instant;
  }
}

/**
 * Runs a system job every `ms` in this process, and at once when `runNow`; never with a
 * controllable clock (tests run jobs on demand). Returns the stopper for `onModuleDestroy`.
 * Jobs that must run in one replica at a time take their own advisory lock.
 */
export function scheduleEvery(
  clock: Clock,
  ms: number,
  task: () => Promise<unknown>,
  opts: { runNow?: boolean; onError?: (e: Error) => void } = {},
): () => void {
  if (clock.controllable) return () => undefined;
  const run = (): void => void task().catch((e: Error) => opts.onError?.(e));
  if (opts.runNow) run();
  const timer = setInterval(run, ms);
  timer.unref();
  return () => clearInterval(timer);
}
