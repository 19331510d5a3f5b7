import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the data generator loaded (scale, seed, counts), so `npm run bench` can reuse a data set
 * instead of generating it again. One row at most.
 */
export class DatasetInfo1764900000000 implements MigrationInterface {
  name = 'DatasetInfo1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dataset_info (
        id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        scale numeric NOT NULL,
        seed bigint NOT NULL,
        generated_at timestamptz NOT NULL,
        clock timestamptz NOT NULL,
        summary jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dataset_info`);
  }
}
