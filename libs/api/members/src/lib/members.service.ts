import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import {
  SCHOOL_DOMAIN_INDUSTRIES,
  ageLimitBornOnOrBefore,
  maskIdCardNumber,
  maskPhone,
  retentionOverdueGraduatedOnOrBefore,
} from '@zhtj/domain';
import { AppError, Clock, RequestContext } from '@zhtj/api/core';
import { ScopedDb, countCapped, isUuid } from '@zhtj/api/db';
import { OrgEntity, orgContexts } from '@zhtj/api/orgs';
import type { MemberDetail, MemberFilter, MemberListItem, MemberPage } from '@zhtj/shared/contract';
import { MemberEntity } from './member.entity';
import type { MemberListQuery } from './dto';

export type { MemberDetail, MemberListItem };

/** The member's own account, as the detail names it (accounts are the auth context's, read here by table: auth depends on members). */
type MemberAccount = { id: string; username: string };

function detail(
  m: MemberEntity,
  org: Pick<OrgEntity, 'name' | 'purpose'>,
  orgContext: string[],
  account: MemberAccount | null,
): MemberDetail {
  return {
    id: m.id,
    orgId: m.orgId,
    orgName: org.name,
    orgContext,
    orgPurpose: org.purpose,
    name: m.name,
    idCardNumber: m.idCardNumber,
    gender: m.gender,
    birthDate: m.birthDate,
    phone: m.phone,
    joinDate: m.joinDate,
    partyMember: m.partyMember,
    emergencyContact: m.emergencyContact,
    leaguePost: m.leaguePost,
    educationStage: m.educationStage,
    graduationDate: m.graduationDate,
    destination: m.destination,
    graduationMark: m.graduationMark,
    schoolOrgId: m.schoolOrgId,
    status: m.status,
    leftReason: m.leftReason,
    leftAt: m.leftAt ? m.leftAt.toISOString() : null,
    graduationOrgId: m.graduationDate ? (m.graduationOrgId ?? null) : null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    account: account ? { id: account.id, username: account.username } : null,
  };
}

/** Personal data is masked in every list (DOMAIN.md §2). */
export function listItem(m: MemberEntity, orgName: string, orgContext: string[]): MemberListItem {
  return {
    id: m.id,
    orgId: m.orgId,
    orgName,
    orgContext,
    name: m.name,
    idCardNumber: maskIdCardNumber(m.idCardNumber),
    gender: m.gender,
    birthDate: m.birthDate,
    phone: maskPhone(m.phone),
    joinDate: m.joinDate,
    partyMember: m.partyMember,
    graduationDate: m.graduationDate,
    destination: m.destination,
    graduationMark: m.graduationMark,
    status: m.status,
  };
}

/**
 * Reading members (§2): the list (filtered, paged, masked), the filters the export shares, and a
 * member's detail. Recording them is `MemberRecordsService`'s.
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
  ) {}

  /** The org filter of a list query, checked against the scope once (`filtered` builds several queries from one filter). */
  private readonly orgFilters = new WeakMap<MemberFilter, Promise<OrgEntity>>();

  async list(q: MemberListQuery): Promise<MemberPage> {
    const after = q.after === undefined ? null : decodeCursor(q.after);
    // The province key is implied by the scope: the planner estimates better without it. (The
    // count keeps the org join: without it the planner took a sequential scan of member for the
    // `graduationYear` count, 0.1–1.5 s at scale 0.05.)
    const base = await this.filtered(q);
    // countCapped reads clones of `base`; the page is `base` itself.
    const count = await countCapped(base, undefined, await this.filtered(q, { provinceKey: false }));
    const page = inListOrder(base).limit(q.pageSize);
    if (after) {
      // Keyset paging: the rows after the cursor, by the same (province, name, id) index walk as page 1.
      page.andWhere('(m.name, m.id) > (:afterName, :afterId)', { afterName: after.name, afterId: after.id });
    } else if (q.page > 1) {
      // A page by number: the rows before it are only counted off the index walk (ids, with the
      // scope), and only the page's own rows are read in full with their org (issue 8).
      const skipped = inListOrder((await this.filtered(q, { org: false })).select('m.id'))
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize);
      page.andWhere(`m.id IN (${skipped.getQuery()})`).setParameters({ ...page.getParameters(), ...skipped.getParameters() });
    }
    const { entities, raw } = await page.getRawAndEntities();
    const last = entities.length === q.pageSize ? entities[entities.length - 1] : undefined;
    // The page's orgs beside their names: their schools or townships (one query for the page).
    const contextOf = await orgContexts(
      this.db.lagTolerant.unscoped('orgs.ancestors'),
      raw.map((r) => r?.org_path),
    );
    return {
      items: entities.map((m, i) => listItem(m, raw[i]?.org_name ?? '', contextOf(raw[i]?.org_path))),
      ...count,
      nextCursor: last ? encodeCursor(last) : null,
    };
  }

  /** The caller's province (two digits) when its scope lies within one (read with the account); null for the national committee. */
  private scopeProvince(): string | null {
    const actor = RequestContext.actor();
    return actor.role === 'member' ? null : (actor.scopeProvince ?? null);
  }

  /**
   * Members in scope matching the list filters (alias `m`; with `org`, the default, joined to its
   * org `o` with `org_name` selected); shared by the list and the export. Without `org` the org is
   * joined only where a filter needs it (an index walk past a page's earlier rows reads no org row).
   * Lag-tolerant: a list page or an export of a large scope may come from a hot standby
   * (docs/scaling.md); after its caller writes, from the primary (`ReadReplicas`).
   */
  async filtered(q: MemberFilter, opts: { provinceKey?: boolean; org?: boolean } = {}): Promise<SelectQueryBuilder<MemberEntity>> {
    const qb = this.db.lagTolerant.query('member', 'm');
    if (opts.org !== false || q.orgId || q.overdue !== undefined)
      qb.innerJoin(OrgEntity, 'o', 'o.id = m.orgId').addSelect('o.name', 'org_name').addSelect('o.path', 'org_path');
    // Implied by the scope, stated for the planner: the province key leads the list index (docs/scaling.md).
    const province = opts.provinceKey === false ? null : this.scopeProvince();
    if (province) qb.andWhere('m.provinceCode = :scopeProvince', { scopeProvince: province });
    if (q.orgId) {
      // In scope or 404; checked once per filter object however many queries are built from it.
      let org = this.orgFilters.get(q);
      if (!org) this.orgFilters.set(q, (org = this.db.byId('org', q.orgId)));
      qb.andWhere('o.path @> ARRAY[:orgFilter]::uuid[]', { orgFilter: (await org).id });
    }
    const status = q.status ?? 'active';
    if (status !== 'all') qb.andWhere('m.status = :status', { status });
    if (q.q) {
      // Every form is an index lookup at national volume (docs/scaling.md): a whole ID number by
      // its unique index, its tail by the reversed-number index, a name by prefix (surname or full
      // name) on the (province_code, name, id) / (name, id) indexes — the range finds, LIKE confirms.
      const id = q.q.toUpperCase();
      if (/^\d{17}[\dX]$/.test(id)) {
        qb.andWhere('m.idCardNumber = :idCard', { idCard: id });
      } else if (/^[\dX]{4,17}$/.test(id)) {
        qb.andWhere('reverse(m.id_card_number::text) LIKE :idTail', { idTail: `${[...id].reverse().join('')}%` });
      } else {
        qb.andWhere(`m.name >= :nameFrom AND m.name < :nameTo AND m.name LIKE :namePrefix ESCAPE '\\'`, {
          nameFrom: q.q,
          nameTo: `${q.q}\u{10FFFF}`,
          namePrefix: `${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        });
      }
    }
    if (q.graduationYear) {
      qb.andWhere('m.graduationDate BETWEEN :gFrom AND :gTo', { gFrom: `${q.graduationYear}-01-01`, gTo: `${q.graduationYear}-12-31` });
    }
    if (q.destination) qb.andWhere('m.destination = :destination', { destination: q.destination });
    if (q.overdue !== undefined) {
      // The domain's `isMemberOverdue` (Q1 with the League post; §2.4 retention), as thresholds the
      // domain derives from its own rules; `IS TRUE` so NULL fields count as "not overdue".
      const now = this.clock.now();
      const overdueSql = `((m.birthDate <= :bornBy AND COALESCE(m.leaguePost, '') = '')
        OR (m.destination = 'unemployed' AND o.industry IN (:...schoolIndustries) AND m.graduationDate <= :graduatedBy))`;
      qb.andWhere(q.overdue ? `${overdueSql} IS TRUE` : `${overdueSql} IS NOT TRUE`, {
        bornBy: ageLimitBornOnOrBefore(now),
        graduatedBy: retentionOverdueGraduatedOnOrBefore(now),
        schoolIndustries: [...SCHOOL_DOMAIN_INDUSTRIES],
      });
    }
    return qb;
  }

  async get(id: string): Promise<MemberDetail> {
    return this.detailOf(await this.db.byId('member', id));
  }

  /**
   * The member the caller has just changed, read without scope: a mark of 延迟毕业 moves the
   * member into the school's delayed org, which a college admin may not see (§2.7).
   */
  async getAfterOwnWriteUnscoped(id: string): Promise<MemberDetail> {
    return this.detailOf(await this.db.unscoped('members.detail').findOneByOrFail(MemberEntity, { id }));
  }

  private async detailOf(m: MemberEntity): Promise<MemberDetail> {
    const reader = this.db.unscoped('members.detail');
    const org = await reader.findOneByOrFail(OrgEntity, { id: m.orgId });
    // The member is in scope, so its own account is too (the scope rule `user`).
    const [account] = await reader.query<MemberAccount[]>('SELECT id, username FROM app_user WHERE member_id = $1 LIMIT 1', [m.id]);
    const contextOf = await orgContexts(this.db.unscoped('orgs.ancestors'), [org.path]);
    return detail(m, org, contextOf(org.path), account ?? null);
  }
}

/** The member list's order, which its index (province, name, id) and its cursors follow. */
function inListOrder(qb: SelectQueryBuilder<MemberEntity>): SelectQueryBuilder<MemberEntity> {
  return qb.orderBy('m.name', 'ASC').addOrderBy('m.id', 'ASC');
}

/** A list cursor: the last row's sort key (name, id), base64url JSON — opaque to clients. */
function encodeCursor(m: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([m.name, m.id]), 'utf8').toString('base64url');
}

/** The sort key in a cursor, or 400 VALIDATION_FAILED (field `after`). */
function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && isUuid(v[1]))
      return { name: v[0], id: v[1] };
  } catch {
    /* not a cursor */
  }
  throw new AppError('VALIDATION_FAILED', { errors: [{ field: 'after', message: 'after 须为上一页返回的 nextCursor' }] });
}
