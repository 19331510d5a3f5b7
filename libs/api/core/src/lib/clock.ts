import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

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

/**
 * A system job this process runs every `everyMs` while the app runs, and at start when `runNow`
 * (`scheduleEvery`: never with a controllable clock); a failed run is logged under `name`.
 */
export abstract class ScheduledJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log: Logger;
  private stop: () => void = () => undefined;

  protected constructor(
    protected readonly clock: Clock,
    private readonly schedule: { name: string; everyMs: number; runNow?: boolean },
  ) {
    this.log = new Logger(schedule.name);
  }

  /** What each scheduled run does. */
  protected abstract runScheduled(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.stop = scheduleEvery(this.clock, this.schedule.everyMs, () => this.runScheduled(), {
      runNow: this.schedule.runNow === true,
      onError: (e) => this.log.error(e.message, e.stack),
    });
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
