import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Keys older than this are swept now and then (a window or lock longer than a day is not used). */
const KEEP_MS = 24 * 3600_000;

/**
 * Counters in the `throttle` table (migration 1764600000000), shared by every API process on the
 * database: each call is one atomic upsert, so two replicas (or two parallel requests) never
 * both take the last unit of a budget. `now` is passed in: wall time for rate limits, the app
 * clock for lockouts (so tests can move past them).
 */
@Injectable()
export class ThrottleStore {
  private calls = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Counts one hit on `key` in a fixed window; false when the key is over `limit` in it. */
  async hit(key: string, limit: number, windowMs: number, now: Date = new Date()): Promise<boolean> {
    return (await this.hitWindow(key, limit, windowMs, now)).ok;
  }

  /** As `hit`, with the end of the key's current window (a refusal holds until then). */
  async hitWindow(key: string, limit: number, windowMs: number, now: Date = new Date()): Promise<{ ok: boolean; resetAt: Date }> {
    const rows: { hits: number; window_start: Date }[] = await this.ds.query(
      `INSERT INTO throttle AS t (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $3::double precision / 1000) THEN 1 ELSE t.hits + 1 END,
         window_start = CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $3::double precision / 1000) THEN $2 ELSE t.window_start END
       RETURNING hits, window_start`,
      [key, now, windowMs],
    );
    void this.sweepNowAndThen(now);
    const start = rows[0]?.window_start ?? now;
    return { ok: (rows[0]?.hits ?? 0) <= limit, resetAt: new Date(start.getTime() + windowMs) };
  }

  /** Hits counted on `key` in its current window of `windowMs` (0 once the window has passed), without counting one, and the window's end. */
  async count(key: string, windowMs: number, now: Date): Promise<{ hits: number; resetAt: Date | null }> {
    const rows: { hits: number; window_start: Date }[] = await this.ds.query(
      `SELECT hits, window_start FROM throttle WHERE key = $1 AND window_start > $2::timestamptz - make_interval(secs => $3::double precision / 1000)`,
      [key, now, windowMs],
    );
    const row = rows[0];
    return row ? { hits: row.hits, resetAt: new Date(row.window_start.getTime() + windowMs) } : { hits: 0, resetAt: null };
  }

  /** The instant `key` is blocked until, when it is blocked at `now`. */
  async blockedUntil(key: string, now: Date): Promise<Date | null> {
    const rows: { blocked_until: Date | null }[] = await this.ds.query(
      `SELECT blocked_until FROM throttle WHERE key = $1 AND blocked_until > $2`,
      [key, now],
    );
    return rows[0]?.blocked_until ?? null;
  }

  /**
   * Counts one failure on `key`; the `max`-th failure blocks the key for `blockMs` and starts a
   * new count. Returns the new block's end when this failure set it, else null. A block that
   * ran out starts a new count.
   */
  async fail(key: string, max: number, blockMs: number, now: Date): Promise<Date | null> {
    const rows: { hits: number; blocked_until: Date | null }[] = await this.ds.query(
      `INSERT INTO throttle AS t (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN t.blocked_until IS NOT NULL AND t.blocked_until <= $2 THEN 1
                     WHEN t.blocked_until > $2 THEN t.hits
                     ELSE t.hits + 1 END,
         blocked_until = CASE WHEN t.blocked_until IS NOT NULL AND t.blocked_until <= $2 THEN NULL ELSE t.blocked_until END,
         window_start = $2
       RETURNING hits, blocked_until`,
      [key, now],
    );
    const row = rows[0];
    if (!row || row.blocked_until || row.hits < max) return null;
    const until = new Date(now.getTime() + blockMs);
    // Only the failure that reaches `max` sets the block (a parallel one sees it set and stops).
    // In a CTE, so the driver hands back the rows: TypeORM answers a bare UPDATE with [rows, count],
    // whose length (2) read as "this failure set the block" for every parallel failure too.
    const set: { blocked_until: Date }[] = await this.ds.query(
      `WITH b AS (UPDATE throttle SET blocked_until = $2, hits = 0 WHERE key = $1 AND blocked_until IS NULL AND hits >= $3 RETURNING blocked_until) SELECT blocked_until FROM b`,
      [key, until, max],
    );
    return set.length > 0 ? until : null;
  }

  /** Forgets every key starting with `prefix` (e.g. an account's lockouts after a password reset). */
  async clear(prefix: string): Promise<void> {
    await this.ds.query(`DELETE FROM throttle WHERE key LIKE $1`, [`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  }

  private async sweepNowAndThen(now: Date): Promise<void> {
    if (++this.calls % 1000 !== 0) return;
    await this.ds
      .query(`DELETE FROM throttle WHERE window_start < $1 AND (blocked_until IS NULL OR blocked_until < $1)`, [
        new Date(now.getTime() - KEEP_MS),
      ])
      .catch(() => undefined);
  }
}
