import type { MemberIdentityRefusal } from '@zhtj/domain';
import type { DateOnly } from './common';

/**
 * One row of a member import, as typed in the Excel template: `gender` may be male/female or
 * 男/女 (empty: from the ID number); `partyMember` a boolean or 是/否.
 */
export interface MemberImportRow {
  name: string;
  idCardNumber: string;
  gender?: string;
  phone?: string;
  joinDate?: DateOnly;
  partyMember?: boolean | string;
  emergencyContact?: string;
  /** 毕业时间 YYYY-MM-DD: a member's own date in a mixed branch; elsewhere it must match the branch's (Q11). */
  graduationDate?: DateOnly;
  /** 毕业去向: a destination code or its Chinese label (就业, 升学, …). */
  destination?: string;
}

/** `POST /api/members/import`: all rows go into one branch (or special-purpose org). */
export interface MemberImportRequest {
  orgId: string;
  rows: MemberImportRow[];
  /** true: validate only, write nothing. */
  dryRun?: boolean;
}

/** Why a row cannot be imported. */
export type ImportErrorCode =
  | 'REQUIRED'
  // The member's ID number, as the domain checks it (checkMemberIdCard).
  | MemberIdentityRefusal
  | 'JOIN_DATE_IN_FUTURE'
  | 'JOIN_DATE_BEFORE_LEAGUE_AGE'
  | 'DUPLICATE_IN_FILE'
  | 'MEMBER_ID_CARD_TAKEN'
  | 'INVALID_VALUE'
  // The graduation update import: the member, and the rule that refuses the change (§4).
  | 'MEMBER_NOT_FOUND'
  | 'GRADUATION_DATE_OUT_OF_RANGE'
  | 'BRANCH_NOT_MIXED'
  | 'MEMBER_MARK_NOT_GRADUATE'
  | 'NOT_A_BRANCH'
  | 'INDUSTRY_EMPTY'
  | 'PRIMARY_SCHOOL_NOT_ELIGIBLE'
  | 'NOT_SCHOOL_DOMAIN'
  | 'OWN_BRANCH_ADMIN'
  | 'MARK_NOT_ALLOWED';

export interface ImportRowError {
  /** 1-based position of the row in `rows`. */
  row: number;
  field: keyof MemberImportRow;
  code: ImportErrorCode;
  message: string;
  messageEn: string;
}

/** The per-row report: `ok` only when every row can be written. */
export interface ImportReport {
  ok: boolean;
  total: number;
  errors: ImportRowError[];
  /** Members written (0 for a dry run or a refused import). */
  created: number;
  dryRun: boolean;
}

/** Most rows one import takes. */
export const MEMBER_IMPORT_MAX_ROWS = 5000;

/**
 * One row of the graduation update import (毕业信息更新导入): an existing member named by ID number,
 * with 毕业时间 and/or 毕业去向 to set. `name` is optional and, when given, must match the record.
 */
export interface GraduationImportRow {
  idCardNumber: string;
  name?: string;
  /** A member's own date: only in a mixed branch (Q11); elsewhere it must be the branch's. */
  graduationDate?: DateOnly;
  /** A destination code or its Chinese label (就业, 升学, …); 延迟毕业 is a mark, not imported. */
  destination?: string;
}

/** `POST /api/members/graduation/import`: members anywhere in the caller's scope. */
export interface GraduationImportRequest {
  rows: GraduationImportRow[];
  /** true: validate only, write nothing. */
  dryRun?: boolean;
}

/** The per-row report of a graduation update import: `ok` only when every row can be written. */
export interface GraduationImportReport {
  ok: boolean;
  total: number;
  errors: ImportRowError[];
  /** Rows that change a member (a dry run: would change; a write: changed). */
  changed: number;
  /** Rows that match what is recorded already (nothing to write). */
  unchanged: number;
  dryRun: boolean;
}

/** Most rows one graduation update import takes. */
export const GRADUATION_IMPORT_MAX_ROWS = 5000;
