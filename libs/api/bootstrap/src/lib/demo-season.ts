import type { EntityManager } from 'typeorm';
import { becomesGraduatesOrg, idCardCheckChar, toShanghaiDate } from '@zhtj/domain';
import type { Destination, Role, TransferStatus } from '@zhtj/domain';
import { TransferEntity, TransferReminderEntity } from '@zhtj/api/transfers';
import { MemberEntity } from '@zhtj/api/members';
import { OrgEntity } from '@zhtj/api/orgs';
import { insertOrg } from './org-insert';

/** An account the story acts through: its id and role. */
export interface DemoActor {
  id: string;
  role: Role;
}

/** The demo's own orgs and accounts the season is told with (bootstrap's `seedDemo`). */
export interface DemoSeasonCast {
  /** 四川示范大学团委, the `school` account's org, and its 计算机学院团总支. */
  school: OrgEntity;
  college: OrgEntity;
  schoolAdmin: DemoActor;
  /** 成都示例科技有限公司团支部 (武侯区), reviewed by `wuhou`. */
  sampleEmployer: OrgEntity;
  sampleEmployerReviewer: DemoActor;
  /** 绵阳示范学院新生团组织, reviewed by `mianyang`. */
  newStudents: OrgEntity;
  newStudentsReviewer: DemoActor;
  /** 锦江区's committee: the generated employers and high schools under it (the generated country's first county of Sichuan). */
  jinjiang: OrgEntity;
}

type Outcome = 'approved' | 'pending' | 'rejected';
type Target = 'study' | 'sample' | 'county' | 'external';

interface Graduate {
  name: string;
  destination: Destination | null;
  /** Sent where, with what outcome; `at` places the initiation in the season (0 = early May, 1 = late September or now). */
  transfer?: { to: Target; outcome: Outcome; at: number; reminded?: boolean; reason?: string };
}

/**
 * One class of this season's graduates of the demo school (issue 23 item 9): a newcomer logged in as
 * `school` sees on 首页 what the console is for — destinations recorded, transfers approved,
 * pending (one reminded), one returned with its reason, one not yet sent, one retained at school.
 * Surnames outside the hand-made demo members' (bootstrap's SURNAMES), so none shares their names.
 */
const CLASS: readonly Graduate[] = [
  { name: '郑雨桐', destination: 'further_study', transfer: { to: 'study', outcome: 'approved', at: 0.15 } },
  { name: '谢思远', destination: 'further_study', transfer: { to: 'study', outcome: 'approved', at: 0.3 } },
  { name: '宋嘉怡', destination: 'further_study', transfer: { to: 'study', outcome: 'pending', at: 0.8, reminded: true } },
  { name: '唐浩然', destination: 'further_study' },
  { name: '许子涵', destination: 'employment', transfer: { to: 'sample', outcome: 'approved', at: 0.1 } },
  { name: '韩欣怡', destination: 'employment', transfer: { to: 'county', outcome: 'approved', at: 0.2 } },
  { name: '冯宇轩', destination: 'employment', transfer: { to: 'county', outcome: 'approved', at: 0.4 } },
  { name: '邓诗琪', destination: 'employment', transfer: { to: 'county', outcome: 'pending', at: 0.85, reminded: true } },
  { name: '曹俊杰', destination: 'employment', transfer: { to: 'sample', outcome: 'pending', at: 0.9 } },
  {
    name: '彭梓萱',
    destination: 'employment',
    transfer: { to: 'county', outcome: 'rejected', at: 0.6, reason: '经核实该生未在本单位入职，请核对毕业去向' },
  },
  { name: '曾明轩', destination: 'employment', transfer: { to: 'external', outcome: 'pending', at: 0.7 } },
  // §2.4: retained at school (no transfer, at most 6 months).
  { name: '肖佳琪', destination: 'unemployed' },
  { name: '董志强', destination: 'employment' },
  // Has not told the school yet.
  { name: '袁一诺', destination: null },
];

/** Last season's graduate still retained at school past the 6 months (§2.4): the school's overdue list. */
const RETAINED_LAST_SEASON = '潘博文';
/** The generated high school's graduate coming to the demo school (升学), reminded by that school. */
const INCOMING = '蒋雅婷';
const EXTERNAL = { provinceCode: '440000', orgName: '广东省深圳市南山区示范电子有限公司团支部' };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A valid GB 11643 ID number; sequences 70–99 are the season's (bootstrap's hand-made members use lower ones, the generator 100 and up). */
function idCard(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

/**
 * Writes the demo school's season into the demo country, through the same tables (and so the same
 * metrics triggers) as the rest of `seedDemo`: everything happens between 1 May of the cohort year
 * and `now`; transfers still pending were initiated by 30 September, so none is returned by the
 * 10-day rule (§3.2.3) while the demo runs; reminders are sent shortly before `now`, so they stay with
 * the reviewing org and its superior (no escalation yet).
 */
export async function seedDemoSeason(m: EntityManager, cast: DemoSeasonCast, now: Date): Promise<void> {
  const today = toShanghaiDate(now) as string;
  const year = Number(today.slice(0, 4)) - (today.slice(5) >= '05-01' ? 0 : 1);
  const nowMs = now.getTime();
  const start = Math.min(Date.parse(`${year}-05-06T09:30:00+08:00`), nowMs - 4 * HOUR);
  const end = Math.max(start, Math.min(Date.parse(`${year}-09-28T15:00:00+08:00`), nowMs - 3 * HOUR));
  const at = (f: number): Date => new Date(start + f * (end - start));
  const later = (from: Date, days: number): Date =>
    new Date(Math.max(from.getTime() + 60_000, Math.min(from.getTime() + days * DAY, nowMs - 2.5 * HOUR)));
  const remindedAt = (initiated: Date): Date => new Date(Math.max(initiated.getTime() + 60_000, nowMs - 2 * HOUR));

  // A class of the college (its branch), entered in `entryYear` and graduating on `graduationDate`.
  const classBranch = (entryYear: number, graduationDate: string, purpose: 'graduates' | null) =>
    insertOrg(m, cast.college, {
      name: `软件工程${entryYear}级1班团支部`,
      kind: 'branch',
      level: 'base',
      industry: 'university',
      regionCode: cast.school.regionCode,
      graduationDate,
      purpose,
    });
  const graduation = `${year}-06-30`;
  const grads = await classBranch(
    year - 4,
    graduation,
    becomesGraduatesOrg({ kind: 'branch', mixed: false, purpose: null, graduationDate: graduation }, now) ? 'graduates' : null,
  );
  const lastSeason = await classBranch(year - 5, `${year - 1}-06-30`, 'graduates');

  // Employers of 锦江区 (generated, each with its admin account), reviewing their incoming transfers.
  const countyEmployers: { id: string; name: string; admin_id: string; admin_role: Role }[] = await m.query(
    `SELECT o.id, o.name, u.id AS admin_id, u.role AS admin_role FROM org o JOIN app_user u ON u.org_id = o.id
      WHERE o.parent_id = $1 AND o.kind = 'branch' AND o.industry = 'enterprise' AND o.purpose IS NULL
      ORDER BY o.name, o.id LIMIT 3`,
    [cast.jinjiang.id],
  );
  let nextEmployer = 0;
  const target = (to: Target): { org: { id: string; name: string } | null; reviewer: DemoActor | null } => {
    if (to === 'study') return { org: cast.newStudents, reviewer: cast.newStudentsReviewer };
    if (to === 'external') return { org: null, reviewer: null };
    const e = to === 'county' ? countyEmployers[nextEmployer++ % Math.max(1, countyEmployers.length)] : undefined;
    return e
      ? { org: e, reviewer: { id: e.admin_id, role: e.admin_role } }
      : { org: cast.sampleEmployer, reviewer: cast.sampleEmployerReviewer };
  };

  let seq = 70;
  const member = (orgId: string, name: string, birthYear: number, fields: Partial<MemberEntity>): MemberEntity => {
    seq++;
    const birth = `${birthYear}-${String((seq % 12) + 1).padStart(2, '0')}-${String((seq % 27) + 1).padStart(2, '0')}`;
    const id = idCard(cast.school.regionCode, birth, seq);
    return m.create(MemberEntity, {
      orgId,
      name,
      idCardNumber: id,
      gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
      birthDate: birth,
      phone: `137${String(30000000 + seq * 7919).slice(-8)}`,
      joinDate: `${birthYear + 15}-05-04`,
      partyMember: false,
      educationStage: 'university',
      emergencyContact: `家长 136${String(40000000 + seq * 131).slice(-8)}`,
      schoolOrgId: cast.school.id,
      status: 'active',
      ...fields,
    });
  };

  const transfers: TransferEntity[] = [];
  const reminders: { transfer: TransferEntity; by: DemoActor }[] = [];
  const members: MemberEntity[] = [];
  /** Approved transfers move their members, as an approval does (DOMAIN.md §5). */
  const moves: { member: MemberEntity; orgId: string }[] = [];
  for (const g of CLASS) {
    const plan = g.transfer;
    const to = plan ? target(plan.to) : null;
    // Written into the class first, as the school registered them: a graduation date written in
    // another school's org would start a cohort there (metrics_member_before).
    const mb = member(grads.id, g.name, year - 22, { graduationDate: graduation, destination: g.destination });
    members.push(mb);
    if (!plan || !to) continue;
    if (plan.outcome === 'approved' && to.org) moves.push({ member: mb, orgId: to.org.id });
    const initiated = at(plan.at);
    const decided = plan.outcome === 'pending' ? null : later(initiated, plan.outcome === 'approved' ? 6 : 3);
    const t = m.create(TransferEntity, {
      memberId: '',
      type: g.destination as Destination,
      status: plan.outcome as TransferStatus,
      fromOrgId: grads.id,
      fromOrgName: grads.name,
      toOrgId: to.org?.id ?? null,
      toOrgName: to.org?.name ?? null,
      externalProvinceCode: to.org ? null : EXTERNAL.provinceCode,
      externalOrgName: to.org ? null : EXTERNAL.orgName,
      initiatedBy: cast.schoolAdmin.id,
      initiatorRole: cast.schoolAdmin.role,
      initiatorSide: 'outgoing',
      initiatedAt: initiated,
      decidedBy: decided ? (to.reviewer?.id ?? null) : null,
      decidedAt: decided,
      reason: plan.outcome === 'rejected' ? (plan.reason ?? null) : null,
    });
    transfers.push(t);
    if (plan.reminded) reminders.push({ transfer: t, by: cast.schoolAdmin });
  }
  const retained = member(lastSeason.id, RETAINED_LAST_SEASON, year - 23, {
    graduationDate: `${year - 1}-06-30`,
    destination: 'unemployed',
  });
  members.push(retained);

  // A graduate of a generated high school of 锦江区 admitted here (升学), waiting for this school's answer.
  const [hs]: { branch_id: string; branch_name: string; graduation_date: string; school_id: string; admin_id: string; admin_role: Role }[] =
    await m.query(
      `SELECT b.id AS branch_id, b.name AS branch_name, b.graduation_date::text AS graduation_date, s.id AS school_id, u.id AS admin_id, u.role AS admin_role
       FROM org s JOIN app_user u ON u.org_id = s.id JOIN org b ON b.parent_id = s.id
      WHERE s.parent_id = $1 AND s.kind = 'committee' AND s.industry = 'high_school'
        AND b.kind = 'branch' AND NOT b.mixed AND b.graduation_date BETWEEN $2::date AND $3::date
      ORDER BY s.name, b.name LIMIT 1`,
      [cast.jinjiang.id, `${year}-01-01`, `${year}-12-31`],
    );
  const schoolNewStudents = hs ? await m.findOneBy(OrgEntity, { parentId: cast.school.id, purpose: 'new_students' }) : null;
  let incoming: MemberEntity | null = null;
  if (hs && schoolNewStudents) {
    incoming = member(hs.branch_id, INCOMING, year - 18, {
      graduationDate: hs.graduation_date,
      destination: 'further_study',
      educationStage: 'high_school',
      schoolOrgId: hs.school_id,
    });
    members.push(incoming);
  }

  await m.save(members);
  // Transfers follow their members (each CLASS entry with a transfer, in order).
  let k = 0;
  for (const [i, g] of CLASS.entries()) if (g.transfer) (transfers[k++] as TransferEntity).memberId = (members[i] as MemberEntity).id;
  if (incoming && hs && schoolNewStudents) {
    const initiated = at(0.75);
    const t = m.create(TransferEntity, {
      memberId: incoming.id,
      type: 'further_study',
      status: 'pending',
      fromOrgId: hs.branch_id,
      fromOrgName: hs.branch_name,
      toOrgId: schoolNewStudents.id,
      toOrgName: schoolNewStudents.name,
      initiatedBy: hs.admin_id,
      initiatorRole: hs.admin_role,
      initiatorSide: 'outgoing',
      initiatedAt: initiated,
    });
    transfers.push(t);
    reminders.push({ transfer: t, by: { id: hs.admin_id, role: hs.admin_role } });
  }
  await m.save(transfers);
  for (const mv of moves) await m.update(MemberEntity, { id: mv.member.id }, { orgId: mv.orgId });
  for (const r of reminders) {
    const sentAt = remindedAt(r.transfer.initiatedAt);
    await m.insert(TransferReminderEntity, {
      transferId: r.transfer.id,
      sentBy: r.by.id,
      senderRole: r.by.role,
      sentAt,
      sentDay: toShanghaiDate(sentAt) as string,
    });
  }
}
