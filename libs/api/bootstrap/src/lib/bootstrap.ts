import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { loadDataset } from '@zhtj/api/datagen';
import type { SqlClient } from '@zhtj/api/datagen';
import { adminRoleForOrg, idCardCheckChar } from '@zhtj/domain';
import type { OrgLevel } from '@zhtj/domain';
import { migrateDatabase, skeletonOf } from '@zhtj/api/db';
import { UserEntity } from '@zhtj/api/auth';
import { MemberEntity } from '@zhtj/api/members';
import { OrgEntity } from '@zhtj/api/orgs';
import { seedDemoSeason } from './demo-season';
import { insertOrg } from './org-insert';
import { seedRegions } from './seed-regions';

export interface BootstrapOptions {
  adminPassword?: string;
  demoData: boolean;
  demoPassword?: string;
  /** The clock's value: the demo country's transfers all happen before it. */
  now?: Date;
  /** The embedded PGlite (its socket has no COPY FROM STDIN: the demo loads by INSERT). */
  embedded?: boolean;
  /** Scale of the demo country (issue 8's generator); DEMO_SCALE, default DEMO_SCALE_DEFAULT. */
  demoScale?: number;
}

/** About 17 000 members in 5 400 orgs over every province: a country that shows real-looking rates. */
export const DEMO_SCALE_DEFAULT = 0.0002;
export const DEMO_SEED = 2026;

export interface BootstrapResult {
  /** Set when the admin account was created with a generated password. */
  generatedAdminPassword: string | null;
  adminCreated: boolean;
  demoAccounts: { username: string; role: string; org: string; password: string }[];
}

export const DEFAULT_DEMO_PASSWORD = 'Demo@2026';

/** pg advisory lock key that serialises the bootstrap of API processes starting together. */
export const BOOTSTRAP_LOCK_KEY = 7_310_012_000;

/**
 * Runs migrations and applies the SQL files' objects (`migrateDatabase`), loads GB/T 2260 regions and creates 团中央 and `admin` on an empty database.
 * Replicas starting at once take turns (a session advisory lock): migrations run once.
 */
export async function bootstrapDatabase(ds: DataSource, opts: BootstrapOptions): Promise<BootstrapResult> {
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK_KEY]);
    return await bootstrapLocked(ds, opts);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}

async function bootstrapLocked(ds: DataSource, opts: BootstrapOptions): Promise<BootstrapResult> {
  await migrateDatabase(ds);
  return ds.transaction(async (m) => {
    await seedRegions(m);
    const result: BootstrapResult = { generatedAdminPassword: null, adminCreated: false, demoAccounts: [] };
    if ((await m.count(OrgEntity)) > 0) return result;
    const root = await insertOrg(m, null, {
      name: '共青团中央',
      kind: 'committee',
      level: 'national',
      industry: null,
      regionCode: '000000',
    });
    const password = opts.adminPassword || randomBytes(9).toString('base64url');
    if (!opts.adminPassword) result.generatedAdminPassword = password;
    await m.insert(UserEntity, {
      username: 'admin',
      usernameSkeleton: skeletonOf('admin'),
      passwordHash: await argon2.hash(password),
      role: 'national_admin',
      orgId: root.id,
    });
    result.adminCreated = true;
    if (opts.demoData) {
      const demoPassword = opts.demoPassword ?? DEFAULT_DEMO_PASSWORD;
      // The generated country first (issue 8), then the demo's own orgs and accounts inside it.
      const client = (await (m.queryRunner as QueryRunner).connect()) as SqlClient;
      await loadDataset(client, {
        scale: opts.demoScale ?? DEMO_SCALE_DEFAULT,
        seed: DEMO_SEED,
        now: opts.now ?? new Date(),
        password: demoPassword,
        method: opts.embedded ? 'insert' : 'copy',
        inTransaction: true,
      });
      result.demoAccounts = await seedDemo(m, demoPassword, opts.now ?? new Date());
    }
    return result;
  });
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = ['子涵', '欣怡', '浩然', '梓萱', '宇轩', '诗琪', '俊杰', '雨桐', '思远', '嘉怡', '志强', '晓燕', '明轩', '佳琪'];

/** A valid GB 11643 ID number for demo and test data. */
export function makeIdCardNumber(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

/** A committee of the generated country, found by its region and level. */
async function committeeOf(m: EntityManager, regionCode: string, level: OrgLevel): Promise<OrgEntity> {
  return m.findOneByOrFail(OrgEntity, { regionCode, level, kind: 'committee' });
}

async function seedDemo(m: EntityManager, password: string, now: Date): Promise<BootstrapResult['demoAccounts']> {
  const province = await committeeOf(m, '510000', 'provincial');
  const chengdu = await committeeOf(m, '510100', 'city');
  const wuhou = await committeeOf(m, '510107', 'county');
  const jinjiang = await committeeOf(m, '510104', 'county');
  const mianyang = await committeeOf(m, '510700', 'city');
  const fucheng = await committeeOf(m, '510703', 'county');

  const uni = await insertOrg(m, wuhou, {
    name: '四川示范大学团委',
    kind: 'committee',
    level: 'base',
    industry: 'university',
    regionCode: '510107',
  });
  const college = await insertOrg(m, uni, {
    name: '计算机学院团总支',
    kind: 'general_branch',
    level: 'base',
    industry: 'university',
    regionCode: '510107',
  });
  const b1 = await insertOrg(m, college, {
    name: '计算机2022级1班团支部',
    kind: 'branch',
    level: 'base',
    industry: 'university',
    regionCode: '510107',
    graduationDate: '2026-06-30',
  });
  const b2 = await insertOrg(m, college, {
    name: '计算机2022级2班团支部',
    kind: 'branch',
    level: 'base',
    industry: 'university',
    regionCode: '510107',
  });
  await insertOrg(m, uni, {
    name: '四川示范大学新生团组织',
    kind: 'branch',
    level: 'base',
    industry: 'university',
    regionCode: '510107',
    purpose: 'new_students',
  });
  const street = await insertOrg(m, wuhou, {
    name: '武侯区簇桥街道团工委',
    kind: 'working_committee',
    level: 'base',
    industry: 'township',
    regionCode: '510107',
  });
  await insertOrg(m, street, {
    name: '簇桥街道流动团员团支部',
    kind: 'branch',
    level: 'base',
    industry: 'township',
    regionCode: '510107',
    purpose: 'mobile',
  });
  const sampleEmployer = await insertOrg(m, wuhou, {
    name: '成都示例科技有限公司团支部',
    kind: 'branch',
    level: 'base',
    industry: 'enterprise',
    regionCode: '510107',
  });
  const school2 = await insertOrg(m, jinjiang, {
    name: '锦江示范中学团委',
    kind: 'committee',
    level: 'base',
    industry: 'high_school',
    regionCode: '510104',
  });
  const b3 = await insertOrg(m, school2, {
    name: '高三1班团支部',
    kind: 'branch',
    level: 'base',
    industry: 'high_school',
    regionCode: '510104',
  });
  const uni2 = await insertOrg(m, fucheng, {
    name: '绵阳示范学院团委',
    kind: 'committee',
    level: 'base',
    industry: 'university',
    regionCode: '510703',
  });
  const newStudents2 = await insertOrg(m, uni2, {
    name: '绵阳示范学院新生团组织',
    kind: 'branch',
    level: 'base',
    industry: 'university',
    regionCode: '510703',
    purpose: 'new_students',
  });

  let seq = 0;
  const members: MemberEntity[] = [];
  const addMembers = (branch: OrgEntity, count: number, region: string, year: number, school: OrgEntity): void => {
    for (let i = 0; i < count; i++) {
      seq++;
      const birth = `${year}-${String((seq % 12) + 1).padStart(2, '0')}-${String((seq % 28) + 1).padStart(2, '0')}`;
      // Sequence numbers below 100 are kept for hand-made data: the generated country's start at 100.
      const id = makeIdCardNumber(region, birth, seq * 2 + (i % 2));
      members.push(
        m.create(MemberEntity, {
          orgId: branch.id,
          name: `${SURNAMES[seq % SURNAMES.length]}${GIVEN[seq % GIVEN.length]}`,
          idCardNumber: id,
          gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
          birthDate: birth,
          phone: `138${String(10000000 + seq * 7919).slice(-8)}`,
          // §2 入团时间 on or after the 14th birthday (checkJoinDate): the May after it.
          joinDate: `${year + 15}-05-04`,
          partyMember: seq % 7 === 0,
          educationStage: school.industry,
          emergencyContact: `家长 139${String(20000000 + seq * 131).slice(-8)}`,
          graduationDate: branch.graduationDate,
          schoolOrgId: school.id,
          status: 'active',
        }),
      );
    }
  };
  addMembers(b1, 12, '510107', 2004, uni);
  addMembers(b2, 10, '510104', 2004, uni);
  addMembers(b3, 8, '510104', 2008, school2);
  await m.save(members, { chunk: 100 });

  const hash = await argon2.hash(password);
  const accounts: [string, OrgEntity][] = [
    ['sichuan', province],
    ['chengdu', chengdu],
    ['wuhou', wuhou],
    ['jinjiang', jinjiang],
    ['mianyang', mianyang],
    ['school', uni],
    ['branch', b1],
    ['street', street],
  ];
  const result: BootstrapResult['demoAccounts'] = [];
  const actors = new Map<string, { id: string; role: ReturnType<typeof adminRoleForOrg> }>();
  for (const [username, org] of accounts) {
    const role = adminRoleForOrg(org);
    const inserted = await m.insert(UserEntity, {
      username,
      usernameSkeleton: skeletonOf(username),
      passwordHash: hash,
      role,
      orgId: org.id,
    });
    actors.set(username, { id: (inserted.identifiers[0] as { id: string }).id, role });
    result.push({ username, role, org: org.name, password });
  }
  // Issue 23 item 9: a season in progress for the `school` account's school.
  const actor = (username: string) => actors.get(username) as { id: string; role: ReturnType<typeof adminRoleForOrg> };
  await seedDemoSeason(
    m,
    {
      school: uni,
      college,
      schoolAdmin: actor('school'),
      sampleEmployer,
      sampleEmployerReviewer: actor('wuhou'),
      newStudents: newStudents2,
      newStudentsReviewer: actor('mianyang'),
      jinjiang,
    },
    now,
  );
  const member = members[0] as MemberEntity;
  await m.insert(UserEntity, {
    username: member.idCardNumber,
    usernameSkeleton: skeletonOf(member.idCardNumber),
    passwordHash: hash,
    role: 'member',
    memberId: member.id,
  });
  result.push({ username: member.idCardNumber, role: 'member', org: b1.name, password });
  return result;
}
