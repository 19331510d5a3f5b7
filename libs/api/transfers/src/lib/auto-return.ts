import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AUTO_RETURN_DAYS, isDueForAutoReturn } from '@zhtj/domain';
import { Clock, ScheduledJob } from '@zhtj/api/core';
import { AuditService, ScopedDb } from '@zhtj/api/db';
import { autoReturned, recordJob } from '@zhtj/api/telemetry';

/** How often each API process offers to run the sweep; one of them runs it (the advisory lock). */
export const SWEEP_EVERY_MS = 10 * 60_000;
/** Transfers returned per transaction: short locks, so approvals go on while a big sweep runs. */
const SWEEP_BATCH = 5_000;
/** Connections that return batches at once (each its own transaction). */
const SWEEP_CONNECTIONS = 2;
/** pg advisory lock key of the sweep (any constant bigint shared by every replica). */
export const SWEEP_LOCK_KEY = 7_310_012_001;

export interface SweepResult {
  expired: number;
  ids: string[];
  /** Another process holds the sweep: nothing was done here. */
  skipped?: boolean;
}

/**
 * §3.2.3: the 10-day automatic return (`expired`), as a system job. It runs in one process at a
 * time across every API replica (a PostgreSQL session advisory lock), reads the candidates through
 * the pending-transfer index, lets the domain's `isDueForAutoReturn` decide each, and returns
 * them in batches of set-based UPDATEs with their audit entries in the same transaction.
 */
@Injectable()
export class AutoReturnSweep extends ScheduledJob {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    clock: Clock,
  ) {
    super(clock, { name: 'AutoReturnSweep', everyMs: SWEEP_EVERY_MS });
  }

  protected override runScheduled(): Promise<unknown> {
    return this.runUnscoped();
  }

  /** Unscoped by design: a system job over every transfer in the country. Recorded as job `auto_return`. */
  async runUnscoped(): Promise<SweepResult> {
    const result = await recordJob(
      'auto_return',
      () => this.sweepUnscoped(),
      (r) => r.skipped === true,
    );
    autoReturned.inc(result.expired);
    return result;
  }

  private async sweepUnscoped(): Promise<SweepResult> {
    const now = this.clock.now();
    const runner = this.db.systemRunner('transfers.auto-return');
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [SWEEP_LOCK_KEY])) as [{ locked: boolean }];
      if (!locked) return { expired: 0, ids: [], skipped: true };
      try {
        // Pending for at least the 10 days is necessary (the partial index on pending transfers); the domain decides.
        const candidates = (await runner.query(
          `SELECT id, initiated_at, (to_org_id IS NULL AND external_org_name IS NOT NULL) AS external
             FROM transfer WHERE status = 'pending' AND initiated_at <= $1`,
          [new Date(now.getTime() - AUTO_RETURN_DAYS * 86_400_000)],
        )) as { id: string; initiated_at: Date; external: boolean }[];
        const due = candidates
          .filter((t) => isDueForAutoReturn({ status: 'pending', initiatedAt: t.initiated_at, external: t.external }, now))
          .map((t) => t.id);
        // Batches on SWEEP_CONNECTIONS connections at once (disjoint ids, so they never wait on
        // each other): the database's work per returned transfer (its row and six index entries,
        // the audit entry) is spread over cores instead of one backend's.
        const batches: string[][] = [];
        for (let i = 0; i < due.length; i += SWEEP_BATCH) batches.push(due.slice(i, i + SWEEP_BATCH));
        const returned: string[][] = [];
        let next = 0;
        const worker = async (): Promise<void> => {
          const r = this.db.systemRunner('transfers.auto-return');
          await r.connect();
          try {
            for (let b = next++; b < batches.length; b = next++) returned[b] = await this.returnBatch(r, batches[b] as string[], now);
          } catch (e) {
            next = batches.length; // the other connection takes no further batch
            throw e;
          } finally {
            await r.release();
          }
        };
        const settled = await Promise.allSettled(Array.from({ length: Math.min(SWEEP_CONNECTIONS, batches.length) }, worker));
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
        if (failed) throw failed.reason;
        const ids = returned.flat();
        return { expired: ids.length, ids };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [SWEEP_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** One batch in its own transaction: still pending under the row lock (an approval that came first wins), with its audit entries. */
  private async returnBatch(runner: QueryRunner, batch: string[], now: Date): Promise<string[]> {
    await this.db.beginSystem(runner);
    try {
      const done = (await runner.query(
        `UPDATE transfer t SET status = 'expired', decided_at = $2
           WHERE t.id = ANY($1::uuid[]) AND t.status = 'pending'
       RETURNING t.id, (SELECT o.path FROM org o WHERE o.id = t.from_org_id) AS from_path`,
        [batch, now],
      )) as [{ id: string; from_path: string[] | null }[], number];
      const rows = done[0];
      await this.audit.recordMany(
        runner,
        rows.map((r) => ({
          action: 'transfer.expire',
          entityType: 'transfer',
          entityId: r.id,
          before: { status: 'pending' },
          after: { status: 'expired' },
          orgPath: r.from_path ?? [],
        })),
        2_000,
      );
      await runner.commitTransaction();
      return rows.map((r) => r.id);
    } catch (e) {
      await runner.rollbackTransaction();
      throw e;
    }
  }
}
