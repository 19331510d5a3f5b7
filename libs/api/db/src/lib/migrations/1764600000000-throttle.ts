import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate limits and login lockouts kept in PostgreSQL, so every API process behind the proxy
 * counts against the same budget (issue 10 items 6–7): one row per key, upserted atomically.
 */
export class Throttle1764600000000 implements MigrationInterface {
  name = 'Throttle1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE throttle (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        blocked_until timestamptz
      )`);
    await q.query(`CREATE INDEX throttle_window_start ON throttle (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE throttle`);
  }
}
