// The one catalogue of domain error codes. Every code a rule can return is here, with the
// Chinese message users see, its English twin, and the HTTP status the API answers with
// (`{ statusCode, code, message, messageEn }`). Placeholders `{name}` are filled from a
// refusal's `details`.
import type { Refusal, RefusalDetails } from './types';

export type DomainHttpStatus = 400 | 403 | 404 | 409 | 422;

export interface DomainErrorEntry {
  zh: string;
  en: string;
  http: DomainHttpStatus;
}

export const DOMAIN_ERRORS = {
  /* ---------------------------------------------------------------- identity (§2, GB 11643) */
  ID_CARD_FORMAT: { zh: '身份证号格式不正确（应为 18 位）', en: 'The ID number must have 18 characters', http: 400 },
  ID_CARD_BIRTH_DATE: { zh: '身份证号中的出生日期无效', en: 'The ID number holds an invalid birth date', http: 400 },
  ID_CARD_CHECKSUM: { zh: '身份证号校验位不正确', en: 'The ID number check character is wrong', http: 400 },
  ID_CARD_REGION: {
    zh: '身份证号前 6 位不是有效的行政区划代码（GB/T 2260）',
    en: 'The first six digits of the ID number are not a GB/T 2260 division code',
    http: 400,
  },
  ID_CARD_BIRTH_IN_FUTURE: { zh: '身份证号中的出生日期晚于今天', en: 'The ID number’s birth date lies in the future', http: 400 },
  MEMBER_UNDER_LEAGUE_AGE: {
    zh: '团员应年满 14 周岁（按身份证号中的出生日期）',
    en: 'A League member must be 14 or older (by the ID number’s birth date)',
    http: 400,
  },
  JOIN_DATE_IN_FUTURE: { zh: '入团时间不能晚于今天', en: 'The join date lies in the future', http: 400 },
  JOIN_DATE_BEFORE_LEAGUE_AGE: {
    zh: '入团时间不能早于年满 14 周岁之日',
    en: 'The join date precedes the member’s 14th birthday',
    http: 400,
  },

  /* ---------------------------------------------------------------- general */
  INVALID_DATE: { zh: '日期无效', en: 'The date is not valid', http: 400 },
  GRADUATION_DATE_OUT_OF_RANGE: {
    zh: '毕业时间须在 1950-01-01 至今后 10 年之间',
    en: 'A graduation date must lie between 1950-01-01 and ten years from today',
    http: 400,
  },
  UNKNOWN_TRANSFER_TYPE: { zh: '转接类型无效', en: 'Unknown transfer type', http: 400 },
  NOT_IN_SCOPE: { zh: '对象不存在或不在您的管理范围内', en: 'Not found or outside your scope', http: 404 },
  REGION_CODE_INVALID: { zh: '行政区划代码应为6位数字', en: 'A region code must be 6 digits (GB/T 2260)', http: 400 },

  /* ---------------------------------------------------------------- org placement (§1, §2) */
  PARENT_IS_BRANCH: { zh: '团支部下不能再设下级组织', en: 'A branch cannot have sub-orgs', http: 422 },
  ORG_LEVEL_INVALID: { zh: '组织层级与上级组织不相符', en: 'The level does not fit under the parent', http: 422 },
  REGION_OUTSIDE_PARENT: { zh: '行政区划不在上级组织的区划范围内', en: 'The region is outside the parent org region', http: 422 },
  PURPOSE_NOT_ALLOWED: { zh: '该上级组织下不能设立此类专门团组织', en: 'This special-purpose org cannot be created here', http: 422 },
  SPECIAL_LIBRARY_EXISTS: { zh: '本省已有特殊单位专属库', en: 'The province already has a special-unit library', http: 409 },
  PURPOSE_ORG_EXISTS: { zh: '本校已有此类专门团组织', en: 'The school already has this special-purpose org', http: 409 },

  /* ---------------------------------------------------------------- routing (§3) */
  SAME_ORG: { zh: '转入组织不能是团员当前所在组织', en: 'The destination is the member’s current org', http: 422 },
  NOT_A_BRANCH: { zh: '目标组织的组织类别不是团支部', en: 'The target org is not a branch (团支部)', http: 422 },
  EXTERNAL_NAME_REQUIRED: {
    zh: '转往北京、广东、福建的，须填写转入团组织在当地系统内的组织全称',
    en: 'A transfer to Beijing, Guangdong or Fujian must give the receiving org’s full name in that system',
    http: 422,
  },
  EXTERNAL_PROVINCE_NOT_SEPARATE: {
    zh: '只有北京、广东、福建使用独立系统，其他省份请在组织树中选择转入组织',
    en: 'Only Beijing, Guangdong and Fujian run separate systems; pick an org in the tree for other provinces',
    http: 422,
  },
  USE_EXTERNAL_DESTINATION: {
    zh: '北京、广东、福建的团组织不在本系统中，请按省外组织填写组织全称',
    en: 'Orgs in Beijing, Guangdong and Fujian are not in this system; name the org in that system instead',
    http: 422,
  },
  EXTERNAL_NOT_ALLOWED: {
    zh: '该转接类型只能转至本系统内的组织',
    en: 'This transfer type must go to an org in this system',
    http: 422,
  },
  FURTHER_STUDY_TO_TOWNSHIP: {
    zh: '升学的毕业学生团员不得转至乡镇街道团组织',
    en: 'A graduate going on to further study may not be transferred to a township org',
    http: 422,
  },
  FURTHER_STUDY_TO_MOBILE: {
    zh: '升学的毕业学生团员不得转至流动团员团支部',
    en: 'A graduate going on to further study may not be transferred to a mobile branch',
    http: 422,
  },
  FURTHER_STUDY_NEEDS_NEW_STUDENTS_ORG: {
    zh: '升学转接应转至录取学校的新生团组织',
    en: 'A further-study transfer goes to the admitting school’s new-students org',
    http: 422,
  },
  SPECIAL_UNIT_NEEDS_SPECIAL_LIBRARY: {
    zh: '参军或涉密单位转接应转至省级特殊单位专属库',
    en: 'An enlistment / classified-unit transfer goes to the provincial special library',
    http: 422,
  },
  SPECIAL_LIBRARY_OTHER_PROVINCE: {
    zh: '应转至团员所在省份的特殊单位专属库',
    en: 'The special library must be the one of the member’s own province',
    http: 422,
  },
  UNEMPLOYED_NEEDS_TOWNSHIP_MOBILE: {
    zh: '未就业的毕业学生团员应转至居住地、户籍所在地或生源地的乡镇街道流动团员团支部',
    en: 'An unemployed graduate goes to the township mobile branch where they live, are registered or came from',
    http: 422,
  },
  ABROAD_STUDY_NEEDS_ABROAD_BRANCH: {
    zh: '出国（境）留学的团员应编入本校的出国（境）学习研究团员团支部',
    en: 'A graduate studying abroad moves into the school’s own abroad-study branch',
    http: 422,
  },
  ABROAD_REQUEST_INCOMPLETE: {
    zh: '保留团组织关系的书面申请须写明境内常用联系人和联系方式',
    en: 'The written retention request must name a contact at home and a phone number',
    http: 422,
  },
  ABROAD_PRIVATE_NEEDS_TOWNSHIP: {
    zh: '因私出国（境）的团员应转至户籍所在地或居住地的乡镇街道团组织',
    en: 'A member going abroad privately goes to the township org of registration or residence',
    http: 422,
  },
  DELAYED_GRADUATION_NEEDS_DELAYED_ORG: {
    zh: '延迟毕业的团员应转入本校的延迟毕业团组织',
    en: 'A member whose graduation is delayed moves into the school’s own delayed-graduation org',
    http: 422,
  },
  NOT_OWN_SCHOOL: {
    zh: '目标组织不属于团员所在学校',
    en: 'The target org does not belong to the member’s school',
    http: 422,
  },
  COUNTY_MOBILE_BEFORE_SEPTEMBER: {
    zh: '县级流动团员团支部自9月1日起才接收就业转接',
    en: 'A county mobile branch receives employment transfers only from 1 September',
    http: 422,
  },
  SPECIAL_LIBRARY_ONLY_SPECIAL_UNIT: {
    zh: '特殊单位专属库只接收参军或涉密单位转接',
    en: 'The special library receives only enlistment / classified-unit transfers',
    http: 422,
  },
  NEW_STUDENTS_ONLY_FURTHER_STUDY: {
    zh: '新生团组织只接收升学转接',
    en: 'A new-students org receives only further-study transfers',
    http: 422,
  },
  ABROAD_BRANCH_ONLY_ABROAD_STUDY: {
    zh: '出国（境）学习研究团员团支部只接收出国（境）留学的团员',
    en: 'An abroad-study branch receives only members studying abroad',
    http: 422,
  },
  DELAYED_ORG_ONLY_DELAYED_GRADUATION: {
    zh: '延迟毕业团组织只接收延迟毕业的团员',
    en: 'A delayed-graduation org receives only members whose graduation is delayed',
    http: 422,
  },
  GRADUATES_ORG_NOT_A_DESTINATION: {
    zh: '毕业生团组织不是毕业去向，不能作为此类转接的转入组织',
    en: 'A graduates org is not a destination for this transfer type',
    http: 422,
  },
  MOBILE_BRANCH_NOT_FOR_TYPE: {
    zh: '流动团员团支部不接收此类转接',
    en: 'A mobile branch does not receive this transfer type',
    http: 422,
  },

  /* ---------------------------------------------------------------- workflow (§5) */
  INITIATE_NOT_ALLOWED: {
    zh: '只有团员本人、转出方或转入方团组织管理员可以发起转接',
    en: 'Only the member, an admin of the outgoing side or an admin of the receiving side may initiate',
    http: 403,
  },
  TRANSFER_ALREADY_OPEN: {
    zh: '该团员已有一条待审核的组织关系转接（{initiatorName}于{initiatedAt}发起），请等待审批结果，或撤销后重新发起',
    en: 'This member already has an open transfer, initiated by {initiatorName} at {initiatedAt}; wait for the review, or withdraw it and start again',
    http: 409,
  },
  MEMBERSHIP_LAPSED_AGE: {
    zh: '年满28周岁且未在团内担任职务，不再保留团籍',
    en: 'Aged 28 or over with no League post: League membership is no longer kept',
    http: 422,
  },
  REVIEW_NOT_ALLOWED: {
    zh: '只有审核方组织或其上级组织的管理员可以审核（转入方审核；由转入方发起的转接由转出方审核）',
    en: 'Only an admin of the deciding org or of one of its ancestors may review (the receiving side; for a transfer the receiving side initiated, the outgoing side)',
    http: 403,
  },
  RETURN_CLOSE_NOT_ALLOWED: {
    zh: '只有发起人或团员本人可以关闭已退回的转接',
    en: 'Only the initiator or the member may close a returned transfer',
    http: 403,
  },
  TRANSFER_NOT_RETURNED: {
    zh: '该转接未被退回，无需关闭',
    en: 'This transfer was not returned',
    http: 409,
  },
  PULL_DECIDED_BY_OUTGOING_SIDE: {
    zh: '此转接由转入方发起，须由团员所在的转出组织或其上级组织审核',
    en: 'The receiving side initiated this transfer; the member’s current org (or one of its ancestors) decides it',
    http: 403,
  },
  PULL_NEEDS_BRANCH: {
    zh: '由转入方发起转接时，请直接选择接收的团支部（转出方审核时不为转入方分配团支部）',
    en: 'A transfer initiated by the receiving side names its receiving branch; the outgoing side that decides it does not assign one',
    http: 422,
  },
  REVIEW_OWN_REQUEST: {
    zh: '不能审核本人发起的转接，请由审核方的其他管理员或上级组织审核',
    en: 'You cannot decide a transfer you initiated; another admin of the deciding side (or its superior committee) decides it',
    http: 403,
  },
  TRANSFER_MEMBER_MOVED: {
    zh: '该团员在发起此转接后已转至其他组织，此转接不能再通过',
    en: 'The member has moved since this transfer was initiated; it can no longer be approved',
    http: 409,
  },
  SPECIAL_UNIT_NEEDS_PROVINCIAL_APPROVAL: {
    zh: '参军或涉密单位转接须由省级团委审核',
    en: 'Enlistment / classified-unit transfers are reviewed by the provincial committee',
    http: 403,
  },
  ABROAD_STUDY_NEEDS_SCHOOL_APPROVAL: {
    zh: '出国（境）留学保留团组织关系须由学校团委审批',
    en: 'Retention for study abroad is approved by the school committee',
    http: 403,
  },
  EXTERNAL_REVIEWED_ELSEWHERE: {
    zh: '转往北京、广东、福建的申请由当地系统审核',
    en: 'A transfer to Beijing, Guangdong or Fujian is reviewed in that province’s system',
    http: 409,
  },
  REJECT_REASON_REQUIRED: { zh: '退回须填写理由', en: 'Rejecting needs a reason', http: 422 },
  WITHDRAW_NOT_ALLOWED: {
    zh: '只有发起人或团员本人可以撤销',
    en: 'Only the initiator or the member may withdraw',
    http: 403,
  },
  TRANSFER_NOT_PENDING: { zh: '该转接已不是待审核状态', en: 'The transfer is no longer pending', http: 409 },
  TRANSFER_EXPIRED: {
    zh: '该转接超过10天未审核，已超时退回，请重新发起',
    en: 'The transfer was not reviewed within 10 days and has been returned; initiate it again',
    http: 409,
  },
  ILLEGAL_TRANSITION: { zh: '转接状态不允许此操作', en: 'The transfer’s state does not allow this', http: 409 },
  REMIND_NOT_ALLOWED: {
    zh: '只有团员本人、发起人或转出一方的管理员可以催办',
    en: 'Only the member, the initiator or an admin of the requesting side may send a reminder',
    http: 403,
  },
  REMINDER_ALREADY_TODAY: {
    zh: '今天已经催办过这条转接，请明天再催办',
    en: 'This transfer was already reminded today; try again tomorrow',
    http: 409,
  },
  CHECK_IN_NOT_ALLOWED: {
    zh: '只有转入组织或其上级组织的管理员可以登记线下报到',
    en: 'Only an admin of the receiving org or an ancestor may record the offline check-in',
    http: 403,
  },
  CHECK_IN_NEEDS_APPROVED_TRANSFER: {
    zh: '线上转接审核通过后才能登记线下报到，线下转接不能替代线上转接',
    en: 'Check-in follows an approved online transfer; offline paperwork never replaces it',
    http: 409,
  },
  ALREADY_CHECKED_IN: { zh: '该团员已登记线下报到', en: 'The member has already checked in', http: 409 },
  NO_TRANSFER_TO_CHECK_IN: {
    zh: '该团员没有转入本组织且待报到的转接',
    en: 'The member has no approved transfer into this org awaiting check-in',
    http: 409,
  },
  DATE_IN_FUTURE: { zh: '日期不能晚于今天', en: 'The date cannot be in the future', http: 400 },
  DATE_BEFORE_TRANSFER: { zh: '日期不能早于转接审核通过或转入的日期', en: 'The date cannot precede the approval or arrival', http: 400 },
  NOT_EXTERNAL_TRANSFER: {
    zh: '只有转往北京、广东、福建的转接需要登记对方系统的审核结果',
    en: 'Only transfers to Beijing, Guangdong or Fujian take an outcome from the other system',
    http: 409,
  },
  EXTERNAL_OUTCOME_NOT_ALLOWED: {
    zh: '只有转出组织或其上级组织的管理员可以登记对方系统的审核结果；转入记录由转入组织或其上级登记',
    en: 'The outgoing side records the other system’s outcome; the receiving side records arrivals',
    http: 403,
  },
  ABROAD_REPORT_NOT_ALLOWED: {
    zh: '只有团员所在组织或其上级组织的管理员可以登记出国（境）团员的定期报告',
    en: 'Only an admin of the member’s org or an ancestor may record an abroad report',
    http: 403,
  },
  NOT_ABROAD_MEMBER: {
    zh: '该团员不在出国（境）学习研究团员团支部，无需定期报告',
    en: 'The member is not in an abroad-study branch',
    http: 409,
  },

  /* ---------------------------------------------------------------- members, orgs, accounts (§1, §2) */
  MEMBER_ORG_NOT_PATCHABLE: {
    zh: '团员所在组织只能通过组织关系转接变更',
    en: 'A member changes org only by transfer',
    http: 400,
  },
  LEAVE_REASON_REQUIRED: { zh: '团员离团须填写原因', en: 'A member leaving needs a reason', http: 422 },
  GENERAL_NOT_FOR_GRADUATE: {
    zh: '毕业年度内离校的毕业生应按毕业去向选择转接类型（就业、升学、未就业等），不能使用一般转接',
    en: 'A graduate leaving school in their graduation year transfers by their destination’s type, not general',
    http: 422,
  },
  BRANCH_REQUIRED: {
    zh: '该转接转入的是团委，审核通过时须选择其下属团支部（分配到团支部）',
    en: 'The transfer targets a committee: choose a branch under it when approving',
    http: 422,
  },
  BRANCH_NOT_UNDER_TARGET: {
    zh: '所选团支部不在该转接的转入组织之下',
    en: 'The chosen branch is not under the transfer’s receiving org',
    http: 422,
  },
  ORG_NOT_EMPTY: {
    zh: '组织下仍有下级组织、团员或账号，不能删除',
    en: 'The org still has sub-orgs, members or accounts',
    http: 409,
  },
  RESET_NOT_ALLOWED: {
    zh: '只有本组织或上级组织管理员可以生成重置密码验证码',
    en: 'Only an admin of the member’s org or an ancestor may issue a reset code',
    http: 403,
  },
  RESET_CODE_INVALID: { zh: '重置码不正确', en: 'The reset code is wrong', http: 400 },
  RESET_CODE_MEMBERS_ONLY: {
    zh: '重置码只用于团员本人账号；管理员账号请由上级组织重新开设',
    en: 'Reset codes are for member accounts only; an admin account is re-issued by a superior org',
    http: 403,
  },
  USERNAME_INVALID: {
    zh: '用户名只能由字母、数字、汉字及 . _ - @ 组成，不能含不可见字符，也不能混用拉丁与西里尔或希腊字母',
    en: 'A username holds letters, digits, Chinese characters and . _ - @ only: no invisible characters, no Latin mixed with Cyrillic or Greek',
    http: 400,
  },
  USERNAME_LOOKS_ALIKE: {
    zh: '用户名与已有用户名形近（易混淆），请换一个',
    en: 'The username looks like an existing one (Unicode TR39 confusables); choose another',
    http: 409,
  },
  RESET_CODE_EXPIRED: { zh: '重置码已过期，请联系管理员重新生成', en: 'The reset code has expired', http: 400 },
  RESET_CODE_USED: { zh: '重置码已使用，请联系管理员重新生成', en: 'The reset code has already been used', http: 400 },
  /* two-factor authentication for admin accounts (issue 24; 等保 2.0 身份鉴别 d) */
  SECOND_FACTOR_POLICY_NOT_ALLOWED: {
    zh: '只有全国或省级团委管理员可以设置本级及下级组织的两步验证要求',
    en: 'Only a national or provincial admin may require two-factor authentication for its subtree',
    http: 403,
  },
  SECOND_FACTOR_RESET_NOT_ALLOWED: {
    zh: '只有该账号所属组织的上级组织管理员可以重置其两步验证',
    en: 'Only an admin of an org above the account’s org may reset its second factor',
    http: 403,
  },

  /* ---------------------------------------------------------------- graduation marking (§4) */
  INDUSTRY_EMPTY: {
    zh: '被标记组织的单位所属行业类别为空',
    en: 'The target org’s industry is empty',
    http: 422,
  },
  PRIMARY_SCHOOL_NOT_ELIGIBLE: {
    zh: '小学团组织不能标记毕业时间',
    en: 'A primary-school org cannot be marked as graduated',
    http: 422,
  },
  NOT_SCHOOL_DOMAIN: {
    zh: '被标记组织的单位所属行业类别不是学校领域',
    en: 'The target org is not in the school domain',
    http: 422,
  },
  OWN_BRANCH_ADMIN: {
    zh: '团支部管理员不能标记本支部的毕业时间，请由上级组织标记',
    en: 'A branch’s own admin may not mark its graduation; its superior does',
    http: 403,
  },
  MARK_NOT_ALLOWED: {
    zh: '只有学校领域的上级团组织管理员或团支部的直属上级可以标记毕业时间',
    en: 'Only an admin of a school-domain org above the branch, or its direct superior, may mark graduation',
    http: 403,
  },
  BRANCH_NOT_MIXED: {
    zh: '只有混合型支部可以逐个标记团员毕业时间',
    en: 'Members are marked one by one only in a mixed branch',
    http: 409,
  },
  MEMBER_NOT_IN_BRANCH: { zh: '该团员不在此团支部', en: 'The member is not in this branch', http: 422 },
  GRADUATE_MOBILE_BEFORE_AUGUST: {
    zh: '“毕业学生流动团员”标记自8月1日起方可使用',
    en: 'The graduate mobile-member mark opens only after 31 July',
    http: 422,
  },
  DELAYED_ORG_MISSING: {
    zh: '本校尚未建立“延迟毕业团组织”，请先创建后再标记延迟毕业',
    en: 'The school has no delayed-graduation org yet; create it first',
    http: 422,
  },
  MEMBER_MARK_NOT_GRADUATE: {
    zh: '已标记为教师或延迟毕业的团员不能设置毕业时间',
    en: 'A member marked as a teacher or delayed cannot get a graduation date',
    http: 422,
  },
} as const satisfies Record<string, DomainErrorEntry>;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

/** Compile-time guard for code unions: `Codes<'SAME_ORG' | 'TYPO'>` fails to compile. */
export type Codes<C extends DomainErrorCode> = C;

export function isDomainErrorCode(code: unknown): code is DomainErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(DOMAIN_ERRORS, code);
}

/** Fills `{name}` placeholders from details; unknown placeholders become '—'. */
export function fillMessage(template: string, details?: RefusalDetails): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = details?.[key];
    return value === null || value === undefined || value === '' ? '—' : String(value);
  });
}

/** The HTTP error body the API returns for a refusal: `{ statusCode, code, message, messageEn }`. */
export interface DomainErrorBody {
  statusCode: DomainHttpStatus;
  code: string;
  message: string;
  messageEn: string;
  details?: RefusalDetails;
}

/** Maps a code (plus details) to its HTTP body; an unknown code is a 400 with the code as message. */
export function domainErrorBody(code: string, details?: RefusalDetails): DomainErrorBody {
  if (!isDomainErrorCode(code)) {
    return { statusCode: 400, code, message: code, messageEn: code, ...(details ? { details } : {}) };
  }
  const e: DomainErrorEntry = DOMAIN_ERRORS[code];
  return {
    statusCode: e.http,
    code,
    message: fillMessage(e.zh, details),
    messageEn: fillMessage(e.en, details),
    ...(details ? { details } : {}),
  };
}

/** The HTTP body for a refused decision. */
export function refusalBody(refusal: Refusal): DomainErrorBody {
  return domainErrorBody(refusal.code, refusal.details);
}
