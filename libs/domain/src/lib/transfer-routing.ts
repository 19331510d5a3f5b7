// Transfer routing (DOMAIN.md §3): for each of the nine transfer types, which destinations are
// allowed and, for every other one, the refusal code. A refused transfer changes nothing.
import type { Codes } from './errors';
import type { Decision, ExternalOrgRef, Refusal, Instant, OrgFacts, OrgPurpose, TransferTarget, TransferType } from './types';
import { allow, isExternalTarget, isSchoolDomain, refuse } from './types';
import { COUNTY_MOBILE_EMPLOYMENT_FROM, SPECIAL_LIBRARY_SAME_PROVINCE } from './interpretations';
import { mayHoldMembers } from './orgs';
import { compareInSeason, seasonYear, toShanghaiDate } from './calendar';
import { isTownshipOrg, mobileTier, parentIdOf } from './orgs';
import { isSeparateSystemProvince, provinceOf } from './regions';

export type RoutingRefusal = Codes<
  | 'INVALID_DATE'
  | 'UNKNOWN_TRANSFER_TYPE'
  | 'SAME_ORG'
  | 'NOT_A_BRANCH'
  | 'EXTERNAL_NAME_REQUIRED'
  | 'EXTERNAL_PROVINCE_NOT_SEPARATE'
  | 'EXTERNAL_NOT_ALLOWED'
  | 'USE_EXTERNAL_DESTINATION'
  | 'FURTHER_STUDY_TO_TOWNSHIP'
  | 'FURTHER_STUDY_TO_MOBILE'
  | 'FURTHER_STUDY_NEEDS_NEW_STUDENTS_ORG'
  | 'SPECIAL_UNIT_NEEDS_SPECIAL_LIBRARY'
  | 'SPECIAL_LIBRARY_OTHER_PROVINCE'
  | 'UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE'
  | 'ABROAD_STUDY_NEEDS_ABROAD_BRANCH'
  | 'ABROAD_REQUEST_INCOMPLETE'
  | 'ABROAD_PRIVATE_NEEDS_TOWNSHIP'
  | 'DELAYED_GRADUATION_NEEDS_DELAYED_ORG'
  | 'NOT_OWN_SCHOOL'
  | 'COUNTY_MOBILE_BEFORE_SEPTEMBER'
  | 'SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT'
  | 'NEW_STUDENTS_ONLY_FURTHER_STUDY'
  | 'ABROAD_BRANCH_ONLY_ABROAD_STUDY'
  | 'DELAYED_ORG_ONLY_DELAYED_GRADUATION'
  | 'GRADUATES_ORG_NOT_A_DESTINATION'
  | 'MOBILE_BRANCH_NOT_FOR_TYPE'
  | 'GENERAL_NOT_FOR_GRADUATE'
>;

/** The route of each type, for hints in the console (DOMAIN.md §3 table). */
export interface TransferRoute {
  type: TransferType;
  zh: string;
  /** Where it may go, in the guide's words. */
  destinationZh: string;
  /** May it go to a province running its own system (Beijing, Guangdong, Fujian)? */
  external: boolean;
  /** Special-purpose org the destination must be, when there is one. */
  requiredPurpose: OrgPurpose | null;
  guide: string;
}

export const TRANSFER_ROUTES: Readonly<Record<TransferType, TransferRoute>> = {
  employment: {
    type: 'employment',
    zh: '就业',
    destinationZh:
      '工作单位团组织；无团组织的转至单位所在地乡镇街道团组织或青年之家团组织；乡镇街道一时难以接收的，自9月起转至县级流动团员团支部',
    external: true,
    requiredPurpose: null,
    guide: '§2.1, Q4, Q7',
  },
  further_study: {
    type: 'further_study',
    zh: '升学',
    destinationZh: '录取学校的新生团组织（不得转至乡镇街道团组织或流动团员团支部）',
    external: true,
    requiredPurpose: 'new_students',
    guide: '§2.2',
  },
  special_unit: {
    type: 'special_unit',
    zh: '参军/涉密',
    destinationZh: '本省特殊单位专属库，须省级团委审核',
    external: false,
    requiredPurpose: 'special_library',
    guide: '§2.3, Q12',
  },
  unemployed: {
    type: 'unemployed',
    zh: '未就业',
    destinationZh: '居住地、户籍所在地或生源地的乡镇街道流动团员团支部；或在原就读学校保留不超过6个月',
    external: true,
    requiredPurpose: 'mobile',
    guide: '§2.4, §2.8, Q14',
  },
  abroad_study: {
    type: 'abroad_study',
    zh: '出国（境）留学',
    destinationZh: '本校出国（境）学习研究团员团支部（书面申请，学校团委审批）',
    external: false,
    requiredPurpose: 'abroad_study',
    guide: '§2.5',
  },
  abroad_official: {
    type: 'abroad_official',
    zh: '因公出国（境）',
    destinationZh: '派出单位团组织',
    external: true,
    requiredPurpose: null,
    guide: '§2.6',
  },
  abroad_private: {
    type: 'abroad_private',
    zh: '因私出国（境）',
    destinationZh: '户籍所在地或居住地的乡镇街道团组织',
    external: true,
    requiredPurpose: null,
    guide: 'Q14',
  },
  delayed_graduation: {
    type: 'delayed_graduation',
    zh: '延迟毕业',
    destinationZh: '本校延迟毕业团组织',
    external: false,
    requiredPurpose: 'delayed_graduation',
    guide: '§2.7',
  },
  general: {
    type: 'general',
    zh: '一般转接',
    destinationZh: '任一团支部',
    external: true,
    requiredPurpose: null,
    guide: '§2.8, Q10',
  },
};

/** §2.5: the written request for keeping the relationship at school while studying abroad. */
export interface AbroadStudyRequest {
  domesticContactName?: string | null;
  domesticContactPhone?: string | null;
}

export interface RouteOptions {
  /**
   * Id of the school the member's current org belongs to (`schoolOf` over its ancestor chain).
   * Used for `abroad_study` and `delayed_graduation`, whose destination is the school's own org.
   * Without it, "own school" means: the target hangs directly under one of the member's org's
   * ancestors and is itself school domain.
   */
  fromSchoolId?: string | null;
  /** §2.5: required for `abroad_study`. */
  abroadRequest?: AbroadStudyRequest | null;
  /**
   * The member's effective graduation date (§4). §3: a graduate leaving their school org in their
   * graduation year (the season it belongs to, `seasonYear`) uses their destination's type, not `general`.
   */
  graduationDate?: string | null;
}

/**
 * §5: types whose destination may be named by a committee of the receiving side (the employer's
 * or the township's committee, which is often all a graduate knows); whoever approves assigns the
 * member to a branch under it (`checkBranchAssignment`). The other types need their own org.
 */
export const COMMITTEE_TARGET_TYPES: readonly TransferType[] = ['employment', 'abroad_official', 'abroad_private'];

/** Kinds of base-level org that can stand for "the receiving side's committee" (§1). */
const COMMITTEE_KINDS: readonly OrgFacts['kind'][] = ['committee', 'working_committee', 'general_branch'];

/** §5: does this transfer target a committee that must assign the member to a branch on approval? */
export function targetsCommittee(type: TransferType, to: TransferTarget): boolean {
  return (
    !isExternalTarget(to) &&
    to.purpose === null &&
    to.level === 'base' &&
    COMMITTEE_KINDS.includes(to.kind) &&
    COMMITTEE_TARGET_TYPES.includes(type)
  );
}

/** §3: is this a graduate leaving their school in their graduation year (so `general` does not apply)? */
function isGraduateLeavingSchool(from: OrgFacts, to: OrgFacts, now: Instant, options: RouteOptions): boolean {
  const graduated = toShanghaiDate(options.graduationDate ?? null);
  if (graduated === null || !options.fromSchoolId || !from.path.includes(options.fromSchoolId)) return false;
  if (to.path.includes(options.fromSchoolId)) return false;
  const year = Number(graduated.slice(0, 4));
  const today = toShanghaiDate(now);
  return year === seasonYear(now) || (today !== null && year === Number(today.slice(0, 4)));
}

const blank = (s: string | null | undefined): boolean => typeof s !== 'string' || s.trim() === '';

function checkExternal(type: TransferType, to: ExternalOrgRef): Decision<RoutingRefusal> {
  if (!TRANSFER_ROUTES[type].external) return refuse('EXTERNAL_NOT_ALLOWED');
  if (!isSeparateSystemProvince(to.provinceCode)) return refuse('EXTERNAL_PROVINCE_NOT_SEPARATE');
  // Q17: the full name in that province's system.
  if (blank(to.orgFullName)) return refuse('EXTERNAL_NAME_REQUIRED');
  return allow();
}

function inOwnSchool(from: OrgFacts, to: OrgFacts, fromSchoolId: string | null | undefined): boolean {
  if (!isSchoolDomain(to.industry)) return false;
  if (fromSchoolId) return from.path.includes(fromSchoolId) && to.path.includes(fromSchoolId);
  const parent = parentIdOf(to);
  return parent !== null && from.path.includes(parent);
}

/**
 * Refusals for a destination that is a special-purpose org reserved for another type
 * (used by the types whose destination is an ordinary org: employment, abroad_official, abroad_private).
 */
function purposeReservedFor(type: TransferType, to: OrgFacts): RoutingRefusal | null {
  switch (to.purpose) {
    case 'special_library':
      return 'SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT';
    case 'new_students':
      return 'NEW_STUDENTS_ONLY_FURTHER_STUDY';
    case 'abroad_study':
      return 'ABROAD_BRANCH_ONLY_ABROAD_STUDY';
    case 'delayed_graduation':
      return 'DELAYED_ORG_ONLY_DELAYED_GRADUATION';
    case 'graduates':
      return 'GRADUATES_ORG_NOT_A_DESTINATION';
    case 'mobile':
      // §2.1, Q8: employment may go to a township, park or (from September) county mobile branch.
      return type === 'employment' || type === 'abroad_private' ? null : 'MOBILE_BRANCH_NOT_FOR_TYPE';
    default:
      return null;
  }
}

/**
 * §3: may a member in `from` be transferred with `type` to `to` at `now`?
 * Returns the first refusal, in the order: date, external destination, same org, separate
 * system, not a branch, the type's own rule, then orgs reserved for other types.
 */
export function routeTransfer(
  type: TransferType,
  from: OrgFacts,
  to: TransferTarget,
  now: Instant,
  options: RouteOptions = {},
): Decision<RoutingRefusal> {
  if (!Object.prototype.hasOwnProperty.call(TRANSFER_ROUTES, type)) return refuse('UNKNOWN_TRANSFER_TYPE');
  const today = toShanghaiDate(now);
  if (today === null) return refuse('INVALID_DATE');
  if (isExternalTarget(to)) return checkExternal(type, to);

  if (to.id === from.id) return refuse('SAME_ORG');
  // Q17: Beijing, Guangdong and Fujian orgs live in their own systems.
  if (isSeparateSystemProvince(provinceOf(to.regionCode))) return refuse('USE_EXTERNAL_DESTINATION');
  // §3: the destination is a branch, or a special-purpose org; `general` goes to a branch only (§2.8, Q10).
  // §5: or a committee of the receiving side, which assigns a branch when it approves.
  if (to.kind !== 'branch' && (type === 'general' || to.purpose === null) && !targetsCommittee(type, to)) return refuse('NOT_A_BRANCH');

  switch (type) {
    case 'further_study':
      // §2.2: never to the township of registration / origin / residence, nor a mobile branch.
      if (isTownshipOrg(to)) return refuse('FURTHER_STUDY_TO_TOWNSHIP');
      if (to.purpose === 'mobile') return refuse('FURTHER_STUDY_TO_MOBILE');
      if (to.purpose !== 'new_students') return refuse('FURTHER_STUDY_NEEDS_NEW_STUDENTS_ORG');
      return allow();

    case 'special_unit':
      // §2.3: into the province's special library; provincial approval is a workflow rule.
      if (to.purpose !== 'special_library') return refuse('SPECIAL_UNIT_NEEDS_SPECIAL_LIBRARY');
      if (SPECIAL_LIBRARY_SAME_PROVINCE && provinceOf(to.regionCode) !== provinceOf(from.regionCode)) {
        return refuse('SPECIAL_LIBRARY_OTHER_PROVINCE');
      }
      return allow();

    case 'unemployed':
      // §2.4, Q14(2): the township mobile branch of residence, registration or origin.
      if (mobileTier(to) !== 'township') return refuse('UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE');
      return allow();

    case 'abroad_study':
      // §2.5: the relationship stays with the school, in its own abroad-study branch.
      if (to.purpose !== 'abroad_study') return refuse('ABROAD_STUDY_NEEDS_ABROAD_BRANCH');
      if (!inOwnSchool(from, to, options.fromSchoolId)) return refuse('NOT_OWN_SCHOOL');
      if (blank(options.abroadRequest?.domesticContactName) || blank(options.abroadRequest?.domesticContactPhone)) {
        return refuse('ABROAD_REQUEST_INCOMPLETE');
      }
      return allow();

    case 'delayed_graduation':
      // §2.7: the school marks the member and moves them into its own delayed-graduation org.
      if (to.purpose !== 'delayed_graduation') return refuse('DELAYED_GRADUATION_NEEDS_DELAYED_ORG');
      if (!inOwnSchool(from, to, options.fromSchoolId)) return refuse('NOT_OWN_SCHOOL');
      return allow();

    case 'abroad_private':
      // Q14(1): the township org of household registration or residence.
      if (!isTownshipOrg(to)) return refuse('ABROAD_PRIVATE_NEEDS_TOWNSHIP');
      return refuseIfReserved(type, to);

    case 'employment':
      // §2.1: a county mobile branch takes over receiving only from September on.
      // "From September" of the season the date belongs to (January–April follow last September).
      if (mobileTier(to) === 'county' && (compareInSeason(today, COUNTY_MOBILE_EMPLOYMENT_FROM) ?? -1) < 0) {
        return refuse('COUNTY_MOBILE_BEFORE_SEPTEMBER');
      }
      return refuseIfReserved(type, to);

    case 'abroad_official':
      // §2.6: the sending unit's League org.
      return refuseIfReserved(type, to);

    case 'general':
      // §2.8, Q10: any branch — except the special library, which only takes special_unit (§2.3).
      if (to.purpose === 'special_library') return refuse('SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT');
      // §3: not for a graduate leaving their school in their graduation year: their destination's type applies.
      if (isGraduateLeavingSchool(from, to, today, options)) return refuse('GENERAL_NOT_FOR_GRADUATE');
      return allow();

    default:
      return refuse('UNKNOWN_TRANSFER_TYPE');
  }
}

function refuseIfReserved(type: TransferType, to: OrgFacts): Decision<RoutingRefusal> {
  const code = purposeReservedFor(type, to);
  return code === null ? allow() : refuse(code);
}

export type BranchAssignmentRefusal = Codes<'BRANCH_REQUIRED' | 'BRANCH_NOT_UNDER_TARGET'> | RoutingRefusal;

/**
 * §5 (分配到团支部): approving a transfer that targets a committee assigns the member to a branch
 * under it in the same step. The branch must lie under the target and be a destination the
 * type's own rule accepts (`routeTransfer` on the branch). A transfer to a branch needs none (a
 * branch given must be the target itself). On success, the org the member moves into.
 */
export function checkBranchAssignment(
  type: TransferType,
  from: OrgFacts,
  target: OrgFacts,
  branch: OrgFacts | null,
  now: Instant,
  options: RouteOptions = {},
): { ok: true; orgId: string } | Refusal<BranchAssignmentRefusal> {
  if (!targetsCommittee(type, target)) {
    if (branch !== null && branch.id !== target.id) return refuse('BRANCH_NOT_UNDER_TARGET');
    return { ok: true, orgId: target.id };
  }
  if (branch === null) return refuse('BRANCH_REQUIRED');
  if (branch.id === target.id || !branch.path.includes(target.id)) return refuse('BRANCH_NOT_UNDER_TARGET');
  if (!mayHoldMembers(branch)) return refuse('NOT_A_BRANCH');
  const routed = routeTransfer(type, from, branch, now, options);
  return routed.ok ? { ok: true, orgId: branch.id } : routed;
}
