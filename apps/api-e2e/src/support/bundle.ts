import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { WORKSPACE, startBuiltApi } from './built-api';

export const BUNDLE = join(WORKSPACE, 'dist/apps/api/main.js');
export const BUNDLE_ADMIN_PASSWORD = 'Admin@2026x';

/** A fresh database on TEST_DATABASE_URL (dropped afterwards), else an embedded PGlite in a temporary directory. */
export async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const base = process.env['TEST_DATABASE_URL'];
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), 'zhtj-bundle-'));
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `zhtj_bundle_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface RunningBundle {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the bundle that `npm start` runs (`dist/apps/api/main.js`, built by `nx run api:build`,
 * which the api-e2e test target depends on) as its own process on a fresh database with the demo data.
 */
export async function startBundle(): Promise<RunningBundle> {
  if (!existsSync(BUNDLE)) throw new Error('build first: npx nx run api:build (npm test does it through the api-e2e dependsOn)');
  const db = await freshDatabase();
  try {
    const api = await startBuiltApi(BUNDLE, 'api-bundle', {
      ...db.env,
      DEMO_DATA: '1',
      ADMIN_PASSWORD: BUNDLE_ADMIN_PASSWORD,
      APP_CLOCK: 'controllable',
      LOGIN_RATE_LIMIT: '1000',
      NODE_ENV: 'production',
    });
    return {
      baseUrl: api.baseUrl,
      async stop() {
        await api.stop();
        await db.drop();
      },
    };
  } catch (e) {
    await db.drop();
    throw e;
  }
}
