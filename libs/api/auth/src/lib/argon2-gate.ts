import { AppError } from '@zhtj/api/core';
import { rateLimited } from '@zhtj/api/telemetry';

/**
 * Password hashing (argon2id) is the most expensive thing a caller can make this process do:
 * at most `concurrency` hashes run at once and at most `queue` wait; a caller past that gets
 * 429 at once instead of queueing behind a flood (issue 10 item 7). CPU belongs to the process,
 * so the gate is per process; the request budgets that feed it are shared in PostgreSQL.
 */
export class Argon2Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.queue) {
        rateLimited.inc({ limit: 'password_hashing' });
        throw new AppError('TOO_MANY_REQUESTS');
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; otherwise it is freed.
      if (next) next();
      else this.active--;
    }
  }
}
