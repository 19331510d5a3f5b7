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
