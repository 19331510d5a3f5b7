import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login challenges (issue 21 item 5): the answer to a captcha shown to a client whose address
 * failed to log in too often, kept in PostgreSQL so that whichever replica answers the login can
 * check it; a row is deleted when it is checked (single use) and is good for about 2 minutes.
 */
export class LoginChallenge1765600000030 implements MigrationInterface {
  name = 'LoginChallenge1765600000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_challenge (
        id uuid PRIMARY KEY,
        answer text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX login_challenge_expires_at ON login_challenge (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_challenge`);
  }
}
