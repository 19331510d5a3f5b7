import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The record of the SQL files' objects (issue 22, "one source"): every function, view and trigger
 * of the monitoring facts is written in `libs/api/db/sql/` and applied after the migrations by
 * `applySchemaObjects` (schema-objects.ts) whenever a file's rendered text differs from the hash
 * kept here. Migrations no longer write or patch those objects.
 */
export class SchemaObjects1765700000000 implements MigrationInterface {
  name = 'SchemaObjects1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE schema_object (file text PRIMARY KEY, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE schema_object`);
  }
}
