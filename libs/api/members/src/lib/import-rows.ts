// Row checks of a member import: pure functions of the rows, so the dry run and the write
// report exactly the same problems.
import { DESTINATIONS, checkGraduationDate, checkJoinDate, checkMemberIdCard, isDateString, isValidPhone } from '@zhtj/domain';
import type { Destination, Gender, Instant } from '@zhtj/domain';
import type { ImportErrorCode, ImportRowError, MemberImportRow } from '@zhtj/shared/contract';
import { errorEntry } from '@zhtj/api/core';

/** A row as it arrives: every field may be missing or empty (Excel cells). */
export type RawImportRow = Partial<Record<keyof MemberImportRow, unknown>>;

/** A row that passed every check, normalised for writing. */
export interface CheckedImportRow {
  row: number;
  name: string;
  idCardNumber: string;
  gender: Gender;
  birthDate: string;
  phone: string | null;
  joinDate: string | null;
  partyMember: boolean;
  emergencyContact: string | null;
  graduationDate: string | null;
  destination: Destination | null;
}

/** 毕业去向 as typed in a sheet: the Chinese labels of the console, or the codes. 延迟毕业 is a mark, not imported. */
const DESTINATION_LABELS: Readonly<Record<string, Destination>> = {
  就业: 'employment',
  升学: 'further_study',
  '参军/涉密': 'special_unit',
  参军: 'special_unit',
  涉密: 'special_unit',
  未就业: 'unemployed',
  '出国（境）留学': 'abroad_study',
  出国留学: 'abroad_study',
  '因公出国（境）': 'abroad_official',
  因公出国: 'abroad_official',
  '因私出国（境）': 'abroad_private',
  因私出国: 'abroad_private',
};
const IMPORTABLE_DESTINATIONS = DESTINATIONS.filter((d) => d !== 'delayed_graduation');

/** 毕业去向 of a cell (a label or a code), or null when it names none an import may set. */
export function destinationOf(s: string): Destination | null {
  const label = DESTINATION_LABELS[s.replace(/\s/g, '')];
  if (label) return label;
  return (IMPORTABLE_DESTINATIONS as readonly string[]).includes(s) ? (s as Destination) : null;
}
/** The longest name a row may give (both imports). */
export const NAME_MAX = 50;
const CONTACT_MAX = 100;

const FIELD_ZH: Record<keyof MemberImportRow, string> = {
  name: '姓名',
  idCardNumber: '身份证号',
  gender: '性别',
  phone: '手机号',
  joinDate: '入团时间',
  partyMember: '是否党员',
  emergencyContact: '紧急联系人',
  graduationDate: '毕业时间',
  destination: '毕业去向',
};

const FIELD_EN: Record<keyof MemberImportRow, string> = {
  name: 'name',
  idCardNumber: 'ID number',
  gender: 'gender',
  phone: 'phone',
  joinDate: 'join date',
  partyMember: 'party member',
  emergencyContact: 'emergency contact',
  graduationDate: 'graduation date',
  destination: 'destination',
};

const YES = new Set(['是', 'y', 'yes', 'true', '1', '党员']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

/** 是/否 as typed in a sheet (or a boolean); null when it is neither. Empty means no. */
function yesNo(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === undefined || v === null) return false;
  const s = String(v).trim().toLowerCase();
  return YES.has(s) ? true : NO.has(s) ? false : null;
}

/** A cell's text, trimmed; '' when the cell is empty. */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return String(v).trim();
}

/** A 毕业去向 cell that names none of the importable destinations. */
export function unknownDestination(row: number): ImportRowError {
  return rowError(
    row,
    'destination',
    'INVALID_VALUE',
    '毕业去向应为：就业、升学、参军/涉密、未就业、出国（境）留学、因公出国（境）、因私出国（境）',
    'Unknown destination',
  );
}

/** A name longer than NAME_MAX. */
export function nameTooLong(row: number): ImportRowError {
  return rowError(row, 'name', 'INVALID_VALUE', `姓名不能超过 ${NAME_MAX} 个字`, `The name has more than ${NAME_MAX} characters`);
}

/** An ID number that row `first` of the same file gave already. */
export function duplicateIdCard(row: number, first: number): ImportRowError {
  return rowError(row, 'idCardNumber', 'DUPLICATE_IN_FILE', `身份证号与第 ${first} 行重复`, `The ID number repeats row ${first}`);
}

/** A 毕业时间 cell that is not a valid YYYY-MM-DD date. */
export function invalidGraduationDate(row: number): ImportRowError {
  return rowError(
    row,
    'graduationDate',
    'INVALID_VALUE',
    '毕业时间应为 YYYY-MM-DD 格式的有效日期',
    'The graduation date must be a valid YYYY-MM-DD date',
  );
}

export function rowError(row: number, field: keyof MemberImportRow, code: ImportErrorCode, zh?: string, en?: string): ImportRowError {
  if (zh !== undefined && en !== undefined) return { row, field, code, message: zh, messageEn: en };
  switch (code) {
    case 'REQUIRED':
      return { row, field, code, message: `${FIELD_ZH[field]}不能为空`, messageEn: `The ${FIELD_EN[field]} is missing` };
    case 'INVALID_VALUE':
      return { row, field, code, message: `${FIELD_ZH[field]}格式不正确`, messageEn: `The ${FIELD_EN[field]} is invalid` };
    default: {
      const entry = errorEntry(code);
      return { row, field, code, message: entry.zh, messageEn: entry.en };
    }
  }
}

/**
 * Checks every row (required fields, GB 11643 checksum, formats, duplicates inside the file)
 * and returns the rows that passed with the errors of those that did not. Rows are numbered
 * from 1 in the order given.
 */
export function checkImportRows(
  rows: readonly RawImportRow[],
  now: Instant,
  knownRegions: ReadonlySet<string>,
): { valid: CheckedImportRow[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const valid: CheckedImportRow[] = [];
  const firstRowOfId = new Map<string, number>();
  rows.forEach((raw, i) => {
    const row = i + 1;
    const before = errors.length;
    const name = cellText(raw.name);
    if (!name) errors.push(rowError(row, 'name', 'REQUIRED'));
    else if (name.length > NAME_MAX) errors.push(nameTooLong(row));

    const idText = cellText(raw.idCardNumber);
    let id: ReturnType<typeof checkMemberIdCard> | null = null;
    if (!idText) errors.push(rowError(row, 'idCardNumber', 'REQUIRED'));
    else {
      // §2, 团章: GB 11643, a GB/T 2260 area code, a birth date not after today, 14 or older.
      id = checkMemberIdCard(idText, now, knownRegions);
      if (!id.ok) errors.push(rowError(row, 'idCardNumber', id.code));
      else {
        const first = firstRowOfId.get(id.normalized);
        if (first !== undefined) errors.push(duplicateIdCard(row, first));
        else firstRowOfId.set(id.normalized, row);
      }
    }

    const genderText = cellText(raw.gender);
    let gender: Gender | null = null;
    if (genderText) {
      if (genderText === 'male' || genderText === '男') gender = 'male';
      else if (genderText === 'female' || genderText === '女') gender = 'female';
      else errors.push(rowError(row, 'gender', 'INVALID_VALUE', '性别应为“男”或“女”', 'Gender must be male or female'));
    }

    const phone = cellText(raw.phone);
    if (phone && !isValidPhone(phone)) {
      errors.push(
        rowError(
          row,
          'phone',
          'INVALID_VALUE',
          '手机号格式不正确（11 位手机号，或带区号的固定电话）',
          'The phone must be an 11-digit mobile number or a landline with its area code',
        ),
      );
    }

    const joinDate = cellText(raw.joinDate);
    if (joinDate) {
      if (!isDateString(joinDate)) {
        errors.push(
          rowError(row, 'joinDate', 'INVALID_VALUE', '入团时间应为 YYYY-MM-DD 格式的日期', 'The join date must be a YYYY-MM-DD date'),
        );
      } else if (id?.ok) {
        const join = checkJoinDate(joinDate, id.birthDate, now);
        if (!join.ok) errors.push(rowError(row, 'joinDate', join.code));
      }
    }

    const partyMember = yesNo(raw.partyMember);
    if (partyMember === null)
      errors.push(rowError(row, 'partyMember', 'INVALID_VALUE', '是否党员应为“是”或“否”', 'Party member must be yes or no'));

    const emergencyContact = cellText(raw.emergencyContact);
    if (emergencyContact.length > CONTACT_MAX) {
      errors.push(
        rowError(
          row,
          'emergencyContact',
          'INVALID_VALUE',
          `紧急联系人不能超过 ${CONTACT_MAX} 个字`,
          `The emergency contact has more than ${CONTACT_MAX} characters`,
        ),
      );
    }

    const graduationDate = cellText(raw.graduationDate);
    if (graduationDate && !checkGraduationDate(graduationDate, now).ok) errors.push(invalidGraduationDate(row));

    const destinationText = cellText(raw.destination);
    const destination = destinationText ? destinationOf(destinationText) : null;
    if (destinationText && !destination) errors.push(unknownDestination(row));

    if (errors.length === before && id?.ok) {
      valid.push({
        row,
        name,
        idCardNumber: id.normalized,
        gender: gender ?? id.gender,
        birthDate: id.birthDate,
        phone: phone || null,
        joinDate: joinDate || null,
        partyMember: partyMember === true,
        emergencyContact: emergencyContact || null,
        graduationDate: graduationDate || null,
        destination,
      });
    }
  });
  return { valid, errors };
}
