import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');

/** The module-boundary errors lint reports for `code` planted at `file`. */
async function boundaryErrors(code: string, file: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

/** Issue 25: contexts own their code; which context may use which is a lint rule (eslint.config.mjs, CONTEXT_USES). */
describe('context boundaries (lint)', () => {
  it('refuses a context importing one it may not use (metrics → audit, audit → orgs, members → transfers)', async () => {
    const plant = (from: string, name: string, to: string) =>
      boundaryErrors(`import { ${name} } from '@zhtj/api/${to}';\nexport const x = ${name};\n`, `libs/api/${from}/src/lib/planted.ts`);
    expect((await plant('metrics', 'AuditEntity', 'audit')).join('\n')).toMatch(/tagged with "context:metrics" can only depend on/);
    expect((await plant('audit', 'OrgEntity', 'orgs')).join('\n')).toMatch(/tagged with "context:audit" can only depend on/);
    // Transfers uses members: the other way is refused (a cycle, and not among members' uses).
    expect(await plant('members', 'TransferEntity', 'transfers')).not.toEqual([]);
  }, 60_000);

  it('refuses the infrastructure importing a context (api-db → orgs)', async () => {
    expect(
      await boundaryErrors(`import { OrgEntity } from '@zhtj/api/orgs';\nexport const o = OrgEntity;\n`, 'libs/api/db/src/lib/planted.ts'),
    ).not.toEqual([]);
  }, 60_000);

  it('lets a context import the one it uses through its index (transfers → members)', async () => {
    expect(
      await boundaryErrors(
        `import { MemberEntity } from '@zhtj/api/members';\nexport const m = MemberEntity;\n`,
        'libs/api/transfers/src/lib/planted.ts',
      ),
    ).toEqual([]);
  }, 60_000);
});
