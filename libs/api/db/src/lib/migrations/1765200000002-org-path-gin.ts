import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `org (path)`'s GIN index without a pending list (issue 8, list pages in a provincial scope).
 * With GIN's default `fastupdate`, new entries wait in an unsorted pending list that every search
 * reads in full until a vacuum merges it; a bulk-loaded tree (211,000 orgs at scale 0.05) left
 * 25,872 entries in 501 pages there, and finding a province's 14,582 orgs took 40 ms instead of
 * 2 ms — in every data-scope subquery of every admin's list. Orgs are written rarely and read on
 * every request: each new org now goes straight into the index.
 */
export class OrgPathGin1765200000002 implements MigrationInterface {
  name = 'OrgPathGin1765200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX org_path_gin SET (fastupdate = off)`);
    await q.query(`SELECT gin_clean_pending_list('org_path_gin')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX org_path_gin RESET (fastupdate)`);
  }
}
