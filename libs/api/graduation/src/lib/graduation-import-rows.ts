// Row checks of the graduation update import (毕业信息更新导入): pure functions of the rows, so
// the dry run and the write report exactly the same problems. What a row may change is decided
// afterwards, member by member, by the rules of §4 (graduation-import.service.ts).
import { checkGraduationDate, parseIdCardNumber } from '@zhtj/domain';
import type { Destination, Instant } from '@zhtj/domain';
import type { GraduationImportRow, ImportRowError } from '@zhtj/shared/contract';
import {
  NAME_MAX,
  cellText,
  destinationOf,
  duplicateIdCard,
  invalidGraduationDate,
  nameTooLong,
  rowError,
  unknownDestination,
} from '@zhtj/api/members';

/** A row as it arrives: every field may be missing or empty (Excel cells). */
export type RawGraduationRow = Partial<Record<keyof GraduationImportRow, unknown>>;

/** A row that passed every check: at least one of the date and the destination is set. */
export interface CheckedGraduationRow {
  row: number;
  idCardNumber: string;
  name: string | null;
  graduationDate: string | null;
  destination: Destination | null;
}

/**
 * Checks every row: the ID number (GB 11643 format and check character, once per file), the name
 * when given, the date (a real date in the range of §4's Interpretation) and the destination (a
 * label or code of DOMAIN.md §3 — 延迟毕业 is a mark that moves the member, so not here). A row
 * must set at least one of the two. Rows are numbered from 1 in the order given.
 */
export function checkGraduationRows(
  rows: readonly RawGraduationRow[],
  now: Instant,
): { valid: CheckedGraduationRow[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const valid: CheckedGraduationRow[] = [];
  const firstRowOfId = new Map<string, number>();
  rows.forEach((raw, i) => {
    const row = i + 1;
    const before = errors.length;

    const idText = cellText(raw.idCardNumber);
    let idCardNumber: string | null = null;
    if (!idText) errors.push(rowError(row, 'idCardNumber', 'REQUIRED'));
    else {
      const id = parseIdCardNumber(idText);
      if (!id.ok) errors.push(rowError(row, 'idCardNumber', id.code));
      else {
        const first = firstRowOfId.get(id.normalized);
        if (first !== undefined) errors.push(duplicateIdCard(row, first));
        else {
          firstRowOfId.set(id.normalized, row);
          idCardNumber = id.normalized;
        }
      }
    }

    const name = cellText(raw.name);
    if (name.length > NAME_MAX) errors.push(nameTooLong(row));

    const graduationDate = cellText(raw.graduationDate);
    if (graduationDate) {
      const date = checkGraduationDate(graduationDate, now);
      if (!date.ok && date.code === 'GRADUATION_DATE_OUT_OF_RANGE')
        errors.push(rowError(row, 'graduationDate', 'GRADUATION_DATE_OUT_OF_RANGE'));
      else if (!date.ok) errors.push(invalidGraduationDate(row));
    }

    const destinationText = cellText(raw.destination);
    const destination = destinationText ? destinationOf(destinationText) : null;
    if (destinationText && !destination) {
      errors.push(
        /^延迟毕业$|^delayed_graduation$/.test(destinationText.replace(/\s/g, ''))
          ? rowError(
              row,
              'destination',
              'INVALID_VALUE',
              '延迟毕业不能导入：请在“管理下级组织 → 团员标记”中标记，团员将转入本校延迟毕业团组织（§2.7）',
              'Delayed graduation is a mark, not imported: mark it in the branch’s member table',
            )
          : unknownDestination(row),
      );
    }

    if (!graduationDate && !destinationText && errors.length === before) {
      errors.push(
        rowError(row, 'destination', 'REQUIRED', '毕业时间和毕业去向至少填写一项', 'Give a graduation date, a destination, or both'),
      );
    }

    if (errors.length === before && idCardNumber !== null) {
      valid.push({ row, idCardNumber, name: name || null, graduationDate: graduationDate || null, destination });
    }
  });
  return { valid, errors };
}
