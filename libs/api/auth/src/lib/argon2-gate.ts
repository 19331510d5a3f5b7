import { AppError } from '@zhtj/api/core';
import { rateLimited } from '@zhtj/api/telemetry';

/**
 * Who is asking for a hash. `trusted`: a login from a client this account logged in from before
 * (a valid device cookie naming it) or one that answered a challenge; `anonymous`: everyone else,
 * a flood included.
 */
export type Argon2Lane = 'trusted' | 'anonymous';

/**
 * Password hashing (argon2id) is the most expensive thing a caller can make this process do:
 * at most `concurrency` hashes run at once; a caller past that waits in its lane's queue, or
 * gets 429 at once when the queue is full (issue 10 item 7). CPU belongs to the process, so the
 * gate is per process; the request budgets that feed it are shared in PostgreSQL.
 *
 * Fairness (issue 21 item 5): a flood of anonymous logins must not keep known users out. A freed
 * slot goes to the oldest trusted waiter before any anonymous one; at most `anonymousQueue`
 * anonymous callers wait; when all `queue` places are taken, a trusted caller takes the place of
 * the newest anonymous waiter (which gets the 429) — the anonymous lane is shed first.
 */
/** A caller refused by the gate (429), counted for /metrics. */
function refused(): AppError {
  rateLimited.inc({ limit: 'password_hashing' });
  return new AppError('TOO_MANY_REQUESTS');
}

export class Argon2Gate {
  private active = 0;
  private readonly waiting: Record<Argon2Lane, { resolve: () => void; reject: (e: unknown) => void }[]> = { trusted: [], anonymous: [] };

  constructor(
    readonly concurrency: number,
    /** Waiting places in all. */
    readonly queue: number,
    /** Of those, at most this many anonymous callers. */
    readonly anonymousQueue: number = queue,
  ) {}

  /** Callers waiting now, per lane (for tests and metrics). */
  get queued(): Record<Argon2Lane, number> {
    return { trusted: this.waiting.trusted.length, anonymous: this.waiting.anonymous.length };
  }

  async run<T>(work: () => Promise<T>, lane: Argon2Lane = 'anonymous'): Promise<T> {
    if (this.active >= this.concurrency) await this.wait(lane);
    else this.active++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, trusted first; otherwise it is freed.
      const next = this.waiting.trusted.shift() ?? this.waiting.anonymous.shift();
      if (next) next.resolve();
      else this.active--;
    }
  }

  private wait(lane: Argon2Lane): Promise<void> {
    const total = this.waiting.trusted.length + this.waiting.anonymous.length;
    if (lane === 'anonymous') {
      if (this.waiting.anonymous.length >= this.anonymousQueue || total >= this.queue) throw refused();
    } else if (total >= this.queue) {
      // Shed the newest anonymous waiter to make room; with none, the trusted lane itself is full.
      const shed = this.waiting.anonymous.pop();
      if (!shed) throw refused();
      shed.reject(refused());
    }
    return new Promise<void>((resolve, reject) => this.waiting[lane].push({ resolve, reject }));
  }
}

/**
 * This process's gate, one for every service that hashes a password (login, reset, change,
 * account creation), sized by ARGON2_CONCURRENCY, ARGON2_QUEUE and ARGON2_ANON_QUEUE when the app
 * is created; a provider of the auth module (`app.get(Argon2Gate)` in tests).
 */
export function argon2GateFromEnv(): Argon2Gate {
  return new Argon2Gate(
    Number(process.env['ARGON2_CONCURRENCY'] ?? 2),
    Number(process.env['ARGON2_QUEUE'] ?? 32),
    Number(process.env['ARGON2_ANON_QUEUE'] ?? 16),
  );
}
