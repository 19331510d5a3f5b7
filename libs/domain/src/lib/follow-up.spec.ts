import { describe, expect, it } from 'vitest';
import {
  becomesGraduatesOrg,
  staysGraduatesOrg,
  canRecordAbroadReport,
  canRecordExternalArrival,
  canRecordExternalOutcome,
  checkRecordedDate,
  graduatesOrgGraduatedOnOrBefore,
  needsCheckIn,
} from './follow-up';
import { adminOf as admin, o } from './__fixtures__/tree';

const no = (code: string) => ({ ok: false, code });

describe('Beijing, Guangdong and Fujian record their own outcome (Q17, §5)', () => {
  const t = { status: 'pending' as const, initiatedAt: '2026-06-15', fromOrgPath: o('s1Class1').path, external: true };

  it('lets the outgoing side record approved, or returned with a reason (Q17)', () => {
    expect(canRecordExternalOutcome(admin('s1'), t, 'approved', null, '2026-06-20')).toEqual({ ok: true });
    expect(canRecordExternalOutcome(admin('s1'), t, 'returned', '单位信息有误', '2026-06-20')).toEqual({ ok: true });
    expect(canRecordExternalOutcome(admin('s1'), t, 'returned', ' ', '2026-06-20')).toEqual(no('REJECT_REASON_REQUIRED'));
  });

  it('refuses others, transfers inside the tree, decided and expired ones (Q17, §3.2.3)', () => {
    expect(canRecordExternalOutcome(admin('firm'), t, 'approved', null, '2026-06-20')).toEqual(no('EXTERNAL_OUTCOME_NOT_ALLOWED'));
    expect(canRecordExternalOutcome(admin('s1'), { ...t, external: false }, 'approved', null, '2026-06-20')).toEqual(
      no('NOT_EXTERNAL_TRANSFER'),
    );
    expect(canRecordExternalOutcome(admin('s1'), { ...t, status: 'approved' }, 'approved', null, '2026-06-20')).toEqual(
      no('TRANSFER_NOT_PENDING'),
    );
    expect(canRecordExternalOutcome(admin('s1'), { ...t, initiatedAt: '2026-10-05' }, 'approved', null, '2026-10-20')).toEqual(
      no('TRANSFER_EXPIRED'),
    );
  });

  it('lets the receiving side record an arrival from a separate system with its full name (§5)', () => {
    const from = { provinceCode: '44', orgFullName: '共青团广州市天河区委员会' };
    expect(canRecordExternalArrival(admin('firm'), o('firmBranch'), from)).toEqual({ ok: true });
    expect(canRecordExternalArrival(admin('s1'), o('firmBranch'), from)).toEqual(no('EXTERNAL_OUTCOME_NOT_ALLOWED'));
    expect(canRecordExternalArrival(admin('firm'), o('firmBranch'), { ...from, provinceCode: '50' })).toEqual(
      no('EXTERNAL_PROVINCE_NOT_SEPARATE'),
    );
    expect(canRecordExternalArrival(admin('firm'), o('firmBranch'), { ...from, orgFullName: '' })).toEqual(no('EXTERNAL_NAME_REQUIRED'));
    expect(canRecordExternalArrival(admin('firm'), o('firm'), from)).toEqual(no('NOT_A_BRANCH'));
  });
});

describe('dates admins record: check-in (Q10, Q16) and abroad reports (§2.5)', () => {
  it('takes a real date, not in the future, not before the approval', () => {
    expect(checkRecordedDate('2026-07-01', '2026-07-02', '2026-06-20')).toEqual({ ok: true });
    expect(checkRecordedDate('2026-07-03', '2026-07-02')).toEqual(no('DATE_IN_FUTURE'));
    expect(checkRecordedDate('2026-06-19', '2026-07-02', '2026-06-20T10:00:00+08:00')).toEqual(no('DATE_BEFORE_TRANSFER'));
    expect(checkRecordedDate('2026-02-30', '2026-07-02')).toEqual(no('INVALID_DATE'));
  });

  it('asks for an offline check-in after a move to another org, not after a move inside the school (Q10, Interpretation)', () => {
    expect(needsCheckIn('employment')).toBe(true);
    expect(needsCheckIn('general')).toBe(true);
    expect(needsCheckIn('delayed_graduation')).toBe(false);
    expect(needsCheckIn('abroad_study')).toBe(false);
  });

  it('keeps reports for members of an abroad-study branch, by its admins (§2.5)', () => {
    expect(canRecordAbroadReport(admin('s1'), o('s1Abroad'))).toEqual({ ok: true });
    expect(canRecordAbroadReport(admin('s1'), o('s1Class1'))).toEqual(no('NOT_ABROAD_MEMBER'));
    expect(canRecordAbroadReport(admin('firm'), o('s1Abroad'))).toEqual(no('ABROAD_REPORT_NOT_ALLOWED'));
  });
});

describe('marked branches become graduates orgs on 1 June (§4 Interpretation)', () => {
  const branch = { kind: 'branch' as const, purpose: null, graduationDate: '2026-06-30', mixed: false };

  it('turns a marked, unmixed branch into a graduates org from 1 June of its year (§4)', () => {
    expect(becomesGraduatesOrg(branch, '2026-05-31')).toBe(false);
    expect(becomesGraduatesOrg(branch, '2026-06-01')).toBe(true);
    expect(becomesGraduatesOrg({ ...branch, mixed: true }, '2026-07-01')).toBe(false);
    expect(becomesGraduatesOrg({ ...branch, purpose: 'abroad_study' }, '2026-07-01')).toBe(false);
    expect(becomesGraduatesOrg({ ...branch, kind: 'general_branch' }, '2026-07-01')).toBe(false);
  });

  it('undoes it when the marking is cleared, made mixed, or moved to a year whose 1 June has not come (§4)', () => {
    const graduates = { ...branch, purpose: 'graduates' as const };
    expect(staysGraduatesOrg(graduates, '2026-07-01')).toBe(true);
    expect(staysGraduatesOrg({ ...graduates, graduationDate: null }, '2026-07-01')).toBe(false);
    expect(staysGraduatesOrg({ ...graduates, mixed: true }, '2026-07-01')).toBe(false);
    expect(staysGraduatesOrg({ ...graduates, graduationDate: '2027-06-30' }, '2026-07-01')).toBe(false);
    expect(staysGraduatesOrg({ ...graduates, graduationDate: '2025-06-30' }, '2026-07-01')).toBe(true);
  });

  it('gives the job a threshold that agrees with the rule', () => {
    expect(graduatesOrgGraduatedOnOrBefore('2026-05-31')).toBe('2025-12-31');
    expect(graduatesOrgGraduatedOnOrBefore('2026-06-01')).toBe('2026-12-31');
    for (const [date, now] of [
      ['2026-12-31', '2026-06-01'],
      ['2027-01-01', '2026-12-31'],
      ['2025-07-01', '2026-03-01'],
    ] as const) {
      expect(date <= (graduatesOrgGraduatedOnOrBefore(now) as string)).toBe(becomesGraduatesOrg({ ...branch, graduationDate: date }, now));
    }
  });
});
