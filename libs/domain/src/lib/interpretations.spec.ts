// Pins every reading of the guide. Changing one is a deliberate edit here, in interpretations.ts,
// and in the rule specs that use dates around it (docs/extending.md).
import { describe, expect, it } from 'vitest';
import * as I from './interpretations';

describe('interpretations and limits (DOMAIN.md)', () => {
  it('runs graduate transfers 1 May – 31 Dec, initiation to 31 Aug, review 1 – 30 Sep (§5; guide §1, §3.2)', () => {
    expect([I.GRADUATE_WINDOW_START, I.INITIATION_PHASE_END, I.REVIEW_PHASE_START, I.RECEIVING_COMPLETE_BY, I.GRADUATE_WINDOW_END]).toEqual(
      ['05-01', '08-31', '09-01', '09-30', '12-31'],
    );
  });

  it('completes further study by 31 Oct, new-students orgs within one month of enrolment (§3.1.2)', () => {
    expect(I.FURTHER_STUDY_COMPLETE_BY).toBe('10-31');
    expect(I.NEW_STUDENTS_DEADLINE_MONTHS).toBe(1);
  });

  it('returns unreviewed transfers after 10 days, only those initiated after 30 Sep (§3.2.3 Interpretation)', () => {
    expect(I.AUTO_RETURN_DAYS).toBe(10);
    expect(I.AUTO_RETURN_CUTOFF).toBe('09-30');
    expect(I.AUTO_RETURN_APPLIES_TO_EXTERNAL).toBe(true);
  });

  it('opens the county mobile branch to employment from 1 September (§2.1)', () => {
    expect(I.COUNTY_MOBILE_EMPLOYMENT_FROM).toBe('09-01');
  });

  it('knows Beijing 11, Guangdong 44 and Fujian 35 run their own systems (Q17)', () => {
    expect([...I.SEPARATE_SYSTEM_PROVINCE_CODES].sort()).toEqual(['11', '35', '44']);
  });

  it('reads "the province’s special library" as the member’s own province (§2.3 Interpretation)', () => {
    expect(I.SPECIAL_LIBRARY_SAME_PROVINCE).toBe(true);
  });

  it('lists overdue members: retention 6 months, county mobile 1 year, township follow-up 1 month and overdue 1 year (§3)', () => {
    expect(I.RETENTION_MONTHS).toBe(6);
    expect(I.COUNTY_MOBILE_LIMIT_MONTHS).toBe(12);
    expect(I.MOBILE_FOLLOW_UP_MONTHS).toBe(1);
    expect(I.TOWNSHIP_MOBILE_OVERDUE_MONTHS).toBe(12);
  });

  it('lists members not checked in within 30 days, and members abroad silent over a year (§5 Interpretations)', () => {
    expect(I.CHECK_IN_DAYS).toBe(30);
    expect(I.ABROAD_SILENCE_MONTHS).toBe(12);
    expect(I.CHECK_IN_NOT_NEEDED_FOR).toEqual(['delayed_graduation', 'abroad_study']);
  });

  it('reads a date’s season from the last 1 May, and makes marked branches graduates orgs from 1 June (Interpretations)', () => {
    expect(I.SEASON_STARTS).toBe('05-01');
    expect(I.GRADUATES_ORG_FROM).toBe('06-01');
  });

  it('ends membership at 28 without a League post (Q1)', () => {
    expect(I.LEAGUE_AGE_LIMIT).toBe(28);
  });

  it('lets reset codes live two days (Q19; our choice)', () => {
    expect(I.RESET_CODE_TTL_MINUTES).toBe(2 * 24 * 60);
  });
});
