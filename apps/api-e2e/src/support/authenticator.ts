import { generateSync } from 'otplib';

const PERIOD = 30;

/**
 * An authenticator app in a test: real TOTP codes (RFC 6238, otplib's defaults: SHA-1, 30 s,
 * 6 digits) from the secret the enrol route answered, by wall time. The server accepts a step
 * once and never one older than the newest it accepted, so `code()` hands out the current step or
 * the next (the server's window is ±1 step) and, when both were used, waits for the next step.
 */
export class Authenticator {
  private lastStep = -1;

  constructor(readonly secret: string) {}

  /** The code for the current step, for enrolment (its step counts as used, like a login). */
  current(): string {
    const step = Math.floor(Date.now() / 1000 / PERIOD);
    this.lastStep = Math.max(this.lastStep, step);
    return this.at(step);
  }

  /** A code the server has not seen yet. */
  async code(): Promise<string> {
    for (;;) {
      const now = Math.floor(Date.now() / 1000 / PERIOD);
      const step = [now, now + 1].find((s) => s > this.lastStep);
      if (step !== undefined) {
        this.lastStep = step;
        return this.at(step);
      }
      // Both usable steps were used: wait for the next one (no timing is asserted).
      await new Promise((r) => setTimeout(r, (now + 1) * PERIOD * 1000 - Date.now() + 50));
    }
  }

  /** A code the server has already accepted (the newest step), for replay tests. */
  used(): string {
    return this.at(this.lastStep);
  }

  at(step: number): string {
    return generateSync({ secret: this.secret, epoch: step * PERIOD });
  }
}

/** The claims of one of our tokens (not verified: the test only reads what the API put there). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
