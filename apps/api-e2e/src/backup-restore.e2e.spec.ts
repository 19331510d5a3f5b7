import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES, bootstrapDatabase } from '@zhtj/api/bootstrap';
import { dataSourceOptions } from '@zhtj/api/db';
import { WORKSPACE } from './support/built-api';

// docs/operations.md: backup with pg_dump and restore with pg_restore (tools/ops), tried on a
// database holding the demo country. pg_dump needs a real PostgreSQL: TEST_DATABASE_URL, else the
// one this machine runs.
const BASE = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const TABLES = ['org', 'member', 'transfer', 'app_user', 'graduate_cohort', 'audit_log', 'region'];

function urlOf(name: string): string {
  const u = new URL(BASE);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: BASE });
  await c.connect();
  await c.query(sql);
  await c.end();
}

async function digest(url: string): Promise<Record<string, string>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const out: Record<string, string> = {};
  for (const t of TABLES)
    out[t] = (
      await c.query(`SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS d FROM ${t} x`)
    ).rows[0].d;
  await c.end();
  return out;
}

describe('backup and restore (docs/operations.md)', () => {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const source = `zhtj_backup_src_${suffix}`;
  const target = `zhtj_backup_dst_${suffix}`;
  const dir = mkdtempSync(join(tmpdir(), 'zhtj-backup-'));

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${source}`);
    await admin(`CREATE DATABASE ${target}`);
    const ds = new DataSource(dataSourceOptions(urlOf(source), false, ENTITIES));
    await ds.initialize();
    await bootstrapDatabase(ds, { adminPassword: 'Admin@2026x', demoData: true, now: new Date('2026-12-02T10:00:00+08:00') });
    await ds.destroy();
  }, 300_000);

  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${source} WITH (FORCE)`);
    await admin(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every row, the facts still agree with a recount, and the audit log stays append-only', async () => {
    const file = join(dir, 'zhtj.dump');
    const backup = spawnSync('tools/ops/backup.sh', [urlOf(source), file], { cwd: WORKSPACE, encoding: 'utf8' });
    expect(backup.status, backup.stderr).toBe(0);
    const restore = spawnSync('tools/ops/restore.sh', [file, urlOf(target)], { cwd: WORKSPACE, encoding: 'utf8' });
    expect(restore.status, restore.stderr).toBe(0);

    const [before, after] = await Promise.all([digest(urlOf(source)), digest(urlOf(target))]);
    expect(after).toEqual(before);
    expect(Number(after['member']?.split(':')[0])).toBeGreaterThan(1000);

    const c = new Client({ connectionString: urlOf(target) });
    await c.connect();
    try {
      const check = await c.query(`SELECT count(*)::int AS n FROM metrics_check()`);
      expect(check.rows[0].n).toBe(0);
      const [{ id }] = (
        await c.query(
          `INSERT INTO audit_log (at, action, entity_type, entity_id, org_path) VALUES (now(), 'restore.check', 'none', 'x', '{}') RETURNING id`,
        )
      ).rows;
      await expect(c.query(`UPDATE audit_log SET action = 'x' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    } finally {
      await c.end();
    }
  });
});
