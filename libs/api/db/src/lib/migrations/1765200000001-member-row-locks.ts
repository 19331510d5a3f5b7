import { MigrationInterface, QueryRunner } from 'typeorm';

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
 *
 * Squashed (issue 22): the function bodies this migration wrote or patched live in
 * `libs/api/db/sql/metrics/functions/`, with their settings in their `CREATE FUNCTION`, applied by
 * `applySchemaObjects`; on a database that ran it, nothing reruns. Nothing remains here.
 */
export class MemberRowLocks1765200000001 implements MigrationInterface {
  name = 'MemberRowLocks1765200000001';

  async up(_q: QueryRunner): Promise<void> {
    // Nothing: see above.
  }

  async down(_q: QueryRunner): Promise<void> {
    // Nothing: see above.
  }
}
