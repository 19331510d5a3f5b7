import { MigrationInterface, QueryRunner } from 'typeorm';
import { skeletonOf } from '../username-skeleton';

/**
 * Issue 21 item 8d: no account may look like another. `app_user.username_skeleton` holds each
 * username's TR39 skeleton (`skeletonOf`), under a unique index, so a look-alike is refused by the
 * database even when two creates race. The skeleton is computed in JavaScript (PostgreSQL has no
 * TR39 table), so existing rows are filled here in batches of 5,000 (keyset on the primary key);
 * a row whose skeleton an account met earlier already holds keeps NULL (NULLs do not collide) —
 * such look-alikes predate the rule and stay as they are; new ones are refused.
 */
export class UsernameSkeleton1765600000021 implements MigrationInterface {
  name = 'UsernameSkeleton1765600000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN username_skeleton text`);
    const seen = new Set<string>();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; username: string }[] = await q.query(
        `SELECT id, username FROM app_user WHERE id > $1 ORDER BY id LIMIT 5000`,
        [after],
      );
      if (rows.length === 0) break;
      const ids: string[] = [];
      const skeletons: string[] = [];
      for (const r of rows) {
        const s = skeletonOf(r.username);
        if (seen.has(s)) continue;
        seen.add(s);
        ids.push(r.id);
        skeletons.push(s);
      }
      await q.query(`UPDATE app_user u SET username_skeleton = v.s FROM unnest($1::uuid[], $2::text[]) AS v(id, s) WHERE u.id = v.id`, [
        ids,
        skeletons,
      ]);
      after = (rows[rows.length - 1] as { id: string }).id;
    }
    await q.query(`CREATE UNIQUE INDEX app_user_username_skeleton_uq ON app_user(username_skeleton)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_username_skeleton_uq`);
    await q.query(`ALTER TABLE app_user DROP COLUMN username_skeleton`);
  }
}
