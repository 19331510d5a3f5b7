import { Injectable } from '@nestjs/common';
import {
  SCHOOL_DOMAIN_INDUSTRIES,
  TRANSFER_TYPES,
  addDays,
  needsCheckIn,
  isListed,
  listedIfStartedOnOrBefore,
  maskIdCardNumber,
  mobileTierKeys,
  overdueListStatus,
  shanghaiMidnight,
  toShanghaiDate,
} from '@zhtj/domain';
import type { OverdueList } from '@zhtj/domain';
import type { OverdueRow } from '@zhtj/shared/contract';
import { AppError, Clock, Page, RequestContext } from '@zhtj/api/core';
import { ScopedDb } from '@zhtj/api/db';
import { orgContexts, OrgEntity } from '@zhtj/api/orgs';
import type { SelectQueryBuilder } from 'typeorm';
import type { MemberEntity } from './member.entity';

/** Most rows one export writes. */
export const OVERDUE_EXPORT_MAX_ROWS = 50_000;

/** The latest approved transfer into the member's current org (when the member was received). */
const RECEIVED = `(SELECT tr.decided_at FROM transfer tr WHERE tr.member_id = m.id AND tr.to_org_id = m.org_id AND tr.status = 'approved' ORDER BY tr.decided_at DESC LIMIT 1)`;
const RECEIVED_AS = `(SELECT tr.type FROM transfer tr WHERE tr.member_id = m.id AND tr.to_org_id = m.org_id AND tr.status = 'approved' ORDER BY tr.decided_at DESC LIMIT 1)`;
const LAST_REPORT = `(SELECT max(ar.report_date) FROM abroad_report ar WHERE ar.member_id = m.id)`;
/** §1: a mobile branch's tier key, the committee it sits under (else its own level) and its industry (domain `mobileTierKeys`). */
const TIER_KEY = `(COALESCE(p.level, o.level) || '/' || COALESCE(o.industry, ''))`;

interface Raw {
  start_at: Date | string | null;
  last_report: string | null;
  org_name: string;
  org_path: string[];
}

/**
 * DOMAIN.md §3, §5's lists (API.md `GET /api/members/overdue?list=`). Each list is one rule of
 * `libs/domain/src/lib/overdue.ts`; SQL selects and pages the members the rule can list, using
 * the threshold the domain derives from that rule (`listedIfStartedOnOrBefore`), and the rule
 * itself gives each row its status and due date.
 */
@Injectable()
export class OverdueService {
  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
  ) {}

  async list(q: { list: OverdueList; orgId?: string; page: number; pageSize: number }): Promise<Page<OverdueRow>> {
    const qb = await this.query(q.list, q.orgId);
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getRawAndEntities<Raw>();
    // The page's orgs beside their names (their schools or townships), one query for the page.
    const contextOf = await orgContexts(
      this.db.lagTolerant.unscoped('orgs.ancestors'),
      raw.map((r) => r.org_path),
    );
    return { items: this.rows(q.list, entities, raw, contextOf), total };
  }

  async all(list: OverdueList, orgId?: string): Promise<OverdueRow[]> {
    const qb = await this.query(list, orgId);
    const total = await qb.getCount();
    if (total > OVERDUE_EXPORT_MAX_ROWS) throw new AppError('EXPORT_TOO_LARGE', { details: { total, max: OVERDUE_EXPORT_MAX_ROWS } });
    const { entities, raw } = await qb.getRawAndEntities<Raw>();
    // The export's org column is the name alone.
    return this.rows(list, entities, raw, () => []);
  }

  private rows(list: OverdueList, members: MemberEntity[], raw: Raw[], contextOf: (path: readonly string[]) => string[]): OverdueRow[] {
    const now = this.clock.now();
    return members.flatMap((m, i) => {
      const r = raw[i] as Raw;
      const start = list === 'school_retention' ? m.graduationDate : startOf(list, r);
      const result = overdueListStatus(list, start, now);
      const since = toShanghaiDate(start);
      if (!isListed(result) || result.dueBy === null || since === null) return [];
      return [
        {
          memberId: m.id,
          name: m.name,
          idCardNumber: maskIdCardNumber(m.idCardNumber),
          orgId: m.orgId,
          orgName: r.org_name,
          orgContext: contextOf(r.org_path),
          status: result.status as 'overdue' | 'follow_up',
          since,
          dueBy: result.dueBy,
          overdueSince: addDays(result.dueBy, 1) ?? result.dueBy,
        },
      ];
    });
  }

  private async query(list: OverdueList, orgId?: string): Promise<SelectQueryBuilder<MemberEntity>> {
    RequestContext.admin();
    const now = this.clock.now();
    const threshold = listedIfStartedOnOrBefore(list, now);
    // "Started on or before the threshold date" for an instant: before the next day's midnight in Shanghai.
    const before = threshold ? shanghaiMidnight(addDays(threshold, 1) ?? threshold) : null;
    // Lag-tolerant (docs/scaling.md): a list page or export over a large scope; after its caller
    // writes (a check-in, say), from the primary (`ReadReplicas`).
    const qb = this.db.lagTolerant
      .query('member', 'm')
      .innerJoin(OrgEntity, 'o', 'o.id = m.orgId')
      .leftJoin(OrgEntity, 'p', 'p.id = o.parentId')
      .addSelect('o.name', 'org_name')
      .addSelect('o.path', 'org_path')
      .andWhere(`m.status = 'active'`);
    if (orgId) {
      const org = await this.db.byId('org', orgId);
      qb.andWhere('o.path @> ARRAY[:overdueOrg]::uuid[]', { overdueOrg: org.id });
    }
    switch (list) {
      case 'school_retention':
        // §2.4: unemployed graduates still in their school's orgs (no transfer).
        qb.andWhere(`m.destination = 'unemployed' AND o.industry IN (:...schoolIndustries) AND m.graduationDate <= :threshold`, {
          schoolIndustries: [...SCHOOL_DOMAIN_INDUSTRIES],
          threshold,
        });
        return qb.addSelect('m.graduation_date::text', 'start_at').orderBy('m.graduationDate', 'ASC').addOrderBy('m.id', 'ASC');
      case 'county_mobile':
        // §1: the tier is the level of the committee the mobile branch sits under (domain `mobileTier`).
        // The clock starts at receipt by transfer (`countyMobileStatus`): without one the rule cannot tell.
        qb.andWhere(`o.purpose = 'mobile' AND ${TIER_KEY} IN (:...countyTier)`, { countyTier: mobileTierKeys('county') });
        return this.byStart(qb, RECEIVED, before);
      case 'township_mobile':
        qb.andWhere(`o.purpose = 'mobile' AND ${TIER_KEY} IN (:...townshipTier) AND ${RECEIVED_AS} = 'unemployed'`, {
          townshipTier: mobileTierKeys('township'),
        });
        return this.byStart(qb, RECEIVED, before);
      case 'check_in':
        // Q10, Q16: received by an approved transfer and not checked in. The latest approved
        // transfer into each member's org comes from one set-based pass (DISTINCT ON), not a
        // subquery per member in scope.
        qb.innerJoin(
          (sq) =>
            sq
              .select([
                'tr.member_id AS member_id',
                'tr.to_org_id AS to_org_id',
                'tr.type AS type',
                'tr.decided_at AS decided_at',
                'tr.checked_in_on AS checked_in_on',
              ])
              .from('transfer', 'tr')
              .where(`tr.status = 'approved'`)
              .distinctOn(['tr.member_id', 'tr.to_org_id'])
              .orderBy('tr.member_id')
              .addOrderBy('tr.to_org_id')
              .addOrderBy('tr.decided_at', 'DESC'),
          'rt',
          'rt.member_id = m.id AND rt.to_org_id = m.org_id',
        );
        qb.andWhere(`rt.checked_in_on IS NULL AND rt.type IN (:...checkInTypes)`, { checkInTypes: TRANSFER_TYPES.filter(needsCheckIn) });
        return this.byStart(qb, 'rt.decided_at', before);
      case 'abroad_silent':
        // §2.5: silent since the later of joining the abroad branch by transfer and the last report
        // (`abroadSilenceStatus`); with neither the rule cannot tell, and the member is not listed.
        qb.andWhere(`o.purpose = 'abroad_study' AND (${LAST_REPORT} IS NULL OR ${LAST_REPORT} <= :threshold)`, { threshold });
        qb.andWhere(`(${RECEIVED} < :before OR (${RECEIVED} IS NULL AND ${LAST_REPORT} IS NOT NULL))`, { before });
        qb.addSelect(`${LAST_REPORT}::text`, 'last_report');
        return qb.addSelect(RECEIVED, 'start_at').orderBy('start_at', 'ASC').addOrderBy('m.id', 'ASC');
      default:
        throw new AppError('VALIDATION_FAILED');
    }
  }

  private byStart(qb: SelectQueryBuilder<MemberEntity>, start: string, before: Date | null): SelectQueryBuilder<MemberEntity> {
    return qb.andWhere(`${start} < :before`, { before }).addSelect(start, 'start_at').orderBy('start_at', 'ASC').addOrderBy('m.id', 'ASC');
  }
}

/** The instant (or date) a list's clock started for a row. */
function startOf(list: OverdueList, r: Raw): string | Date | null {
  const at = r.start_at === null ? null : new Date(r.start_at);
  if (list !== 'abroad_silent' || !r.last_report) return at;
  const joined = toShanghaiDate(at);
  return joined === null || r.last_report > joined ? r.last_report : at;
}
