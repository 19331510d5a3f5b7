import { Injectable } from '@nestjs/common';
import { SCHOOL_DOMAIN_INDUSTRIES, TRANSFER_ROUTES, offerAsTarget, placeName, schoolOf } from '@zhtj/domain';
import type { DirectoryCandidate, OrgFacts, TransferType } from '@zhtj/domain';
import { Clock } from '@zhtj/api/core';
import { ScopedDb } from '@zhtj/api/db';
import { orgContexts, OrgEntity, orgFactsAndChain } from '@zhtj/api/orgs';
import type { TransferTargetNode, TransferTargetView } from '@zhtj/shared/contract';
import type { TargetsByPlaceQuery, TransferTargetQuery } from './dto';

/** A directory row's region and the two regions above it (GB/T 2260), as read for `placeName`. */
interface PlaceNames {
  regionName: string | null;
  regionLevel: string | null;
  region1Name: string | null;
  region2Name: string | null;
}

/** The place of a found org as people say it (domain `placeName`): province down to the region, the nation left out. */
function placeOf(r: PlaceNames): string | null {
  if (!r.regionName) return null;
  const names =
    r.regionLevel === 'county'
      ? [r.region2Name, r.region1Name, r.regionName]
      : r.regionLevel === 'city'
        ? [r.region1Name, r.regionName]
        : [r.regionName];
  return placeName(names.map((n) => n ?? ''));
}

/** A directory row: the answer's fields and the facts the route filter reads. */
type DirectoryRow = Omit<TransferTargetView, 'placeName' | 'context'> & DirectoryCandidate & PlaceNames;

/**
 * What may be a receiving org at all: branches, special-purpose orgs and base-level committees
 * (§5 分配到团支部); `offerAsTarget` keeps what a type's route takes.
 */
const MAY_RECEIVE = `(o.kind = 'branch' OR o.purpose IS NOT NULL OR o.level = 'base')`;
/** Special (涉密) units and everything under them are never listed in the directory. */
const NOT_SPECIAL = `NOT EXISTS (SELECT 1 FROM org sp WHERE sp.industry = 'special' AND o.path @> ARRAY[sp.id])`;
/** Orgs of one level of a place's tree answered at most (a county committee's direct orgs; the search finds the rest). */
const PLACE_LEVEL_MAX = 500;

/** Orgs read per directory search before the route filter, and the most offered. */
const TARGET_CANDIDATES = 100;
const TARGETS_SHOWN = 20;

/**
 * The receiving-org directory for initiating a transfer (§5): by name or by place, nationwide,
 * names and places only. What it offers for a type is the domain's `offerAsTarget`.
 */
@Injectable()
export class TransferDirectoryService {
  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
  ) {}

  /**
   * The org directory for initiating a transfer: a graduate goes anywhere in the country, so the
   * receiving org is looked up outside the caller's scope — names and places only, no members.
   * Lag-tolerant (docs/scaling.md): orgs change rarely, and an org a few seconds new is found on
   * the next search; the initiation itself reads its target on the primary.
   */
  async searchTargetsUnscoped(q: TransferTargetQuery): Promise<TransferTargetView[]> {
    const purpose = q.type ? TRANSFER_ROUTES[q.type].requiredPurpose : null;
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const qb = this.directoryQuery()
      // A name, or a place: the org's region (锦江 finds the orgs of 锦江区).
      .where(`(o.name ILIKE :q ESCAPE '\\' OR r.name ILIKE :q ESCAPE '\\')`, { q: like })
      .andWhere(MAY_RECEIVE)
      .andWhere(NOT_SPECIAL)
      .orderBy(`CASE WHEN o.name ILIKE :q ESCAPE '\\' THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('length(o.name)', 'ASC')
      .addOrderBy('o.name', 'ASC')
      .limit(TARGET_CANDIDATES);
    if (purpose) qb.andWhere('o.purpose = :purpose', { purpose });
    const rows = await qb.getRawMany<DirectoryRow>();
    // The route of the type decides what to offer (not a school class for employment; with the
    // member known, what routeTransfer accepts from their org — never their own branch).
    const offered = await this.offeredFor(q);
    return this.targetViews(rows.filter(offered).slice(0, TARGETS_SHOWN));
  }

  /**
   * 按地区选择 (issue 23 item 3): the directory by place, as the real system offers it — one level
   * of a place's org tree (its topmost orgs, or the children of `parentId` there). Orgs that may
   * receive the type (as `searchTargetsUnscoped` offers them) are selectable; committees above
   * them are listed to open, not to choose. Same exception and limits as the search: names and
   * places only, special (涉密) units hidden.
   */
  async targetsByPlaceUnscoped(q: TargetsByPlaceQuery): Promise<TransferTargetNode[]> {
    const purpose = q.type ? TRANSFER_ROUTES[q.type].requiredPurpose : null;
    const qb = this.directoryQuery()
      .addSelect('o.parent_id', 'parentId')
      .addSelect(MAY_RECEIVE, 'mayReceive')
      // Below it in the same place, and not a special unit (its ancestors here are not: NOT_SPECIAL).
      .addSelect(
        `EXISTS (SELECT 1 FROM org c WHERE c.parent_id = o.id AND c.region_code = o.region_code AND c.industry IS DISTINCT FROM 'special')`,
        'hasChildren',
      )
      .where('o.region_code = :region', { region: q.region })
      .andWhere(NOT_SPECIAL)
      // Committees first (they hold the branches), then by name.
      .orderBy(`CASE WHEN o.kind = 'branch' THEN 1 ELSE 0 END`, 'ASC')
      .addOrderBy('o.name', 'ASC')
      .limit(PLACE_LEVEL_MAX);
    if (q.parentId) qb.andWhere('o.parent_id = :parentId', { parentId: q.parentId });
    else qb.andWhere('(p.id IS NULL OR p.region_code <> o.region_code)');
    const rows = await qb.getRawMany<DirectoryRow & { parentId: string | null; mayReceive: boolean; hasChildren: boolean }>();
    const offered = await this.offeredFor(q);
    const nodes = rows
      .map((o) => ({ o, selectable: o.mayReceive && (!purpose || o.purpose === purpose) && offered(o) }))
      .filter(({ o, selectable }) => selectable || o.hasChildren);
    const views = await this.targetViews(nodes.map(({ o }) => o));
    return views.map((v, i) => {
      const node = nodes[i] as (typeof nodes)[number];
      return { ...v, parentId: node.o.parentId, hasChildren: node.o.hasChildren, selectable: node.selectable };
    });
  }

  /** The directory's reads of an org: its names and place, and the facts `offerAsTarget` reads. */
  private directoryQuery() {
    return (
      this.db.lagTolerant
        .unscoped('transfers.directory')
        .createQueryBuilder(OrgEntity, 'o')
        .leftJoin('region', 'r', 'r.code = o.region_code')
        .leftJoin('region', 'r1', 'r1.code = r.parent_code')
        .leftJoin('region', 'r2', 'r2.code = r1.parent_code')
        .leftJoin('org', 'p', 'p.id = o.parent_id')
        .select([
          'o.id AS id',
          'o.name AS name',
          'o.kind AS kind',
          'o.purpose AS purpose',
          'o.industry AS industry',
          'o.region_code AS "regionCode"',
          'r.name AS "regionName"',
          'p.name AS "parentName"',
        ])
        // The region's own name and the two above it, for `placeName` (沈阳市和平区, not 和平区 alone).
        .addSelect(['r.level AS "regionLevel"', 'r1.name AS "region1Name"', 'r2.name AS "region2Name"'])
        .addSelect(['o.level AS level', 'o.path AS path', 'p.level AS "parentLevel"'])
        .addSelect(
          `EXISTS (SELECT 1 FROM org sch WHERE o.path @> ARRAY[sch.id] AND sch.id <> o.id AND sch.industry IN (:...schoolIndustries))`,
          'underSchool',
        )
        .setParameter('schoolIndustries', [...SCHOOL_DOMAIN_INDUSTRIES])
    );
  }

  /** What the directory offers for a type (and the member, when the caller sees them): `offerAsTarget`. */
  private async offeredFor(q: { type?: TransferType; memberId?: string }): Promise<(o: DirectoryCandidate) => boolean> {
    if (!q.type) return () => true;
    const type = q.type;
    const from = q.memberId ? await this.memberOrgFacts(q.memberId) : null;
    const now = this.clock.now();
    return (o) => offerAsTarget(type, o, from?.org ?? null, now, { fromSchoolId: from?.schoolId ?? null });
  }

  /** Found orgs as the directory answers them: with their place and, beside each name, what tells it from the same-named. */
  private async targetViews(rows: readonly DirectoryRow[]): Promise<TransferTargetView[]> {
    const contextOf = await orgContexts(
      this.db.lagTolerant.unscoped('transfers.directory'),
      rows.map((o) => o.path),
    );
    return rows.map(
      ({ id, name, kind, purpose, industry, regionCode, regionName, regionLevel, region1Name, region2Name, parentName, path }) => ({
        id,
        name,
        kind,
        purpose,
        industry,
        regionCode,
        regionName,
        placeName: placeOf({ regionName, regionLevel, region1Name, region2Name }),
        parentName,
        context: contextOf(path),
      }),
    );
  }

  /** The org of a member the caller sees (the member, the outgoing side), as the routing rules read it; null otherwise. */
  private async memberOrgFacts(memberId: string): Promise<{ org: OrgFacts; schoolId: string | null } | null> {
    const member = await this.db.byId('member', memberId).catch(() => null);
    if (!member) return null;
    const { facts: orgs, chain } = await orgFactsAndChain(this.db.unscoped('transfers.routing'), [member.orgId], member.orgId);
    const org = orgs.get(member.orgId);
    return org ? { org, schoolId: schoolOf(chain)?.id ?? member.schoolOrgId } : null;
  }
}
