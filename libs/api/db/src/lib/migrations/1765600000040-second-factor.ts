import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor authentication for admin accounts (issue 24; 等保 2.0 level 3, 身份鉴别 d):
 * - `org.require_2fa`: a national or provincial admin requires a second factor of every admin
 *   account in the org's subtree (inherited along `org.path`);
 * - `app_user.totp_secret`: the account's TOTP secret (RFC 6238), sealed (AES-256-GCM under
 *   `TOTP_ENCRYPTION_KEY`, see `TotpSecrets`), never answered after enrolment; `totp_enabled_at`
 *   once a code confirmed it; `totp_last_step`: the newest time step accepted, so no code is
 *   accepted twice (replay), on any replica;
 * - `recovery_code`: ten single-use codes an account can log in with instead of a TOTP code,
 *   stored as SHA-256 of 80 random bits each (`RECOVERY_CODE_BITS`).
 * Adding a column with a constant default is a catalogue change in PostgreSQL ≥ 11: no rewrite.
 */
export class SecondFactor1765600000040 implements MigrationInterface {
  name = 'SecondFactor1765600000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org ADD COLUMN require_2fa boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE app_user ADD COLUMN totp_secret text, ADD COLUMN totp_enabled_at timestamptz, ADD COLUMN totp_last_step bigint`,
    );
    await q.query(`
      CREATE TABLE recovery_code (
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recovery_code`);
    await q.query(`ALTER TABLE app_user DROP COLUMN totp_secret, DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step`);
    await q.query(`ALTER TABLE org DROP COLUMN require_2fa`);
  }
}
