import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time-ordered member ids (issue 8, marking a 5,000-member branch). A branch's members are
 * created together (imported, generated), and everything keyed by member follows them: their
 * cohort rows (`graduate_cohort` primary key), their transfers (`transfer (member_id, …)`). With
 * random (version 4) ids the first marking of a branch inserted 5,000 cohort rows into 5,000
 * different leaf pages of the primary key and probed as many leaves of the transfer index — after
 * a checkpoint each of those pages is logged in full (3,531 full-page images, 16.6 MB of WAL for
 * one marking at scale 0.05) and, beyond a small `shared_buffers`, read from the OS. With version-7
 * ids (RFC 9562: milliseconds, then random bits) members created together are neighbours in every
 * such index: the same first marking 397 → 217 ms in SQL.
 *
 * `uuid_v7()` is the column default, so every insert that leaves the id to the database (TypeORM's
 * generated column, the import, SQL) gets one; existing ids stay as they are.
 */
export class MemberIds1765300000001 implements MigrationInterface {
  name = 'MemberIds1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION uuid_v7() RETURNS uuid VOLATILE LANGUAGE sql AS $$
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                 PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
               52, 1), 53, 1), 'hex')::uuid $$;
      ALTER TABLE member ALTER COLUMN id SET DEFAULT uuid_v7();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE member ALTER COLUMN id SET DEFAULT gen_random_uuid();
      DROP FUNCTION uuid_v7();
    `);
  }
}
