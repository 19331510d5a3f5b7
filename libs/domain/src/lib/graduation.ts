// Graduation marking (标记毕业时间) and mixed branches (混合型支部), DOMAIN.md §4; Q11, Q22–Q25.
import type { Codes } from './errors';
import type { Actor, Decision, OrgFacts } from './types';
import { allow, isAdmin, isSchoolDomain, refuse } from './types';
import { isDateString, toShanghaiDate } from './calendar';
import { GRADUATE_MOBILE_MARK_FROM, GRADUATION_DATE_EARLIEST, GRADUATION_DATE_MAX_YEARS_AHEAD } from './interpretations';
import type { Instant } from './types';
import { parentIdOf } from './orgs';

export type MarkRefusal = Codes<
  | 'NOT_IN_SCOPE'
  | 'NOT_A_BRANCH'
  | 'INDUSTRY_EMPTY'
  | 'PRIMARY_SCHOOL_NOT_ELIGIBLE'
  | 'NOT_SCHOOL_DOMAIN'
  | 'OWN_BRANCH_ADMIN'
  | 'MARK_NOT_ALLOWED'
>;

/** Is the actor's own org school domain? From `orgIndustry` when given, else from the `school_admin` role. */
function actorOrgIsSchoolDomain(actor: Actor): boolean {
  if (actor.orgIndustry !== undefined) return isSchoolDomain(actor.orgIndustry);
  return actor.role === 'school_admin';
}

/**
 * Q22, Q24: may `actor` mark (or, Q25, change) the graduation time of org `target`?
 * - outside the actor's subtree: NOT_IN_SCOPE (reported as not found);
 * - Q24(2): the target must be a branch — NOT_A_BRANCH;
 * - Q24(3): its industry must be set, not primary, and school domain — INDUSTRY_EMPTY,
 *   PRIMARY_SCHOOL_NOT_ELIGIBLE, NOT_SCHOOL_DOMAIN;
 * - Q24(1): the branch's own admin may not — OWN_BRANCH_ADMIN;
 * - allowed: the branch's direct superior (Q22(2): also when the whole school is one branch),
 *   or an admin of any school-domain org above it; anyone else — MARK_NOT_ALLOWED.
 */
export function canMarkGraduation(actor: Actor, target: OrgFacts): Decision<MarkRefusal> {
  if (!target.path.includes(actor.orgId)) return refuse('NOT_IN_SCOPE');
  if (target.kind !== 'branch') return refuse('NOT_A_BRANCH');
  if (target.industry === null || target.industry === undefined) return refuse('INDUSTRY_EMPTY');
  if (target.industry === 'primary') return refuse('PRIMARY_SCHOOL_NOT_ELIGIBLE');
  if (!isSchoolDomain(target.industry)) return refuse('NOT_SCHOOL_DOMAIN');
  if (!isAdmin(actor)) return refuse('MARK_NOT_ALLOWED');
  if (actor.orgId === target.id) return refuse('OWN_BRANCH_ADMIN');
  if (actor.orgId === parentIdOf(target)) return allow();
  if (actorOrgIsSchoolDomain(actor)) return allow();
  return refuse('MARK_NOT_ALLOWED');
}

export interface BranchGraduationInput {
  /** 'YYYY-MM-DD'; null clears the mark. */
  graduationDate: string | null;
  /** Q11: some members have not left and their date is unclear — mark them one by one. */
  mixed: boolean;
}

/**
 * §4: mark a branch's graduation date (and whether it is mixed). Same permission as
 * `canMarkGraduation`, plus a valid date. Q25: the same call changes a marked date; the API
 * audits every change.
 */
export function canMarkBranchGraduation(
  actor: Actor,
  target: OrgFacts,
  input: BranchGraduationInput,
): Decision<MarkRefusal | Codes<'INVALID_DATE'>> {
  const may = canMarkGraduation(actor, target);
  if (!may.ok) return may;
  if (input.graduationDate !== null && !isDateString(input.graduationDate)) return refuse('INVALID_DATE');
  return allow();
}

/**
 * §4 Interpretation: a graduation date must be a real date from GRADUATION_DATE_EARLIEST to
 * GRADUATION_DATE_MAX_YEARS_AHEAD years after `now` (Asia/Shanghai). Null (clearing) is fine.
 */
export function checkGraduationDate(date: string | null, now: Instant): Decision<Codes<'INVALID_DATE' | 'GRADUATION_DATE_OUT_OF_RANGE'>> {
  if (date === null) return allow();
  if (!isDateString(date)) return refuse('INVALID_DATE');
  const today = toShanghaiDate(now);
  if (today === null) return refuse('INVALID_DATE');
  const latest = `${Number(today.slice(0, 4)) + GRADUATION_DATE_MAX_YEARS_AHEAD}${today.slice(4)}`;
  return date >= GRADUATION_DATE_EARLIEST && date <= latest ? allow() : refuse('GRADUATION_DATE_OUT_OF_RANGE');
}

/** A branch's graduation fields (§1 `graduationDate`, `mixed`). */
export interface BranchGraduationFacts {
  graduationDate?: string | null;
  mixed?: boolean | null;
}

/**
 * Q11: in a mixed branch each member's graduation date is set one by one, by whoever may mark
 * the branch. Refused when the branch is not mixed or the member is not in it.
 */
export function canMarkMemberGraduation(
  actor: Actor,
  branch: OrgFacts & BranchGraduationFacts,
  member: { orgId: string },
  graduationDate: string | null,
): Decision<MarkRefusal | Codes<'INVALID_DATE' | 'BRANCH_NOT_MIXED' | 'MEMBER_NOT_IN_BRANCH'>> {
  const may = canMarkGraduation(actor, branch);
  if (!may.ok) return may;
  if (member.orgId !== branch.id) return refuse('MEMBER_NOT_IN_BRANCH');
  if (branch.mixed !== true) return refuse('BRANCH_NOT_MIXED');
  if (graduationDate !== null && !isDateString(graduationDate)) return refuse('INVALID_DATE');
  return allow();
}

/**
 * §4, Q11: a member's effective graduation date — their own date if their branch is mixed,
 * else the branch's (members inherit it). Null when none is set (or it is not a valid date).
 */
export function effectiveGraduationDate(member: { graduationDate?: string | null }, branch: BranchGraduationFacts): string | null {
  const date = branch.mixed === true ? member.graduationDate : branch.graduationDate;
  return isDateString(date) ? date : null;
}

/** Has the member graduated by `today` ('YYYY-MM-DD'), by their effective date? */
export function hasGraduated(member: { graduationDate?: string | null }, branch: BranchGraduationFacts, today: string): boolean {
  const date = effectiveGraduationDate(member, branch);
  return date !== null && isDateString(today) && date <= today;
}

/**
 * §4 per-member marks in a school branch (the member table of 管理下级组织):
 * - `delayed` 延迟毕业: the member moves into the school's `delayed_graduation` org (§2.7) by a
 *   `delayed_graduation` transfer approved by the marking admin (members move only by transfer, Q18);
 * - `teacher` 教师: not a graduate — no graduation date, not counted in SX/XS;
 * - `graduate_mobile` 毕业学生流动团员: opens only after 31 July.
 */
export const MEMBER_MARKS = ['delayed', 'teacher', 'graduate_mobile'] as const;
export type MemberMark = (typeof MEMBER_MARKS)[number];

/**
 * May `actor` put `mark` (null clears it) on a member of `branch` at `now`? Same permission as
 * marking the branch (Q22, Q24); `graduate_mobile` only from 1 August of the current year.
 */
export function canMarkMember(
  actor: Actor,
  branch: OrgFacts,
  member: { orgId: string },
  mark: MemberMark | null,
  now: Instant,
): Decision<MarkRefusal | Codes<'MEMBER_NOT_IN_BRANCH' | 'GRADUATE_MOBILE_BEFORE_AUGUST' | 'INVALID_DATE'>> {
  const may = canMarkGraduation(actor, branch);
  if (!may.ok) return may;
  if (member.orgId !== branch.id) return refuse('MEMBER_NOT_IN_BRANCH');
  if (mark === 'graduate_mobile') {
    const today = toShanghaiDate(now);
    if (today === null) return refuse('INVALID_DATE');
    if (today.slice(5) < GRADUATE_MOBILE_MARK_FROM) return refuse('GRADUATE_MOBILE_BEFORE_AUGUST');
  }
  return allow();
}

/** A member marked `teacher` or `delayed` is not a graduate of this branch and takes no date. */
export function takesGraduationDate(mark: MemberMark | null | undefined): boolean {
  return mark !== 'teacher' && mark !== 'delayed';
}
