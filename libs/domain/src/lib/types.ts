// Vocabulary of the guide (DOMAIN.md §1–§5) as string unions with their value lists.
// Values are the wire values of the HTTP API (API.md) and the database.

/** 组织类别 (DOMAIN.md §1) */
export const ORG_KINDS = ['committee', 'working_committee', 'general_branch', 'branch'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Org level (DOMAIN.md §1); `base` covers school/township/enterprise committees and below. */
export const ORG_LEVELS = ['national', 'provincial', 'city', 'county', 'base'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** 单位所属行业类别 (DOMAIN.md §1); `null` is "empty". */
export const INDUSTRIES = [
  'university', // 普通高校
  'higher_vocational', // 高等职业院校
  'vocational', // 中等职业院校
  'high_school', // 高中
  'junior_high', // 初中
  'primary', // 小学
  'township', // 乡镇街道
  'enterprise', // 企业
  'public_institution', // 机关事业单位
  'social_org', // 社会组织
  'park', // 园区
  'youth_home', // 青年之家
  'special', // 特殊单位
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** 学校领域 (DOMAIN.md §1): eligible for graduation marking. `primary` is not (Q24). */
export const SCHOOL_DOMAIN_INDUSTRIES: readonly Industry[] = [
  'university',
  'higher_vocational',
  'vocational',
  'high_school',
  'junior_high',
];

export function isSchoolDomain(industry: Industry | null | undefined): boolean {
  return industry != null && SCHOOL_DOMAIN_INDUSTRIES.includes(industry);
}

/** Special-purpose orgs (DOMAIN.md §1). */
export const ORG_PURPOSES = [
  'new_students', // 新生团组织
  'graduates', // 毕业生团组织
  'delayed_graduation', // 延迟毕业团组织
  'abroad_study', // 出国（境）学习研究团员团支部
  'mobile', // 流动团员团支部
  'special_library', // 特殊单位专属库
  'temporary', // 临时团支部 (Q7)
] as const;
export type OrgPurpose = (typeof ORG_PURPOSES)[number];

/** 毕业去向 (DOMAIN.md §3, §6): every transfer type a graduate can leave by. */
export const DESTINATIONS = [
  'employment', // 就业
  'further_study', // 升学
  'special_unit', // 参军/涉密
  'unemployed', // 未就业
  'abroad_study', // 出国（境）留学
  'abroad_official', // 因公出国
  'abroad_private', // 因私出国
  'delayed_graduation', // 延迟毕业
] as const;
export type Destination = (typeof DESTINATIONS)[number];

/** 转接类型 (DOMAIN.md §3): every 毕业去向, and general (一般转接). */
export const TRANSFER_TYPES = [...DESTINATIONS, 'general'] as const;
export type TransferType = (typeof TRANSFER_TYPES)[number];

/** Transfer states (DOMAIN.md §5). */
export const TRANSFER_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Account roles; an admin's role follows from the org the account is bound to. */
export const ROLES = [
  'national_admin',
  'provincial_admin',
  'city_admin',
  'county_admin',
  'township_admin',
  'school_admin',
  'base_admin', // enterprise, park, institution … committees
  'branch_admin',
  'member',
] as const;
export type Role = (typeof ROLES)[number];

export type Gender = 'male' | 'female';

/** The minimum an org needs to be reasoned about by the rules. */
export interface OrgFacts {
  id: string;
  kind: OrgKind;
  level: OrgLevel;
  industry: Industry | null;
  purpose: OrgPurpose | null;
  regionCode: string;
  /** Ancestor ids from the root down to and including this org. */
  path: readonly string[];
  /**
   * Level of the parent org (§1: a mobile branch's tier is the level of the committee it sits
   * under). Callers that reason about mobile branches must give it; null for the root.
   */
  parentLevel?: OrgLevel | null;
}

/** Values a refusal may carry to fill its message (e.g. who initiated the open transfer, Q21). */
export type RefusalDetails = Readonly<Record<string, string | number | null>>;

/** A refused decision: a stable code (UPPER_SNAKE, see errors.ts) and optional message details. */
export type Refusal<C extends string = string> = { ok: false; code: C; details?: RefusalDetails };

/** Outcome of a rule: allowed, or refused with a stable code (UPPER_SNAKE). */
export type Decision<C extends string = string> = { ok: true } | Refusal<C>;

export const allow = (): { ok: true } => ({ ok: true });
export const refuse = <C extends string>(code: C): { ok: false; code: C } => ({ ok: false, code });
export const refuseWith = <C extends string>(code: C, details: RefusalDetails): Refusal<C> => ({
  ok: false,
  code,
  details,
});

/**
 * An instant: a `Date`, or an ISO-8601 string. A string without an offset (including a bare
 * 'YYYY-MM-DD') is read as China Standard Time (UTC+8), the guide's clock (DOMAIN.md preamble).
 */
export type Instant = Date | string;

/** A calendar date in China Standard Time, 'YYYY-MM-DD'. */
export type DateString = string;

/** An org in a province that runs its own system (Q17, §3.2.3): named, not in our tree. */
export interface ExternalOrgRef {
  external: true;
  /** Two-digit GB/T 2260 province code ('11', '44', '35'); 'XX0000' is accepted too. */
  provinceCode: string;
  /** The receiving org's full name in that province's system (Q17). */
  orgFullName: string;
}

/** Where a transfer goes: an org in our tree, or an org in a separate provincial system. */
export type TransferTarget = OrgFacts | ExternalOrgRef;

export function isExternalTarget(target: TransferTarget): target is ExternalOrgRef {
  return (target as Partial<ExternalOrgRef>).external === true;
}

/**
 * Who is acting: the account's role and the org it is bound to (a member's own org for
 * `member`). Plain data, computed once per request by the API.
 */
export interface Actor {
  /** Account id; the initiator of a transfer is recorded by account (withdraw, Q13). */
  userId?: string;
  role: Role;
  orgId: string;
  /** Ancestor ids of `orgId` from the root down to and including it. */
  orgPath: readonly string[];
  /** Set for member accounts: the member the account belongs to. */
  memberId?: string;
  /** Industry of `orgId` (graduation marking needs to know whether it is school domain, Q24). */
  orgIndustry?: Industry | null;
}

export function isAdmin(actor: Pick<Actor, 'role'>): boolean {
  return actor.role !== 'member';
}
