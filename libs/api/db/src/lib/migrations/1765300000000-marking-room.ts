import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on every page for one new version of each row (issue 8, marking a 5,000-member branch).
 *
 * A branch's members are written together (created, imported, generated), so they share heap
 * pages; marking the branch updates every one of them at once. With 15 % free space
 * (`MemberFillfactor1765200000000`) about 5 of a page's ~40 members got a HOT update; the rest
 * moved to other pages with a new entry in each of `member`'s seven indexes — at scale 0.05 the
 * first marking of 5,000 members wrote 44,101 WAL records and took 450–620 ms. At fillfactor 50
 * each member's new version fits beside the old one: the marking is HOT for every member (no
 * index entry), and the next marking finds the page pruned. Measured on a copy of the 0.05 data
 * set: the member UPDATE of a first marking 446 → 150–210 ms, with the facts' triggers.
 *
 * `graduate_cohort` likewise: a re-marking changes every cohort row's graduation date, an approval
 * or an expiry its pending / completed / decided day, none of them indexed.
 *
 * The price is heap size: `member` 742 MB → 1.2 GB at scale 0.05 (its indexes, 0.9 GB, are
 * unchanged). The setting applies to pages written after it (COPY included); an existing table
 * gets it on its next `VACUUM FULL` or `pg_repack` (docs/operations.md).
 */
export class MarkingRoom1765300000000 implements MigrationInterface {
  name = 'MarkingRoom1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member SET (fillfactor = 50)`);
    await q.query(`ALTER TABLE graduate_cohort SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE graduate_cohort RESET (fillfactor)`);
    await q.query(`ALTER TABLE member SET (fillfactor = 85)`);
  }
}
