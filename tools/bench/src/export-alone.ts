// `npm run bench -- export --rows 50000 [--parallel 4]`: the member export on a case of its own — a
// fresh database on TEST_DATABASE_URL, the built bundle dist/apps/api/main.js, one branch of `rows`
// members inserted by SQL; prints the figures as JSON.
import { parseArgs } from 'node:util';
import type { LoginResult, MeView, OrgView } from '@zhtj/shared/contract';
import { startBuiltApi } from './lib/built-api';
import { download, measureExport } from './lib/export';
import { call } from './lib/load';
import { BASE_URL, dbUrl, withClient } from './lib/workspace';

export async function exportAlone(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { rows: { type: 'string', default: '50000' }, parallel: { type: 'string', default: '4' } },
  });
  const rows = Number(values.rows);
  const name = `zhtj_bench_export_${Date.now().toString(36)}`;
  await withClient(BASE_URL, (c) => c.query(`CREATE DATABASE ${name}`));
  const password = 'Admin@2026x';
  try {
    const api = await startBuiltApi(dbUrl(name), { ADMIN_PASSWORD: password });
    try {
      const { baseUrl } = api;
      const token = (await call<LoginResult>(baseUrl, 'POST', '/api/auth/login', { username: 'admin', password })).json
        ?.accessToken as string;
      const me = (await call<MeView>(baseUrl, 'GET', '/api/auth/me', undefined, token)).json as MeView;
      const province = (
        await call<OrgView>(
          baseUrl,
          'POST',
          '/api/orgs',
          { parentId: me.orgId, name: '共青团四川省委', kind: 'committee', level: 'provincial', regionCode: '510000' },
          token,
        )
      ).json as OrgView;
      const branch = (
        await call<OrgView>(
          baseUrl,
          'POST',
          '/api/orgs',
          { parentId: province.id, name: '导出测试团支部', kind: 'branch', level: 'provincial' },
          token,
        )
      ).json;
      if (!branch?.id) throw new Error(`branch: ${JSON.stringify(branch)}`);
      await withClient(dbUrl(name), async (db) => {
        await db.query(
          `INSERT INTO member (org_id, name, id_card_number, gender, birth_date, phone, join_date, status)
           SELECT $1, '测试' || g, '9' || lpad(g::text, 17, '0'), 'male', '2004-01-01', '139' || lpad(g::text, 8, '0'), '2018-05-04', 'active'
             FROM generate_series(1, $2::int) g`,
          [branch.id, rows],
        );
        await db.query('ANALYZE');
      });
      const path = `/api/members/export?orgId=${branch.id}`;
      // One unmeasured export first (V8 compiling the route, exceljs loading).
      await download(baseUrl, path, token);
      const one = await measureExport({ baseUrl, token, path, parallel: 1 });
      const many = await measureExport({ baseUrl, token, path, parallel: Number(values.parallel) });
      console.log(JSON.stringify({ rows, one, parallel: Number(values.parallel), many }, null, 2));
    } finally {
      await api.stop();
    }
  } finally {
    await withClient(BASE_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
