import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { UNSCOPED_READS } from '@zhtj/api/db';

const ROOT = resolve(__dirname, '../../..');
const FEATURES = ['transfers', 'members', 'orgs', 'graduation', 'metrics', 'auth', 'audit', 'regions'];

/** Each way around the scope rules that lint must refuse in a feature library, planted one per line. */
const PLANTED = `import { MemberEntity } from './member.entity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DataScope, ScopedDb } from '@zhtj/api/db';
import { managerOf } from '@zhtj/api/db/src/lib/scoped-db';

@Injectable()
export class PlantedService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly db: ScopedDb, private readonly scope: DataScope) {}
  bypasses(m: EntityManager) {
    void managerOf;
    void this.ds.manager.find(MemberEntity);
    void this.ds.createQueryRunner();
    void (this.db as unknown as { managerUnscoped: EntityManager }).managerUnscoped;
    return this.db.transaction(async (tx) => (tx as unknown as { manager: EntityManager }).manager.find(MemberEntity));
  }
}
`;

describe('scope by construction (lint)', () => {
  it('refuses a planted bypass in a feature library, each way', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText(PLANTED, { filePath: join(ROOT, 'libs/api/members/src/lib/planted.ts') });
    const scopeErrors = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax');
    const lines = new Set(scopeErrors.map((m) => m.line));
    // @nestjs/typeorm, typeorm (DataSource, EntityManager), DataScope, the deep import, the decorator,
    // .manager (twice), createQueryRunner, managerUnscoped.
    for (const line of [3, 4, 5, 6, 10, 13, 14, 15, 16]) expect(lines, `line ${line}: ${PLANTED.split('\n')[line - 1]}`).toContain(line);
  }, 60_000);

  it('lets the same code through outside the feature libraries (the rule is scoped, not global)', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText(PLANTED, { filePath: join(ROOT, 'libs/api/db/src/lib/planted.ts') });
    expect((result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([]);
  }, 60_000);
});

describe('named exceptions (UNSCOPED_READS)', () => {
  const sources = FEATURES.flatMap((f) => {
    const dir = join(ROOT, 'libs/api', f, 'src/lib');
    return readdirSync(dir)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))
      .map((n) => readFileSync(join(dir, n), 'utf8'));
  });
  const used = new Set(sources.flatMap((s) => [...s.matchAll(/\b(?:unscoped|systemRunner)\('([a-z.-]+)'\)/g)].map((m) => m[1])));

  it('every key has a reason and is used by a feature library (an unused one is deleted)', () => {
    for (const [key, reason] of Object.entries(UNSCOPED_READS)) {
      expect(reason.length, key).toBeGreaterThan(40);
      expect(used, `UNSCOPED_READS['${key}'] is not used`).toContain(key);
    }
  });
});
