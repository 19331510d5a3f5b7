// The member, transfer and member-account rows. Members go out as they are made; transfers and
// members' accounts are spooled to a file and follow once every member is written.
import { leagueAgeDate } from '@zhtj/domain';
import type { Destination, Role, TransferStatus, TransferType } from '@zhtj/domain';
import { COMPANY, EXTERNAL_NAME, EXTERNAL_PLACES, MEMBER_COLUMNS, TRANSFER_COLUMNS, USER_COLUMNS } from './catalogue';
import type { GenContext, GenOrg } from './model';
import { skeleton } from './orgs';
import type { People, Person } from './people';
import type { TableWriter } from './sink';
import { Spool } from './sink';

export interface MemberRow {
  id: string;
  orgId: string;
  p: Person;
  stage: string | null;
  graduationDate: string | null;
  schoolId: string | null;
  destination: Destination | null;
  status?: 'active' | 'left';
  leftReason?: string | null;
  /** When a member who left did (status `left`). */
  leftAt?: Date | null;
  /** The branch whose marking gave the graduation date (DOMAIN.md §6 graduation events); default: the member's org. */
  graduationOrgId?: string | null;
  mark?: 'delayed' | null;
  party?: boolean;
}

export interface Initiator {
  id: string;
  role: Role;
  side: 'member' | 'outgoing' | 'receiving';
}

export interface TransferRow {
  memberId: string;
  type: TransferType;
  status: TransferStatus;
  from: GenOrg;
  to: GenOrg | null;
  external: string | null;
  initiatedBy: Initiator;
  initiatedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  /** 延迟毕业 (§2.7): decided by the marking itself, no account (issue 21). */
  byMarking?: boolean;
}

export class Rows {
  private readonly members: TableWriter;
  private readonly transfers = new Spool();
  private readonly memberAccounts = new Spool();
  /** Where each org is, for the province key of the members in it (docs/scaling.md). */
  private readonly regionOf: Map<string, string>;

  constructor(
    private readonly ctx: GenContext,
    private readonly people: People,
    orgs: readonly GenOrg[],
    private readonly expectedMembers: number,
  ) {
    this.members = ctx.opts.sink.table('member', MEMBER_COLUMNS);
    this.regionOf = new Map<string, string>(orgs.map((o) => [o.id, o.region]));
  }

  async member(m: MemberRow): Promise<void> {
    const { rng, today, summary } = this.ctx;
    const joinYear = Number(m.p.birth.slice(0, 4)) + rng.int(14, 16);
    // §2 入团时间 (checkJoinDate): on or after the 14th birthday, not after today.
    const at14 = leagueAgeDate(m.p.birth) as string;
    const joinDate = [`${joinYear}-05-04`, at14].sort()[1] as string;
    // prettier-ignore
    await this.members.write([
      m.id, m.orgId, m.p.name, m.p.id, m.p.gender, m.p.birth, this.people.phone(), joinDate > today ? today : joinDate, m.party ?? rng.chance(0.06), m.stage,
      `${rng.pick(['父亲', '母亲', '配偶', '兄长'])} ${this.people.phone()}`, m.graduationDate, m.schoolId, m.destination, m.status ?? 'active', m.leftReason ?? null, m.mark ?? null,
      (this.regionOf.get(m.orgId) as string).slice(0, 2),
      m.graduationOrgId ?? m.orgId, m.status === 'left' ? (m.leftAt?.toISOString() ?? null) : null,
    ]);
    summary.members++;
    if (summary.members % 20000 === 0) this.ctx.progress('members', summary.members, this.expectedMembers);
  }

  /** A member's own account: its username is the member's ID number. */
  async memberAccount(accountId: string, idCardNumber: string, memberId: string): Promise<void> {
    await this.memberAccounts.write([
      accountId,
      idCardNumber,
      this.ctx.opts.passwordHash,
      'member',
      null,
      memberId,
      skeleton(idCardNumber),
    ]);
  }

  async transfer(t: TransferRow): Promise<void> {
    const { rng, opts, summary } = this.ctx;
    const ext = t.external;
    // Nothing happens after the clock: today's office hours end at `now`.
    const limit = opts.now.getTime() - 60_000;
    if (t.initiatedAt.getTime() > limit) t.initiatedAt = new Date(limit - rng.int(0, 3600) * 1000);
    if (t.decidedAt && t.decidedAt.getTime() > limit) t.decidedAt = new Date(limit);
    if (t.decidedAt && t.decidedAt < t.initiatedAt) t.decidedAt = t.initiatedAt;
    // prettier-ignore
    await this.transfers.write([
      rng.uuid(), t.memberId, t.type, t.status, t.from.id, t.to?.id ?? null, ext, ext ? `${EXTERNAL_NAME[ext]}${rng.pick(EXTERNAL_PLACES[ext] ?? [''])}${rng.pick(COMPANY)}有限公司团支部` : null,
      t.initiatedBy.id, t.initiatedBy.role, t.initiatedAt.toISOString(), t.decidedBy, t.decidedAt?.toISOString() ?? null, t.reason,
      t.byMarking ? '标记延迟毕业' : t.type === 'abroad_study' ? '国内联系人：家长，电话已登记' : null, t.initiatedBy.side, t.from.name, t.to?.name ?? null, t.from.region.slice(0, 2),
      t.byMarking === true,
    ]);
    summary.transfers++;
    summary.transfersByStatus[t.status]++;
    summary.transfersByType[t.type] = (summary.transfersByType[t.type] ?? 0) + 1;
  }

  /** Ends the members, then writes the spooled members' accounts and transfers. */
  async finish(): Promise<void> {
    const { opts, summary, progress } = this.ctx;
    await this.members.end();
    progress('members', summary.members, summary.members);
    const accountRows = this.memberAccounts.rows;
    await this.memberAccounts.drainTo(opts.sink.table('app_user', USER_COLUMNS));
    summary.accounts += accountRows;
    const transferRows = this.transfers.rows;
    let done = 0;
    await this.transfers.drainTo(opts.sink.table('transfer', TRANSFER_COLUMNS), () => {
      if (++done % 20000 === 0) progress('transfers', done, transferRows);
    });
    progress('transfers', transferRows, transferRows);
  }
}
