import { HttpException } from '@nestjs/common';
import { DOMAIN_ERRORS, fillMessage } from '@zhtj/domain';
import type { Decision } from '@zhtj/domain';

/** One entry of the error catalogue: a stable code, its HTTP status and its messages. */
export interface ErrorEntry {
  http: number;
  zh: string;
  en: string;
}

/**
 * API-level error codes (transport, auth, persistence). Codes returned by the rules live in
 * `DOMAIN_ERRORS` (@zhtj/domain); both are merged into the one catalogue below, and a code's
 * messages live in exactly one of them.
 */
export const API_ERRORS = {
  VALIDATION_FAILED: { http: 400, zh: '请求参数不正确', en: 'The request is invalid' },
  MALFORMED_JSON: { http: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { http: 413, zh: '请求数据过大，超出该接口允许的大小', en: 'The request body is larger than this route accepts' },
  INPUT_TOO_COMPLEX: { http: 400, zh: '请求数据的字段过多或嵌套过深', en: 'The request has too many fields or is nested too deeply' },
  INPUT_INVALID_CHARACTERS: {
    http: 400,
    zh: '请求中含有不允许的字符（如空字符或不完整的 Unicode 字符）',
    en: 'The request contains characters that are not allowed (NUL or broken Unicode)',
  },
  INPUT_NUMBER_OUT_OF_RANGE: { http: 400, zh: '请求中的数值超出允许范围', en: 'A number in the request is out of range' },
  UNAUTHORIZED: { http: 401, zh: '请先登录', en: 'Authentication required' },
  TOKEN_INVALID: { http: 401, zh: '登录已失效，请重新登录', en: 'The session has expired; log in again' },
  LOGIN_FAILED: { http: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  CAPTCHA_REQUIRED: {
    http: 401,
    zh: '请输入图形验证码后再登录（该网络登录失败次数过多或登录繁忙）',
    en: 'Enter the characters shown in the image to log in (too many failed or busy logins from this network)',
  },
  CAPTCHA_INVALID: {
    http: 401,
    zh: '验证码错误或已过期，请输入新的验证码',
    en: 'The captcha answer is wrong or has expired; enter the new one',
  },
  // Two-factor authentication for admin accounts (issue 24; 等保 2.0 身份鉴别 d)
  OTP_REQUIRED: {
    http: 401,
    zh: '请输入动态验证码（两步验证）或恢复码',
    en: 'Enter the code from your authenticator app (two-factor authentication) or a recovery code',
  },
  OTP_INVALID: {
    http: 401,
    zh: '动态验证码或恢复码不正确或已使用',
    en: 'The authentication code or recovery code is wrong or has been used',
  },
  OTP_STEP_UP_REQUIRED: {
    http: 403,
    zh: '本组织要求两步验证：此操作须以动态验证码登录后进行，请退出后重新登录',
    en: 'Your organisation requires two-factor authentication: log in again with an authentication code for this action',
  },
  OTP_ENROLMENT_REQUIRED: {
    http: 403,
    zh: '本组织要求两步验证：请先完成两步验证绑定，再重新登录',
    en: 'Your organisation requires two-factor authentication: set it up, then log in again',
  },
  OTP_CONFIRM_INVALID: {
    http: 400,
    zh: '验证码不正确，请核对手机时间后输入当前显示的 6 位数字',
    en: 'The code is wrong; check the phone’s clock and enter the six digits shown now',
  },
  OTP_NOT_PENDING: { http: 409, zh: '请先开始绑定两步验证', en: 'Start two-factor enrolment first' },
  OTP_ALREADY_ENABLED: {
    http: 409,
    zh: '已启用两步验证；更换手机请联系上级组织管理员重置',
    en: 'Two-factor authentication is already on; to change phones ask an admin above you to reset it',
  },
  OTP_NOT_ENROLLED: { http: 409, zh: '该账号未启用两步验证', en: 'The account has no second factor' },
  TOO_MANY_REQUESTS: { http: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  FORBIDDEN: { http: 403, zh: '无权执行此操作', en: 'You may not perform this action' },
  NOT_FOUND: { http: 404, zh: '对象不存在或不在您的管理范围内', en: 'Not found or outside your scope' },
  ROUTE_NOT_FOUND: { http: 404, zh: '接口不存在', en: 'No such route' },
  PASSWORD_POLICY: {
    http: 400,
    zh: '密码须为 8–64 位，且同时包含字母和数字',
    en: 'Passwords need 8–64 characters with letters and digits',
  },
  PASSWORD_WRONG: { http: 400, zh: '原密码不正确', en: 'The current password is wrong' },
  USERNAME_TAKEN: { http: 409, zh: '用户名已被使用', en: 'The username is taken' },
  MEMBER_HAS_ACCOUNT: { http: 409, zh: '该团员已有账号', en: 'The member already has an account' },
  USER_TARGET_REQUIRED: { http: 400, zh: '须指定所属组织或团员之一', en: 'Give exactly one of orgId and memberId' },
  ORG_IS_SCOPE_ROOT: { http: 403, zh: '不能删除或移动本账号所属的组织', en: 'You cannot delete or move the org your account belongs to' },
  ORG_MOVE_CYCLE: { http: 422, zh: '不能把组织移动到其自身或其下级组织之下', en: 'An org cannot move under itself or its descendants' },
  ORG_NAME_TAKEN: { http: 409, zh: '同一上级组织下已有同名组织', en: 'A sibling org already has this name' },
  REGION_UNKNOWN: { http: 422, zh: '行政区划代码不存在', en: 'Unknown region code' },
  MEMBER_ORG_NOT_BRANCH: {
    http: 422,
    zh: '团员只能隶属于团支部或专门团组织',
    en: 'Members belong only to branches or special-purpose orgs',
  },
  MEMBER_ID_CARD_TAKEN: { http: 409, zh: '该身份证号已登记', en: 'This ID number is already registered' },
  ID_CARD_BIRTH_DATE_MISMATCH: { http: 400, zh: '出生日期与身份证号不一致', en: 'The birth date does not match the ID number' },
  MEMBER_ALREADY_LEFT: { http: 409, zh: '该团员已离团', en: 'The member has already left' },
  MEMBER_IMPORT_CONFLICT: {
    http: 409,
    zh: '部分身份证号已在其他组织登记，本次未写入任何数据；请核对名单，已登记的团员请通过组织关系转接办理',
    en: 'Some ID numbers are registered in another org; nothing was written. Check the list; members registered elsewhere come by transfer',
  },
  MEMBER_IMPORT_INVALID: {
    http: 422,
    zh: '导入数据有误，未写入任何数据；请按报告逐行修改后重新导入',
    en: 'Some rows are invalid; nothing was written. Fix the rows in the report and import again',
  },
  GRADUATION_IMPORT_INVALID: {
    http: 422,
    zh: '导入数据有误，未修改任何团员；请按报告逐行修改后重新导入',
    en: 'Some rows are invalid; no member was changed. Fix the rows in the report and import again',
  },
  EXPORT_TOO_LARGE: { http: 422, zh: '导出数量超过 50000 条上限，请缩小筛选范围', en: 'More than 50,000 rows; narrow the filters' },
  GRADUATION_BULK_REFUSED: {
    http: 422,
    zh: '部分团组织不能标记毕业时间，本次未做任何修改',
    en: 'Some orgs cannot be marked; nothing was changed',
  },
  TRANSFER_MEMBER_REQUIRED: {
    http: 400,
    zh: '须以团员 ID，或身份证号与姓名之一指定团员',
    en: 'Give exactly one of memberId and member (ID number and full name)',
  },
  TRANSFER_TARGET_REQUIRED: {
    http: 400,
    zh: '须指定转入组织（本系统内的组织，或北京、广东、福建系统内组织的全称）之一',
    en: 'Give exactly one of toOrgId and external',
  },
  MEMBER_HAS_OPEN_TRANSFER: {
    http: 409,
    zh: '该团员有待审核的组织关系转接，请先撤销或办结',
    en: 'The member has an open transfer; withdraw or decide it first',
  },
  USERNAME_LOOKS_LIKE_ID: {
    http: 400,
    zh: '用户名不能是身份证号（团员用本人身份证号登录）',
    en: 'A username may not be an ID number (members log in with theirs)',
  },
  RESET_CODE_LOCKED: { http: 400, zh: '重置码输错次数过多，请 15 分钟后再试', en: 'Too many wrong codes; try again in 15 minutes' },
  ALREADY_EXISTS: { http: 409, zh: '数据已存在，请刷新后重试', en: 'This already exists; reload and try again' },
  CONCURRENT_UPDATE: {
    http: 409,
    zh: '数据正被同时修改，本次未做任何修改，请重试',
    en: 'Changed concurrently; nothing was changed. Try again',
  },
  STILL_REFERENCED: { http: 409, zh: '数据仍被引用，不能删除或修改', en: 'Still referenced elsewhere' },
  INTERNAL_ERROR: { http: 500, zh: '服务器内部错误', en: 'Internal server error' },
} satisfies Record<string, ErrorEntry>;

const catalogue = new Map<string, ErrorEntry>([...Object.entries(DOMAIN_ERRORS), ...Object.entries(API_ERRORS)]);

/** Adds codes (e.g. the domain catalogue) to the one catalogue the API answers from. */
export function registerErrors(entries: Record<string, ErrorEntry>): void {
  for (const [code, entry] of Object.entries(entries)) catalogue.set(code, entry);
}

export function errorEntry(code: string): ErrorEntry {
  return catalogue.get(code) ?? { http: 400, zh: code, en: code };
}

export interface FieldError {
  field: string;
  message: string;
}

/** The one exception the API throws for expected failures: `{statusCode, code, message, messageEn}`. */
export class AppError extends HttpException {
  constructor(
    readonly code: string,
    readonly extra: { message?: string; messageEn?: string; errors?: FieldError[]; details?: Record<string, unknown> } = {},
    status?: number,
  ) {
    const entry = errorEntry(code);
    const http = status ?? entry.http;
    const filled = extra.details as Record<string, string | number | null> | undefined;
    super(
      {
        statusCode: http,
        code,
        message: extra.message ?? fillMessage(entry.zh, filled),
        messageEn: extra.messageEn ?? fillMessage(entry.en, filled),
        ...(extra.errors ? { errors: extra.errors } : {}),
        ...(extra.details ? { details: extra.details } : {}),
      },
      http,
    );
  }
}

export const notFound = (): AppError => new AppError('NOT_FOUND');
export const forbidden = (): AppError => new AppError('FORBIDDEN');

/**
 * Turns a refused rule decision into the API error. `NOT_IN_SCOPE` answers as `NOT_FOUND`
 * (API.md: do not reveal that an object outside scope exists).
 */
export function assertAllowed(decision: Decision): void {
  if (decision.ok) return;
  if (decision.code === 'NOT_IN_SCOPE') throw notFound();
  throw new AppError(decision.code, decision.details ? { details: { ...decision.details } } : {});
}
