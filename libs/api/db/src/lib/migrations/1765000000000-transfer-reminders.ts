import { MigrationInterface, QueryRunner } from 'typeorm';

/** 催办: reminders on pending transfers; one per transfer per Shanghai calendar day, kept by a unique key. */
export class TransferReminders1765000000000 implements MigrationInterface {
  name = 'TransferReminders1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transfer_reminder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        transfer_id uuid NOT NULL REFERENCES transfer(id) ON DELETE CASCADE,
        sent_by uuid NOT NULL REFERENCES app_user(id),
        sender_role text NOT NULL,
        sent_at timestamptz NOT NULL,
        sent_day date NOT NULL,
        UNIQUE (transfer_id, sent_day)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transfer_reminder`);
  }
}
