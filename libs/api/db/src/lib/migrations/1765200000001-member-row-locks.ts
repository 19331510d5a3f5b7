import { MigrationInterface, QueryRunner } from 'typeorm';

/** The cohort-fact functions that serialise concurrent changes of one member's facts. */
const FUNCTIONS = ['metrics_refresh_members(uuid[])', 'metrics_member_stmt()'];

const ADVISORY = String.raw`PERFORM pg_advisory_xact_lock\(7364, x\.h\) FROM \(SELECT DISTINCT hashtext\(id::text\) & 255 AS h FROM unnest\((\w+)\) id ORDER BY 1\) x;`;
const ROW_LOCKS = String.raw`PERFORM 1 FROM member lk WHERE lk.id = ANY(\1) ORDER BY lk.id FOR NO KEY UPDATE;`;

/**
 * A member's cohort facts are refreshed under the member's own row lock, not one of 256 advisory
 * buckets (issue 8, batch approvals). The buckets made unrelated members wait for each other: a
 * batch of 50 approvals takes about 45 of the 256, so any two batches in parallel collided and 32
 * clients ran one batch at a time (p50 1.9 s a batch at scale 0.05). `FOR NO KEY UPDATE` on the
 * members (in id order) serialises exactly what the buckets did — two changes of one member's
 * facts — and nothing else; it conflicts with a member UPDATE, which a marking or an approval holds
 * already, and not with the key-share lock a new transfer's foreign key takes. Row locks live in
 * the rows, so a marking of thousands of members takes no slot of the shared lock table.
 *
 * The functions are rewritten from their current definitions (the lock statement replaced), so
 * their bodies stay where `GraduateCohort1764700000000` and `MarkingFacts1765100000000` wrote them,
 * with their `SET jit = off`.
 */
export class MemberRowLocks1765200000001 implements MigrationInterface {
  name = 'MemberRowLocks1765200000001';

  async up(q: QueryRunner): Promise<void> {
    await this.rewrite(q, ADVISORY, ROW_LOCKS, 'FOR NO KEY UPDATE');
  }

  async down(q: QueryRunner): Promise<void> {
    const rowLocks = String.raw`PERFORM 1 FROM member lk WHERE lk\.id = ANY\((\w+)\) ORDER BY lk\.id FOR NO KEY UPDATE;`;
    const advisory = String.raw`PERFORM pg_advisory_xact_lock(7364, x.h) FROM (SELECT DISTINCT hashtext(id::text) & 255 AS h FROM unnest(\1) id ORDER BY 1) x;`;
    await this.rewrite(q, rowLocks, advisory, 'pg_advisory_xact_lock(7364');
  }

  private async rewrite(q: QueryRunner, pattern: string, replacement: string, expect: string): Promise<void> {
    for (const fn of FUNCTIONS) {
      const [{ def }] = (await q.query(`SELECT regexp_replace(pg_get_functiondef($1::regprocedure), $2, $3, 'g') AS def`, [fn, pattern, replacement])) as { def: string }[];
      if (!def.includes(expect)) throw new Error(`${fn}: its lock statement was not found`);
      await q.query(def);
    }
  }
}
