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
  | 'ID_CARD_FORMAT'
  | 'ID_CARD_BIRTH_DATE'
  | 'ID_CARD_CHECKSUM'
  | 'ID_CARD_REGION'
  | 'ID_CARD_BIRTH_IN_FUTURE'
  | 'MEMBER_UNDER_LEAGUE_AGE'
  | 'INVALID_DATE'
  | 'JOIN_DATE_IN_FUTURE'
  | 'JOIN_DATE_BEFORE_LEAGUE_AGE'
  | 'DUPLICATE_IN_FILE'
  | 'MEMBER_ID_CARD_TAKEN'
  | 'INVALID_VALUE';

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
