import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A provincial member list walks `member_province_name_idx` (province, name, id) past the rows
 * before its page (issue 8, page 50 by number): each of those rows was fetched from the heap for
 * its `status` and `org_id` (the data-scope probe) — 1,020 of the 4,938 buffers page 50 read at
 * scale 0.05. With both columns carried in the index the walk is an index-only scan (0 heap
 * fetches; the visibility map kept by autovacuum): PostgreSQL per request 9.4–9.8 → 8.0–8.1 ms,
 * p95 under 4 clients 47.7–50.1 → 39.3–43.5 ms on a copy of the data set; the index 200 → 237 MB.
 * `org_id` is indexed already (a move is never a HOT update); `status` now is too, so a member
 * leaving is not a HOT update — rare beside markings, which stay HOT.
 */
export class MemberListWalk1765400000001 implements MigrationInterface {
  name = 'MemberListWalk1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await this.replace(q, 'INCLUDE (org_id, status)');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.replace(q, '');
  }

  private async replace(q: QueryRunner, include: string): Promise<void> {
    await q.query(`CREATE INDEX member_province_name_next ON member (province_code, name, id) ${include}`);
    await q.query(`DROP INDEX member_province_name_idx`);
    await q.query(`ALTER INDEX member_province_name_next RENAME TO member_province_name_idx`);
  }
}
