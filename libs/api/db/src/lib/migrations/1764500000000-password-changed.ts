import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tokens issued before a password change or reset stop working (the guard compares `iat`). */
export class PasswordChanged1764500000000 implements MigrationInterface {
  name = 'PasswordChanged1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN password_changed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN password_changed_at`);
  }
}
