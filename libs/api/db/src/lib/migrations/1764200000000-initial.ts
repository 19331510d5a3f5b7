import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1764200000000 implements MigrationInterface {
  name = 'Initial1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        code char(6) PRIMARY KEY,
        name text NOT NULL,
        parent_code char(6) REFERENCES region(code),
        level text NOT NULL CHECK (level IN ('national','province','city','county'))
      );
      CREATE INDEX region_parent_idx ON region(parent_code);

      CREATE TABLE org (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        parent_id uuid REFERENCES org(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        kind text NOT NULL CHECK (kind IN ('committee','working_committee','general_branch','branch')),
        level text NOT NULL CHECK (level IN ('national','provincial','city','county','base')),
        industry text,
        region_code char(6) NOT NULL REFERENCES region(code),
        purpose text CHECK (purpose IN ('new_students','graduates','delayed_graduation','abroad_study','mobile','special_library','temporary')),
        path uuid[] NOT NULL,
        graduation_date date,
        mixed boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX org_parent_idx ON org(parent_id);
      CREATE INDEX org_path_gin ON org USING gin(path);
      CREATE INDEX org_region_idx ON org(region_code);
      CREATE UNIQUE INDEX org_sibling_name_uq ON org(parent_id, name);

      CREATE TABLE member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES org(id),
        name text NOT NULL,
        id_card_number char(18) NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male','female')),
        birth_date date NOT NULL,
        phone text,
        join_date date,
        party_member boolean NOT NULL DEFAULT false,
        education_stage text,
        emergency_contact text,
        graduation_date date,
        school_org_id uuid REFERENCES org(id),
        destination text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','left')),
        left_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX member_id_card_uq ON member(id_card_number);
      CREATE INDEX member_org_idx ON member(org_id);
      CREATE INDEX member_graduation_idx ON member(graduation_date);
      CREATE INDEX member_school_idx ON member(school_org_id);

      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        org_id uuid REFERENCES org(id),
        member_id uuid REFERENCES member(id),
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((org_id IS NULL) <> (member_id IS NULL))
      );
      CREATE UNIQUE INDEX app_user_username_uq ON app_user(lower(username));
      CREATE UNIQUE INDEX app_user_member_uq ON app_user(member_id) WHERE member_id IS NOT NULL;
      CREATE INDEX app_user_org_idx ON app_user(org_id);

      CREATE TABLE reset_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        code_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reset_code_user_idx ON reset_code(user_id);

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_username text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        org_path uuid[] NOT NULL
      );
      CREATE INDEX audit_entity_idx ON audit_log(entity_id);
      CREATE INDEX audit_actor_idx ON audit_log(actor_id);
      CREATE INDEX audit_at_idx ON audit_log(at);
      CREATE INDEX audit_path_gin ON audit_log USING gin(org_path);

      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END;
      $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log; DROP FUNCTION audit_log_append_only();
      DROP TABLE reset_code; DROP TABLE app_user; DROP TABLE member; DROP TABLE org; DROP TABLE region;
    `);
  }
}
