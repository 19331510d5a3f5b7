// A graduate of last season's or this season's cohort: a destination, the transfers it took
// (with any earlier failed try) in the state the clock finds them, and where the member is now.
import { AUTO_RETURN_DAYS, seasonCalendar, transferPhase } from '@zhtj/domain';
import type { DateString, Destination, SeasonCalendar, TransferStatus, TransferType } from '@zhtj/domain';
import { DESTINATION_WEIGHTS, EXTERNAL_NAME, REJECT_REASONS, STAGE } from './catalogue';
import { daysFrom, earlier, officeInstant, plusDays, shanghaiDate } from './dates';
import { targetFor } from './destinations';
import type { Places, Target } from './destinations';
import type { CountyPlaces, GenContext, GenOrg, School } from './model';
import type { People } from './people';
import type { Initiator, Rows, TransferRow } from './rows';

export interface Graduation {
  ctx: GenContext;
  places: Places;
  people: People;
  rows: Rows;
  /** Key dates of the cohorts' seasons (`seasonCalendar`), by year. */
  seasons: Map<number, SeasonCalendar>;
}

/** A graduate of `year` from `branch`: destination, transfers (with any earlier failed tries) and where they are now. */
export async function graduate(g: Graduation, school: School, branch: GenOrg, year: number, graduationDate: DateString): Promise<void> {
  const { ctx, places, rows } = g;
  const { rng, summary, cohortYear, today } = ctx;
  const age = STAGE[school.industry].age;
  const home = rng.chance(0.7) ? (places.countyOf.get(school.county) as CountyPlaces) : rng.pick(places.province(school.province).counties);
  const p = g.people.person(home.code, year - age + (rng.chance(0.1) ? -1 : 0));
  const memberId = g.people.nextMemberId();
  const weights = DESTINATION_WEIGHTS[school.industry];
  let destination = rng.weighted(weights as Record<Destination, number>);
  summary.graduates[year] = (summary.graduates[year] ?? 0) + 1;
  const schoolAdmin: Initiator = { id: school.org.adminId, role: school.org.adminRole, side: 'outgoing' };
  const member = { id: memberId, p, stage: school.industry, graduationDate, schoolId: school.org.id };

  if (destination === 'delayed_graduation') {
    // §2.7: marked and moved into the school's delayed-graduation org at once.
    const at = officeInstant(rng, plusDays(graduationDate, -rng.int(5, 30)));
    await rows.member({ ...member, orgId: school.delayed.id, destination, mark: 'delayed' });
    await rows.transfer({
      memberId,
      type: 'delayed_graduation',
      status: 'approved',
      from: branch,
      to: school.delayed,
      external: null,
      initiatedBy: schoolAdmin,
      initiatedAt: at,
      decidedBy: null,
      decidedAt: at,
      reason: null,
      byMarking: true,
    });
    return;
  }
  // A few graduates have not told the school yet: no destination, nothing initiated.
  if (year === cohortYear && rng.chance(0.03)) {
    await rows.member({ ...member, orgId: branch.id, destination: null });
    return;
  }
  let season = g.seasons.get(year);
  if (!season) g.seasons.set(year, (season = seasonCalendar(year)));
  let attempt = plusDays(season.windowStart, Math.floor(rng.next() ** 1.4 * 122)); // most in May–August
  const late = rng.chance(year === cohortYear ? 0.12 : 0.05);
  if (late) attempt = plusDays(season.autoReturnFrom, rng.int(0, 75));
  if (attempt > today) attempt = plusDays(today, -rng.int(0, 3));
  let target = targetFor(ctx, places, destination, school, home, attempt);
  if (target === null && destination !== 'unemployed') {
    destination = 'unemployed';
    target = null;
  }
  let orgId = branch.id;
  let status: 'active' | 'left' = 'active';
  let leftReason: string | null = null;
  let leftAt: Date | null = null;
  const txs = target
    ? await transfersOf(g, { memberId, idCardNumber: p.id, type: destination, school, branch, target, attempt, year, schoolAdmin })
    : [];
  const last = txs[txs.length - 1];
  if (target && last?.status === 'approved') {
    if (target.to) orgId = target.to.id;
    else {
      status = 'left';
      leftAt = last.decidedAt;
      leftReason = `转至${EXTERNAL_NAME[target.external as string]}团组织`;
    }
  }
  await rows.member({ ...member, orgId, destination, status, leftReason, leftAt, graduationOrgId: branch.id });
  for (const t of txs) await rows.transfer(t);
}

interface Attempt {
  memberId: string;
  idCardNumber: string;
  type: TransferType;
  school: School;
  branch: GenOrg;
  target: Target;
  attempt: DateString;
  year: number;
  schoolAdmin: Initiator;
}

/** The graduate's transfers: an earlier try that was returned or withdrawn, sometimes, then the one that stands. */
async function transfersOf(g: Graduation, a: Attempt): Promise<TransferRow[]> {
  const { ctx, places, rows } = g;
  const { rng, cohortYear, today } = ctx;
  const { memberId, type, school, branch, target, year, schoolAdmin } = a;
  let attempt = a.attempt;
  const txs: TransferRow[] = [];
  const receiverAdmin: Initiator | null = target.to ? { id: target.to.adminId, role: target.to.adminRole, side: 'receiving' } : null;
  const memberAccount = rng.chance(0.1) ? rng.uuid() : null;
  const initiator = (): Initiator => {
    if (memberAccount && rng.chance(0.5)) return { id: memberAccount, role: 'member', side: 'member' };
    if (receiverAdmin && rng.chance(0.04)) return receiverAdmin;
    return schoolAdmin;
  };
  if (memberAccount) await rows.memberAccount(memberAccount, a.idCardNumber, memberId);
  // An earlier try that was returned or withdrawn (Q15, Q13), then tried again.
  if (rng.chance(0.08) && daysFrom(attempt, today) > 12 && target.to) {
    const at = officeInstant(rng, attempt);
    const rejected = rng.chance(0.6);
    const by = initiator();
    const decided = officeInstant(rng, earlier(today, plusDays(attempt, rng.int(1, 8))));
    // prettier-ignore
    txs.push({ memberId, type, status: rejected ? 'rejected' : 'withdrawn', from: branch, to: target.to, external: null, initiatedBy: by, initiatedAt: at, decidedBy: rejected ? (by.side === 'receiving' ? schoolAdmin.id : target.to.adminId) : by.id, decidedAt: decided, reason: rejected ? rng.pick(REJECT_REASONS) : null });
    attempt = earlier(today, plusDays(shanghaiDate(decided), rng.int(0, 6)));
  }
  const at = officeInstant(rng, attempt);
  const by = initiator();
  // §3.2.3: initiated after 30 September, a transfer unreviewed for 10 days is returned.
  const autoReturns = transferPhase(attempt) === 'auto_return';
  // §5 two-party consent: the receiving side decides, the school a pull; §2.3: special_unit the
  // provincial committee; an external outcome is decided in the other system (no account here).
  const receiverDecides = type === 'special_unit' ? places.province(school.province).committee.adminId : target.to?.adminId;
  const decidedBy = receiverDecides ? (by.side === 'receiving' ? schoolAdmin.id : receiverDecides) : null;
  let final: TransferStatus;
  let decidedOn: DateString | null = null;
  const r = rng.next();
  if (target.external) {
    // Q17: pending here until the outgoing side records the other system's outcome.
    final = year < cohortYear || r < 0.55 ? 'approved' : 'pending';
    if (final === 'approved') decidedOn = plusDays(attempt, rng.int(3, 25));
  } else if (autoReturns) {
    // §3.2.3: reviewed within 10 days, or returned automatically.
    const waited = daysFrom(attempt, today);
    if (r < 0.72) {
      final = 'approved';
      decidedOn = plusDays(attempt, rng.int(0, Math.min(AUTO_RETURN_DAYS - 1, waited)));
    } else if (waited < AUTO_RETURN_DAYS) final = 'pending';
    else {
      final = 'expired';
      decidedOn = plusDays(attempt, AUTO_RETURN_DAYS);
    }
  } else if (year < cohortYear || r < 0.86) {
    final = 'approved';
    decidedOn = plusDays(attempt, Math.floor(rng.next() ** 2 * 40));
  } else final = r < 0.97 ? 'pending' : 'rejected';
  if (final === 'rejected') decidedOn = plusDays(attempt, rng.int(1, 10));
  if (decidedOn !== null) decidedOn = earlier(decidedOn, today);
  txs.push({
    memberId,
    type,
    status: final,
    from: branch,
    to: target.to,
    external: target.external,
    initiatedBy: by,
    initiatedAt: at,
    decidedBy: decidedOn !== null && final !== 'expired' ? decidedBy : null,
    decidedAt: decidedOn !== null ? new Date(Math.max(at.getTime() + 60_000, officeInstant(rng, decidedOn).getTime())) : null,
    reason: final === 'rejected' ? rng.pick(REJECT_REASONS) : null,
  });
  return txs;
}
