import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Member search at national volume (issue 8): the tail of an ID number (what an admin reads off a
 * card: the last 4–17 characters) through an index on the reversed number; names search by
 * prefix through `member (province_code, name, id)` and `member (name, id)`.
 */
export class MemberSearch1764900000002 implements MigrationInterface {
  name = 'MemberSearch1764900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX member_id_card_tail_idx ON member (reverse(id_card_number::text) text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX member_id_card_tail_idx`);
  }
}
