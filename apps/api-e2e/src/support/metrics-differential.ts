import { isRetainedAtSchool, isWorkUnitOrg, membershipEndedAt, provinceRegionCode } from '@zhtj/domain';
import type { Destination, GraduateFact, GraduateTransferFact, Industry, RegionMetrics, TransferStatus, TransferType } from '@zhtj/domain';
import { expect } from 'vitest';
import type { Client } from './harness';

// What metrics-differential.e2e.spec.ts draws its histories from (the days, a seeded generator) and
// its reference: DOMAIN.md §6's graduate facts built from the records as the API answers them.

/** Candidate days, thick around every boundary; each run draws its own subset, in order. */
export const DAYS = [
  '2026-04-28',
  '2026-04-30',
  '2026-05-01',
  '2026-05-02',
  '2026-05-20',
  '2026-05-31',
  '2026-06-01',
  '2026-06-02',
  '2026-06-15',
  '2026-06-30',
  '2026-07-01',
  '2026-07-09',
  '2026-07-10',
  '2026-07-11',
  '2026-08-01',
  '2026-09-15',
  '2026-09-30',
  '2026-10-01',
  '2026-10-02',
  '2026-10-08',
  '2026-10-12',
  '2026-10-13',
  '2026-10-20',
];

export function rng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)] as (typeof xs)[number],
    chance: (p) => next() < p,
  };
}

export interface OrgRead {
  id: string;
  regionCode: string;
  industry: Industry | null;
  purpose: string | null;
  path: string[];
}
export interface MemberRead {
  id: string;
  orgId: string;
  status: 'active' | 'left';
  leftAt: string | null;
  birthDate: string;
  leaguePost: string | null;
  graduationDate: string | null;
  graduationOrgId: string | null;
  schoolOrgId: string | null;
  destination: Destination | null;
}
export interface TransferRead {
  id: string;
  type: TransferType;
  status: TransferStatus;
  toOrgId: string | null;
  external: { provinceCode: string } | null;
  initiatedAt: string;
  decidedAt: string | null;
}
/** A graduation event as DOMAIN.md §6 defines it: the member and the branch whose marking gave the date. */
export interface GraduationEvent {
  memberId: string;
  branchId: string;
  graduationDate: string;
  schoolOrgId: string | null;
  destination: Destination | null;
}

export type Figures = Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'w', number>;
export const figuresOf = (m: RegionMetrics): Figures => ({ a: m.sx.a, b: m.sx.b, c: m.sx.c, d: m.xs.d, e: m.xs.e, f: m.xs.f, w: m.dw.w });

/**
 * The reference: the graduation events of `memberIds`, observed through the API after every write,
 * and DOMAIN.md §6's graduate facts built from them and from the members' transfers and orgs.
 */
export class ReferenceFacts {
  private readonly events = new Map<string, GraduationEvent[]>();
  private readonly lastEvent = new Map<string, string>();
  private readonly orgCache = new Map<string, OrgRead>();

  constructor(
    private readonly admin: Client,
    private readonly memberIds: readonly string[],
  ) {}

  /**
   * The graduation events, observed after every write (and every day): an event is the branch
   * whose marking gave the date — the same branch corrects it (or, with no date now, ends it);
   * another branch adds one. A member counts once per cohort: with two events in a year,
   * classifyGraduates keeps the latest date (on a tie the later fact: the newer event).
   */
  async observeEvents(): Promise<MemberRead[]> {
    const members = (await Promise.all(this.memberIds.map((id) => this.admin.get(`/api/members/${id}`)))).map((r) => r.body as MemberRead);
    for (const mr of members) {
      // With no date the record names no event: the one that ended is the last one seen.
      const current = mr.graduationOrgId ?? this.lastEvent.get(mr.id) ?? null;
      const list = (this.events.get(mr.id) ?? []).filter((e) => e.branchId !== current);
      if (mr.graduationDate !== null && current !== null) {
        list.push({
          memberId: mr.id,
          branchId: current,
          graduationDate: mr.graduationDate,
          schoolOrgId: mr.schoolOrgId,
          destination: mr.destination,
        });
        this.lastEvent.set(mr.id, current);
      } else this.lastEvent.delete(mr.id);
      this.events.set(mr.id, list);
    }
    return members;
  }

  /** DOMAIN.md §6 from the records as the API answers them now. */
  async facts(): Promise<GraduateFact[]> {
    const facts: GraduateFact[] = [];
    const members = await this.observeEvents();
    const histories = await Promise.all(this.memberIds.map((id) => this.admin.get(`/api/members/${id}/transfers`)));
    for (const [k, id] of this.memberIds.entries()) {
      const mr = members[k] as MemberRead;
      const next = this.events.get(id) ?? [];
      const transfers: GraduateTransferFact[] = [];
      for (const t of histories[k]?.body.items as TransferRead[]) {
        const to = t.toOrgId ? await this.readOrg(t.toOrgId) : null;
        transfers.push({
          type: t.type,
          status: t.status,
          initiatedAt: t.initiatedAt,
          decidedAt: t.decidedAt,
          targetRegionCode: to ? to.regionCode : (provinceRegionCode(t.external?.provinceCode ?? '') as string),
          targetIsWorkUnit: to !== null && isWorkUnitOrg(to.industry, to.purpose),
          external: to === null && t.external !== null,
        });
      }
      const here = await this.readOrg(mr.orgId);
      const ended = membershipEndedAt({ status: mr.status, leftAt: mr.leftAt, birthDate: mr.birthDate, leaguePost: mr.leaguePost });
      const years = next.map((e) => Number(e.graduationDate.slice(0, 4))).sort();
      for (const e of next) {
        const school = e.schoolOrgId ? await this.readOrg(e.schoolOrgId) : null;
        const year = Number(e.graduationDate.slice(0, 4));
        facts.push({
          memberId: id,
          schoolRegionCode: school?.regionCode ?? '',
          schoolIndustry: school?.industry ?? null,
          graduationDate: e.graduationDate,
          destination: e.destination,
          retainedAtSchool: isRetainedAtSchool(e.destination, here.path, e.schoolOrgId),
          transfers,
          membershipEndedAt: ended,
          nextCohortYear: years.find((y) => y > year) ?? null,
        });
      }
    }
    return facts;
  }

  private async readOrg(id: string): Promise<OrgRead> {
    const known = this.orgCache.get(id);
    if (known) return known;
    const res = await this.admin.get(`/api/orgs/${id}`);
    expect(res.status).toBe(200);
    const o = res.body as OrgRead;
    this.orgCache.set(id, o);
    return o;
  }
}
