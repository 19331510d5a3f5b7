import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers keep their history when an org is deleted (an emptied graduates org, guide §4): the
 * org names are stored on the transfer and the org references become NULL on delete. The
 * initiating side is recorded (Q21: a receiving-side request is reviewed by the outgoing side).
 * Reset codes count wrong attempts.
 */
export class TransferHistory1764400000000 implements MigrationInterface {
  name = 'TransferHistory1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE transfer ADD COLUMN initiator_side text CHECK (initiator_side IN ('member','outgoing','receiving'));
      ALTER TABLE transfer ADD COLUMN from_org_name text;
      ALTER TABLE transfer ADD COLUMN to_org_name text;
      UPDATE transfer t SET from_org_name = o.name FROM org o WHERE o.id = t.from_org_id;
      UPDATE transfer t SET to_org_name = o.name FROM org o WHERE o.id = t.to_org_id;
      ALTER TABLE transfer DROP CONSTRAINT transfer_check;
      ALTER TABLE transfer ADD CONSTRAINT transfer_target_check CHECK (to_org_id IS NULL OR external_org_name IS NULL);
      ALTER TABLE transfer ALTER COLUMN from_org_id DROP NOT NULL;
      ALTER TABLE transfer DROP CONSTRAINT transfer_from_org_id_fkey;
      ALTER TABLE transfer DROP CONSTRAINT transfer_to_org_id_fkey;
      ALTER TABLE transfer ADD CONSTRAINT transfer_from_org_id_fkey FOREIGN KEY (from_org_id) REFERENCES org(id) ON DELETE SET NULL;
      ALTER TABLE transfer ADD CONSTRAINT transfer_to_org_id_fkey FOREIGN KEY (to_org_id) REFERENCES org(id) ON DELETE SET NULL;
      ALTER TABLE reset_code ADD COLUMN failed_attempts int NOT NULL DEFAULT 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reset_code DROP COLUMN failed_attempts;
      ALTER TABLE transfer DROP CONSTRAINT transfer_to_org_id_fkey;
      ALTER TABLE transfer DROP CONSTRAINT transfer_from_org_id_fkey;
      ALTER TABLE transfer ADD CONSTRAINT transfer_from_org_id_fkey FOREIGN KEY (from_org_id) REFERENCES org(id);
      ALTER TABLE transfer ADD CONSTRAINT transfer_to_org_id_fkey FOREIGN KEY (to_org_id) REFERENCES org(id);
      ALTER TABLE transfer DROP CONSTRAINT transfer_target_check;
      ALTER TABLE transfer DROP COLUMN to_org_name;
      ALTER TABLE transfer DROP COLUMN from_org_name;
      ALTER TABLE transfer DROP COLUMN initiator_side;
    `);
  }
}
