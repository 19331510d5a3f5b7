import { MigrationInterface, QueryRunner } from 'typeorm';

const ADVISORY = String.raw`PERFORM pg_advisory_xact_lock\(7364, x\.h\) FROM \(SELECT DISTINCT hashtext\(id::text\) & 255 AS h FROM unnest\((\w+)\) id ORDER BY 1\) x;`;
const ROW_LOCKS = String.raw`PERFORM 1 FROM member lk WHERE lk.id = ANY(\1) ORDER BY lk.id FOR NO KEY UPDATE;`;
/** In the members' own statement trigger the rows are locked already: by that UPDATE, or new. */
const OWN_ROWS = `-- (the members are locked by this statement's own UPDATE or INSERT, MemberRowLocks1765200000001)`;

/** The cohort-fact functions that serialise concurrent changes of one member's facts, and their new lock. */
const FUNCTIONS: { fn: string; lock: string; marker: string }[] = [
  { fn: 'metrics_refresh_members(uuid[])', lock: ROW_LOCKS, marker: 'FOR NO KEY UPDATE' },
  { fn: 'metrics_member_stmt()', lock: OWN_ROWS, marker: 'MemberRowLocks1765200000001' },
];

/**
 * A member's cohort facts are refreshed under the member's own row lock, not one of 256 advisory
 * buckets (issue 8, batch approvals). The buckets made unrelated members wait for each other: a
 * batch of 50 approvals takes about 45 of the 256, so any two batches in parallel collided and 32
 * clients ran one batch at a time (p50 1.9 s a batch at scale 0.05). `FOR NO KEY UPDATE` on the
 * members (in id order) serialises exactly what the buckets did — two changes of one member's
 * facts — and nothing else; it conflicts with a member UPDATE, which a marking or an approval holds
 * already, and not with the key-share lock a new transfer's foreign key takes. Row locks live in
 * the rows, so a marking of thousands of members takes no slot of the shared lock table. The
 * members' own statement trigger (`metrics_member_stmt`) takes no lock at all: its members are the
 * rows its UPDATE has just locked or its INSERT created (locking them again cost a 5,000-member
 * marking 40–50 ms).
 *
 * The functions are rewritten from their current definitions (the lock statement replaced), so
 * their bodies stay where `GraduateCohort1764700000000` and `MarkingFacts1765100000000` wrote them,
 * with their `SET jit = off`.
 */
export class MemberRowLocks1765200000001 implements MigrationInterface {
  name = 'MemberRowLocks1765200000001';

  async up(q: QueryRunner): Promise<void> {
    for (const { fn, lock, marker } of FUNCTIONS) await this.rewrite(q, fn, ADVISORY, lock, marker);
  }

  async down(q: QueryRunner): Promise<void> {
    const advisory = (arr: string) => `PERFORM pg_advisory_xact_lock(7364, x.h) FROM (SELECT DISTINCT hashtext(id::text) & 255 AS h FROM unnest(${arr}) id ORDER BY 1) x;`;
    const rowLocks = String.raw`PERFORM 1 FROM member lk WHERE lk\.id = ANY\((\w+)\) ORDER BY lk\.id FOR NO KEY UPDATE;`;
    const ownRows = String.raw`-- \(the members are locked by this statement's own UPDATE or INSERT, MemberRowLocks1765200000001\)`;
    await this.rewrite(q, 'metrics_refresh_members(uuid[])', rowLocks, advisory('\\1'), 'pg_advisory_xact_lock(7364');
    await this.rewrite(q, 'metrics_member_stmt()', ownRows, advisory('ids'), 'pg_advisory_xact_lock(7364');
  }

  /** Replaces the lock statement in `fn`'s current definition and recreates it (its settings kept). */
  private async rewrite(q: QueryRunner, fn: string, pattern: string, replacement: string, expect: string): Promise<void> {
    const [{ def }] = (await q.query(`SELECT regexp_replace(pg_get_functiondef($1::regprocedure), $2, $3, 'g') AS def`, [fn, pattern, replacement])) as { def: string }[];
    if (!def.includes(expect)) throw new Error(`${fn}: its lock statement was not found`);
    await q.query(def);
  }
}
