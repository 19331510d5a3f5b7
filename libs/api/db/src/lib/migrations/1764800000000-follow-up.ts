import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of the guide (issue 11): a member's League post (Q1), admin contacts shown on the
 * approval view (Q16), the abroad-study retention request kept with the transfer (§2.5), the
 * offline check-in date (Q10, Q16), the committee a transfer targeted before the approver
 * assigned a branch (§5), arrivals from Beijing, Guangdong and Fujian (Q17), and the dated log
 * of abroad members' reports (§2.5). Every new column is nullable or has a default.
 */
export class FollowUp1764800000000 implements MigrationInterface {
  name = 'FollowUp1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE member ADD COLUMN league_post text;
      ALTER TABLE app_user ADD COLUMN contact_name text;
      ALTER TABLE app_user ADD COLUMN contact_phone text;
      ALTER TABLE transfer ADD COLUMN abroad_contact_name text;
      ALTER TABLE transfer ADD COLUMN abroad_contact_phone text;
      ALTER TABLE transfer ADD COLUMN checked_in_on date;
      ALTER TABLE transfer ADD COLUMN checked_in_by uuid REFERENCES app_user(id);
      ALTER TABLE transfer ADD COLUMN requested_org_id uuid REFERENCES org(id) ON DELETE SET NULL;
      ALTER TABLE transfer ADD COLUMN requested_org_name text;
      ALTER TABLE transfer ADD COLUMN external_arrival boolean NOT NULL DEFAULT false;
      CREATE INDEX transfer_to_status_idx ON transfer(to_org_id, status);
      CREATE TABLE abroad_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member(id),
        report_date date NOT NULL,
        note text NOT NULL,
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX abroad_report_member_idx ON abroad_report(member_id, report_date DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE abroad_report;
      DROP INDEX transfer_to_status_idx;
      ALTER TABLE transfer DROP COLUMN external_arrival;
      ALTER TABLE transfer DROP COLUMN requested_org_name;
      ALTER TABLE transfer DROP COLUMN requested_org_id;
      ALTER TABLE transfer DROP COLUMN checked_in_by;
      ALTER TABLE transfer DROP COLUMN checked_in_on;
      ALTER TABLE transfer DROP COLUMN abroad_contact_phone;
      ALTER TABLE transfer DROP COLUMN abroad_contact_name;
      ALTER TABLE app_user DROP COLUMN contact_phone;
      ALTER TABLE app_user DROP COLUMN contact_name;
      ALTER TABLE member DROP COLUMN league_post;
    `);
  }
}
