import { MigrationInterface, QueryRunner } from 'typeorm';

export class Transfers1764300000000 implements MigrationInterface {
  name = 'Transfers1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE member ADD COLUMN graduation_mark text
        CHECK (graduation_mark IN ('delayed','teacher','graduate_mobile'));

      CREATE TABLE transfer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member(id),
        type text NOT NULL CHECK (type IN ('employment','further_study','special_unit','unemployed','abroad_study','abroad_official','abroad_private','delayed_graduation','general')),
        status text NOT NULL CHECK (status IN ('pending','approved','rejected','withdrawn','expired')),
        from_org_id uuid NOT NULL REFERENCES org(id),
        to_org_id uuid REFERENCES org(id),
        external_province_code char(6),
        external_org_name text,
        initiated_by uuid NOT NULL REFERENCES app_user(id),
        initiator_role text NOT NULL,
        initiated_at timestamptz NOT NULL,
        decided_by uuid REFERENCES app_user(id),
        decided_at timestamptz,
        reason text,
        note text,
        CHECK ((to_org_id IS NULL) = (external_org_name IS NOT NULL))
      );
      CREATE INDEX transfer_member_idx ON transfer(member_id, initiated_at DESC);
      CREATE INDEX transfer_from_idx ON transfer(from_org_id);
      CREATE INDEX transfer_to_idx ON transfer(to_org_id);
      CREATE INDEX transfer_pending_idx ON transfer(initiated_at) WHERE status = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transfer; ALTER TABLE member DROP COLUMN graduation_mark;`);
  }
}
