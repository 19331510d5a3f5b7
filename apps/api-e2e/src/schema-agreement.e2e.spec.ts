import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@zhtj/api/db';
import { migratedDatabase } from './support/harness';

/**
 * Issue 25: every context lists its own entities (`API_PERSISTENCE`), and the tables they describe
 * are the ones the migrations build (libs/api/db, listed in `MIGRATIONS`; never `synchronize`).
 * What TypeORM would generate as a migration against the migrated schema may only drop what the
 * migrations say and an entity cannot: foreign keys, CHECKs and unique constraints, indexes (GIN,
 * partial, expression), the columns no entity maps, and the member id's own default (`uuid_v7()`).
 * It never creates a table, adds a column or changes a type.
 */
describe('entities and migrations agree', () => {
  let db: DatabaseHandle;
  let ds: DataSource;

  beforeAll(async () => {
    ({ db, ds } = await migratedDatabase());
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.close();
  });

  it('leaves no pending schema change but what an entity cannot say', async () => {
    const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    const unsaid = /^(ALTER TABLE "\w+" DROP CONSTRAINT "\w+"|DROP INDEX "public"\."\w+")$/;
    expect(pending.filter((q) => !unsaid.test(q)).sort()).toEqual(
      [
        // Read and written by SQL only: an org's 2FA requirement (applies to the orgs below it), the
        // transfer's province key (kept by a trigger), the last TOTP step an account used.
        'ALTER TABLE "org" DROP COLUMN "require_2fa"',
        'ALTER TABLE "transfer" DROP COLUMN "province_code"',
        'ALTER TABLE "app_user" DROP COLUMN "totp_last_step"',
        // Member ids come from uuid_v7() (migration MemberIds1765300000001), not TypeORM's uuid default.
        'ALTER TABLE "member" ALTER COLUMN "id" SET DEFAULT uuid_generate_v4()',
        'ALTER TABLE "member" ALTER COLUMN "id" DROP DEFAULT',
      ].sort(),
    );
    // Every entity's table is there.
    const runner = ds.createQueryRunner();
    try {
      for (const m of ds.entityMetadatas) expect(await runner.hasTable(m.tableName), m.tableName).toBe(true);
    } finally {
      await runner.release();
    }
  });
});
