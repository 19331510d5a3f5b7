// The receiving-org directory (发起转接 → 转入组织): which found orgs to offer for a transfer type.
// Offering is advice only; `routeTransfer` decides when the transfer is initiated.
import type { Instant, OrgFacts, TransferType } from './types';
import type { RouteOptions } from './transfer-routing';
import { routeTransfer, targetsCommittee } from './transfer-routing';
import { mayHoldMembers } from './orgs';

/** Types whose destination is a work unit's (or a township's) League org, never a class of a school (§2.1, §2.4, §2.6, Q14). */
const NOT_INTO_A_SCHOOL_CLASS: readonly TransferType[] = ['employment', 'abroad_official', 'abroad_private', 'unemployed'];

/** A found org as the directory sees it: its facts, and whether it sits under a school (school domain). */
export interface DirectoryCandidate extends OrgFacts {
  underSchool: boolean;
}

/** Refusals that depend on what the form still lacks, not on the org: they do not hide an org. */
const NOT_ABOUT_THE_ORG = new Set(['ABROAD_REQUEST_INCOMPLETE']);

/**
 * Offer `candidate` as the receiving org of a `type` transfer? Never a class branch of a school
 * for a work-unit type (a graduate's employer is not a high-school class); and, when the member's
 * org `from` is known, only what `routeTransfer` would accept — so neither the member's own branch
 * nor an org of the wrong purpose is offered.
 */
export function offerAsTarget(
  type: TransferType,
  candidate: DirectoryCandidate,
  from: OrgFacts | null,
  now: Instant,
  options: RouteOptions = {},
): boolean {
  if (NOT_INTO_A_SCHOOL_CLASS.includes(type) && candidate.underSchool && candidate.purpose === null) return false;
  // §5: a committee is offered where it may receive and assign a branch (an employer's or a
  // township's 团委 for employment, Q4) — never for the types that go to a branch.
  if (!mayHoldMembers(candidate) && !targetsCommittee(type, candidate)) return false;
  if (!from) return true;
  const decision = routeTransfer(type, from, candidate, now, options);
  return decision.ok || NOT_ABOUT_THE_ORG.has(decision.code);
}
