import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A fresh database for an API process a test starts (api-e2e's bundle, admin-e2e's server): a new
 * one on TEST_DATABASE_URL (`zhtj_<name>_…`, dropped afterwards), else an embedded PGlite in a
 * temporary directory (`zhtj-<name>-…`; the API starts it itself when DATABASE_URL is unset).
 * `env` is what the process needs to find it.
 */
export async function freshDatabase(name: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const base = process.env['TEST_DATABASE_URL'];
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), `zhtj-${name}-`));
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = `zhtj_${name.replace(/-/g, '_')}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${database}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
    },
  };
}
