import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Province keys (docs/scaling.md): the two big tables carry the two-digit GB/T 2260 province of
 * where the row lives — a member's current org, a transfer's outgoing org. They are the partition
 * keys (PARTITION BY LIST) and the Citus distribution columns of the scale-out design, and today
 * they lead the indexes that keep a provincial admin's list pages to an index walk.
 * Kept by triggers, so no write path can forget them; a bulk load (replication role `replica`)
 * writes them itself.
 */
export class ProvinceKeys1764900000001 implements MigrationInterface {
  name = 'ProvinceKeys1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE member ADD COLUMN province_code char(2);
      UPDATE member m SET province_code = left(o.region_code, 2) FROM org o WHERE o.id = m.org_id;
      ALTER TABLE member ALTER COLUMN province_code SET NOT NULL;

      ALTER TABLE transfer ADD COLUMN province_code char(2);
      UPDATE transfer t SET province_code = COALESCE(
        (SELECT left(o.region_code, 2) FROM org o WHERE o.id = t.from_org_id),
        (SELECT m.province_code FROM member m WHERE m.id = t.member_id));
      ALTER TABLE transfer ALTER COLUMN province_code SET NOT NULL;

      CREATE FUNCTION member_province() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.province_code := (SELECT left(o.region_code, 2) FROM org o WHERE o.id = NEW.org_id);
        RETURN NEW;
      END $$;
      CREATE TRIGGER member_province BEFORE INSERT OR UPDATE OF org_id ON member
        FOR EACH ROW EXECUTE FUNCTION member_province();

      CREATE FUNCTION transfer_province() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.province_code := COALESCE(
          (SELECT left(o.region_code, 2) FROM org o WHERE o.id = NEW.from_org_id),
          (SELECT m.province_code FROM member m WHERE m.id = NEW.member_id));
        RETURN NEW;
      END $$;
      CREATE TRIGGER transfer_province BEFORE INSERT ON transfer
        FOR EACH ROW EXECUTE FUNCTION transfer_province();

      -- An org moved to another province takes its members along.
      CREATE FUNCTION org_province_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE member SET province_code = left(NEW.region_code, 2) WHERE org_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER org_province_moved AFTER UPDATE OF region_code ON org
        FOR EACH ROW WHEN (left(OLD.region_code, 2) IS DISTINCT FROM left(NEW.region_code, 2))
        EXECUTE FUNCTION org_province_moved();

      CREATE INDEX member_province_name_idx ON member (province_code, name, id);
      CREATE INDEX member_name_idx ON member (name, id);
      CREATE INDEX transfer_province_idx ON transfer (province_code, status, initiated_at);
      -- The planner must know the new column at once, or a province's list joins and sorts it all.
      ANALYZE member;
      ANALYZE transfer;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX transfer_province_idx; DROP INDEX member_name_idx; DROP INDEX member_province_name_idx;
      DROP TRIGGER org_province_moved ON org; DROP FUNCTION org_province_moved();
      DROP TRIGGER transfer_province ON transfer; DROP FUNCTION transfer_province();
      DROP TRIGGER member_province ON member; DROP FUNCTION member_province();
      ALTER TABLE transfer DROP COLUMN province_code;
      ALTER TABLE member DROP COLUMN province_code;
    `);
  }
}
