import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Logout (issue 21 finding 7): a token ended by `POST /api/auth/logout` is kept here by its `jti`
 * claim until it would have expired anyway, so every API replica refuses it (the auth guard reads
 * it in the statement that loads the caller). Rows past `expires_at` are swept on later logouts.
 */
export class RevokedToken1765600000002 implements MigrationInterface {
  name = 'RevokedToken1765600000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revoked_token (
        jti uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_token_expires_at ON revoked_token (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE revoked_token`);
  }
}
