// "A rule never throws on any input of the right type" — and every refusal it returns is in the
// error catalogue, so the API can always map it to HTTP.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as domain from '../index';
import type { Decision } from './types';
import { TRANSFER_STATUSES, TRANSFER_TYPES } from './types';
import { TRANSFER_ACTIONS } from './workflow';
import { actor, dateLike, external, graduate, instant, org, path, regionCode, target, transferFacts } from './__fixtures__/arbitraries';

const runs = { numRuns: 400 };

function expectCatalogued(d: Decision): void {
  if (!d.ok) expect(domain.isDomainErrorCode(d.code), `uncatalogued code ${d.code}`).toBe(true);
}

const optionalText = fc.option(fc.string({ maxLength: 6 }), { nil: null });

describe('rules never throw on well-typed input, and refuse only with catalogued codes', () => {
  it('transfer routing (§3)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TRANSFER_TYPES),
        org,
        target,
        instant,
        fc.record({
          fromSchoolId: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
          abroadRequest: fc.option(fc.record({ domesticContactName: optionalText, domesticContactPhone: optionalText }), {
            nil: null,
          }),
        }),
        (type, from, to, now, options) => expectCatalogued(domain.routeTransfer(type, from, to, now, options)),
      ),
      runs,
    );
  });

  it('workflow (§5)', () => {
    fc.assert(
      fc.property(
        actor,
        transferFacts,
        fc.array(transferFacts, { maxLength: 4 }),
        org,
        target,
        instant,
        fc.record({
          id: fc.constantFrom('m1', 'm2'),
          birthDate: fc.option(fc.oneof(dateLike, fc.string()), { nil: null }),
          holdsLeaguePost: fc.boolean(),
        }),
        optionalText,
        (a, t, ts, from, to, now, member, reason) => {
          expectCatalogued(domain.decideInitiation({ actor: a, member, type: t.type, from, to, now, transfers: ts }));
          expectCatalogued(domain.canInitiateTransfer(a, member, from.path, to));
          expectCatalogued(domain.checkNoOpenTransfer(member.id, ts, now));
          expectCatalogued(domain.canReviewTransfer(a, t, 'approve', now));
          expectCatalogued(domain.canReviewTransfer(a, t, 'reject', now, reason));
          expectCatalogued(domain.canWithdrawTransfer(a, t, now));
          expectCatalogued(domain.canRecordCheckIn(a, { status: t.status, toOrgPath: t.toOrgPath, checkedInAt: t.initiatedAt }));
          domain.transfersDueForAutoReturn(ts, now);
          domain.isOpenTransfer(t, now);
          domain.initiatorSide(a, member, from.path, to);
        },
      ),
      runs,
    );
  });

  it('state machine (§5)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TRANSFER_STATUSES),
        fc.constantFrom(...TRANSFER_STATUSES),
        fc.constantFrom(...TRANSFER_ACTIONS),
        (from, to, action) => {
          expectCatalogued(domain.canTransition(from, to));
          const next = domain.nextTransferStatus(from, action);
          // Whatever an action leads to is a legal transition.
          if (next !== null) expect(domain.canTransition(from, next).ok).toBe(true);
        },
      ),
    );
  });

  it('calendar (§5)', () => {
    fc.assert(
      fc.property(instant, instant, fc.constantFrom(...TRANSFER_STATUSES), fc.boolean(), fc.integer(), (a, b, status, ext, n) => {
        domain.toShanghaiDate(a);
        domain.formatShanghaiDateTime(a);
        domain.transferPhase(a);
        domain.isInGraduateTransferWindow(a);
        domain.autoReturnDueAt(a, ext);
        domain.isDueForAutoReturn({ status, initiatedAt: a, external: ext }, b);
        domain.newStudentsDeadline(a);
        domain.isNewStudentsDeadlinePassed(a, b);
        domain.seasonCalendar(n);
        const date = domain.toShanghaiDate(a);
        if (date !== null) {
          domain.addDays(date, n);
          domain.addMonths(date, n);
          domain.shanghaiMidnight(date);
        }
      }),
      runs,
    );
  });

  it('calendar agrees with itself: an instant’s date starts at its Shanghai midnight', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), (d) => {
        const date = domain.toShanghaiDate(d) as string;
        const midnight = domain.shanghaiMidnight(date) as Date;
        expect(midnight.getTime()).toBeLessThanOrEqual(d.getTime());
        expect(d.getTime() - midnight.getTime()).toBeLessThan(24 * 3600 * 1000);
      }),
      runs,
    );
  });

  it('graduation marking (§4)', () => {
    fc.assert(
      fc.property(
        actor,
        org,
        fc.option(fc.oneof(dateLike, fc.string()), { nil: null }),
        fc.boolean(),
        fc.constantFrom('a', 'b'),
        (a, target, date, mixed, memberOrg) => {
          expectCatalogued(domain.canMarkGraduation(a, target));
          expectCatalogued(domain.canMarkBranchGraduation(a, target, { graduationDate: date, mixed }));
          expectCatalogued(domain.canMarkMemberGraduation(a, { ...target, mixed }, { orgId: memberOrg }, date));
          domain.effectiveGraduationDate({ graduationDate: date }, { graduationDate: date, mixed });
          domain.hasGraduated({ graduationDate: date }, { graduationDate: date, mixed }, date ?? '');
        },
      ),
      runs,
    );
  });

  it('overdue lists and members (§2, §3, §5)', () => {
    fc.assert(
      fc.property(
        instant,
        instant,
        instant,
        org,
        fc.option(fc.constantFrom(...TRANSFER_TYPES), { nil: null }),
        fc.oneof(dateLike, fc.string()),
        fc.boolean(),
        (a, b, now, branch, type, birth, post) => {
          for (const r of [
            domain.schoolRetentionStatus({ graduationDate: a }, now),
            domain.countyMobileStatus({ receivedAt: a }, now),
            domain.townshipMobileStatus({ receivedAt: a, receivedAs: type }, now),
            domain.mobileBranchStatus(branch, { receivedAt: a, receivedAs: type }, now),
            domain.checkInStatus({ approvedAt: a, checkedInAt: b }, now),
            domain.abroadSilenceStatus({ joinedAt: a, lastReportAt: b }, now),
          ]) {
            expect(['ok', 'follow_up', 'overdue', 'unknown']).toContain(r.status);
          }
          expectCatalogued(domain.keepsLeagueMembership({ birthDate: birth, holdsLeaguePost: post }, now));
          domain.ageOn(birth, now);
          domain.ageLimitDate(birth);
          domain.mustTransferOnGraduation({ birthDate: birth }, now);
          expectCatalogued(domain.checkLeaveReason(birth));
          expectCatalogued(domain.checkOrgChange('a', birth));
        },
      ),
      runs,
    );
  });

  it('accounts, scope, orgs and regions (§1, §2)', () => {
    fc.assert(
      fc.property(
        fc.tuple(actor, path, regionCode, regionCode),
        fc.tuple(instant, instant, fc.nat(), fc.nat()),
        fc.array(regionCode, { maxLength: 6 }),
        external,
        ([a, p, r1, r2], [t1, t2, n1, n2], known, ext) => {
          expectCatalogued(domain.canIssueResetCode(a, { orgPath: p, role: 'member' }));
          expectCatalogued(domain.canIssueResetCode(a, { orgPath: p, role: 'county_admin' }));
          expectCatalogued(domain.checkResetCode({ expiresAt: t1, usedAt: null }, t2));
          domain.resetCodeExpiresAt(t1);
          domain.canSeeOrg(a, p);
          domain.canSeeMember(a, { id: 'm1', orgPath: p });
          domain.canSeeTransfer(a, { memberId: 'm1', fromOrgPath: p, toOrgPath: null });
          domain.dataScopeOf(a);
          expectCatalogued(domain.canDeleteOrg({ members: n1, children: n2 }));
          expectCatalogued(domain.checkRegionCode(r1));
          domain.isInRegion(r1, r2);
          domain.regionLevel(r1);
          domain.parentRegion(r1);
          domain.childRegionCodes(r1, known);
          domain.isSeparateSystemProvince(ext.provinceCode);
          domain.provinceRegionCode(ext.provinceCode);
          domain.effectiveRegionCode(r1, r2);
        },
      ),
      runs,
    );
  });

  it('identity (§2)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{17}[\dX]$/)), (s) => {
        const r = domain.parseIdCardNumber(s);
        if (!r.ok) expect(domain.isDomainErrorCode(r.code)).toBe(true);
        domain.maskIdCardNumber(s);
        domain.maskPhone(s);
      }),
      runs,
    );
  });

  it('metrics (§6)', () => {
    fc.assert(
      fc.property(
        fc.array(graduate, { maxLength: 20 }),
        regionCode,
        fc.integer(),
        fc.array(regionCode, { maxLength: 4 }),
        fc.array(fc.oneof(dateLike, fc.string()), { maxLength: 3 }),
        (facts, r, y, children, days) => {
          domain.regionMetrics(facts, r, y);
          domain.regionBreakdown(facts, r, children, y);
          domain.metricsSeries(facts, r, y, days);
          domain.regionMetricsMembers(facts, r, y);
        },
      ),
      runs,
    );
  });
});

describe('routing invariants over random orgs (§3)', () => {
  it('never routes a member to their current org (§3)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRANSFER_TYPES), org, instant, (type, from, now) => {
        expect(domain.routeTransfer(type, from, { ...from }, now).ok).toBe(false);
      }),
      runs,
    );
  });

  it('never routes further study to a township org or a mobile branch (§2.2)', () => {
    fc.assert(
      fc.property(org, org, instant, (from, to, now) => {
        if (to.industry === 'township' || to.purpose === 'mobile') {
          expect(domain.routeTransfer('further_study', from, to, now).ok).toBe(false);
        }
      }),
      runs,
    );
  });

  it('never routes employment to a county mobile branch before September (§2.1)', () => {
    fc.assert(
      fc.property(org, org, instant, (from, to, now) => {
        // Before 1 September of the season the date belongs to (1 May – 31 Aug; by cohort year).
        const vs = domain.compareInSeason(now, '09-01');
        if (domain.mobileTier(to) === 'county' && vs !== null && vs < 0) {
          expect(domain.routeTransfer('employment', from, to, now).ok).toBe(false);
        }
      }),
      runs,
    );
  });

  it('never lets anything but special_unit into the special library (§2.3)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRANSFER_TYPES), org, org, instant, (type, from, to, now) => {
        if (to.purpose === 'special_library' && type !== 'special_unit') {
          expect(domain.routeTransfer(type, from, to, now).ok).toBe(false);
        }
      }),
      runs,
    );
  });

  it('never accepts an external destination outside Beijing, Guangdong and Fujian, or without a name (Q17)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRANSFER_TYPES), org, external, instant, (type, from, to, now) => {
        if (domain.routeTransfer(type, from, to, now).ok) {
          expect(domain.isSeparateSystemProvince(to.provinceCode)).toBe(true);
          expect(to.orgFullName.trim()).not.toBe('');
        }
      }),
      runs,
    );
  });
});
