import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `member` keeps 15 % of each heap page free (issue 8, marking a 5,000-member branch). A marking
 * changes only `graduation_date`, which no index holds since `MemberGraduationIndex1765100000001`:
 * where the member's page has room the new row version stays on it as a HOT update, and none of
 * the table's eight indexes gets a new entry. Bulk-loaded pages were full (455 of 5,000 members
 * were HOT updates at scale 0.05); the setting applies to pages written after it (COPY included),
 * so an existing table gets it on its next `VACUUM FULL` or `pg_repack` (docs/operations.md).
 */
export class MemberFillfactor1765200000000 implements MigrationInterface {
  name = 'MemberFillfactor1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member SET (fillfactor = 85)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member RESET (fillfactor)`);
  }
}
