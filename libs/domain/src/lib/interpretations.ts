// Every number, date and reading of the guide that a province might vary, in one place
// (DOMAIN.md preamble: "keep those readings in one place in code"). Changing a limit is one
// edit here plus the tests that pin it; see docs/extending.md.
//
// Month-day values are 'MM-DD' and apply to the calendar year of the date being judged,
// in China Standard Time (Asia/Shanghai, UTC+8, no DST).

/* ------------------------------------------------------------------ calendar (§5, guide §1, §3) */

/** §1: graduate transfers run 1 May – 31 December. */
export const GRADUATE_WINDOW_START = '05-01';
export const GRADUATE_WINDOW_END = '12-31';

/** §3.1.1, §3.2.1: 1 May – 31 Aug schools initiate every school-to-society transfer. */
export const INITIATION_PHASE_END = '08-31';

/** §3.2.2: 1 – 30 Sep every org completes review of what it received; receiving complete by 30 Sep. */
export const REVIEW_PHASE_START = '09-01';
export const RECEIVING_COMPLETE_BY = '09-30';

/** §3.1.2: further-study transfers complete by 31 Oct. */
export const FURTHER_STUDY_COMPLETE_BY = '10-31';

/** §3.1.2: the admitting school creates its new-students org and initiates within one month of enrolment. */
export const NEW_STUDENTS_DEADLINE_MONTHS = 1;

/** §3.2.3: a transfer initiated after 30 Sep that is not reviewed within 10 days is returned (`expired`). */
export const AUTO_RETURN_DAYS = 10;

/**
 * §3.2.3 **Interpretation:** only transfers initiated after this month-day (of the year they were
 * initiated in, i.e. 1 Oct – 31 Dec) expire; those initiated on or before it never expire.
 */
export const AUTO_RETURN_CUTOFF = '09-30';

/**
 * §1, §3.2.3, §2.1 **Interpretation:** a date belongs to the season (cohort year) that began on the
 * most recent 1 May: 1 May Y – 30 Apr Y+1 is cohort Y's. Date rules of a season ("after 30 Sep",
 * "from 1 September") are judged against that cohort year, never by month and day alone, so a
 * transfer initiated in January is past 30 Sep of the cohort it belongs to.
 */
export const SEASON_STARTS = GRADUATE_WINDOW_START;

/** §3.2.3 also applies to transfers to or from the separate systems (Beijing, Guangdong, Fujian). */
export const AUTO_RETURN_APPLIES_TO_EXTERNAL = true;

/* ------------------------------------------------------------------ routing (§3) */

/** §2.1: a county `mobile` branch accepts `employment` transfers from 1 September (of the current year) on. */
export const COUNTY_MOBILE_EMPLOYMENT_FROM = '09-01';

/**
 * Q17, §3.2.3: provinces running their own systems (GB/T 2260 two-digit province codes):
 * Beijing 11, Guangdong 44, Fujian 35. Their orgs are not in our tree.
 */
export const SEPARATE_SYSTEM_PROVINCE_CODES: readonly string[] = ['11', '44', '35'];

/**
 * §2.3 **Interpretation:** "the province's special library" is the special library of the province
 * the member's current org is in (its provincial committee is the one that approves).
 */
export const SPECIAL_LIBRARY_SAME_PROVINCE = true;

/* ------------------------------------------------------------------ lists of overdue members (§3, §5) */

/** §2.4, §2.8: an unemployed graduate may stay at school at most 6 months after graduation. */
export const RETENTION_MONTHS = 6;

/** §2.1: a county mobile branch transfers each member out within one year of receiving them. */
export const COUNTY_MOBILE_LIMIT_MONTHS = 12;

/** §2.8, struck Q6 **Interpretation:** after 1 month a township-mobile member is listed "follow up" (not an error). */
export const MOBILE_FOLLOW_UP_MONTHS = 1;

/** §3: an `unemployed` member still in a township mobile branch after a year is overdue. */
export const TOWNSHIP_MOBILE_OVERDUE_MONTHS = 12;

/** Q10, Q16 **Interpretation:** members not checked in offline within 30 days of approval are listed. */
export const CHECK_IN_DAYS = 30;

/**
 * Q10, Q16 **Interpretation:** the offline check-in follows a move to another org; moves that keep
 * the member in their own school (延迟毕业 §2.7, 出国（境）留学 §2.5) have none and are not listed.
 */
export const CHECK_IN_NOT_NEEDED_FOR: readonly string[] = ['delayed_graduation', 'abroad_study'];

/** §2.5 **Interpretation:** members abroad silent for more than a year are listed. */
export const ABROAD_SILENCE_MONTHS = 12;

/* ------------------------------------------------------------------ members and accounts (§2) */

/** Q1: at 28 a member holding no League post no longer keeps League membership. */
export const LEAGUE_AGE_LIMIT = 28;

/**
 * 团章 Art. 1 (the Charter the guide cites in Q1): League members are youths of 14 to 28.
 * **Interpretation** (issue 21): a member is recorded, or their ID number or join date changed,
 * only if they are 14 or older today and joined on or after their 14th birthday. There is no upper
 * bound: at 28 a member holding a League post keeps membership (Q1), and members who aged out stay
 * on record (§2: leaving is a status, members are not deleted), so an over-28 birth date is never refused.
 */
export const LEAGUE_MIN_AGE = 14;

/**
 * Q19: reset codes expire and are single-use. The guide gives no lifetime; two days is ours
 * (an operational choice, not the guide's: time for an admin to hand the code over).
 */
export const RESET_CODE_TTL_MINUTES = 2 * 24 * 60;

/* ------------------------------------------------------------------ graduation marks (§4) */

/**
 * §4 per-member marks in a school branch: 毕业学生流动团员 opens only after 31 July, i.e. from
 * this month-day of the current year on.
 */
export const GRADUATE_MOBILE_MARK_FROM = '08-01';

/**
 * §4 **Interpretation (as the real system does it):** on 1 June of year Y — or when marked, if
 * later — every non-mixed branch marked with a graduation date in Y becomes a `graduates` org.
 * Applied when marking and by a daily job (`GraduatesOrgJob`, libs/api/graduation).
 */
export const GRADUATES_ORG_FROM = '06-01';

/* ------------------------------------------------------------------ review (§5, Q21) */

/**
 * §5 **Interpretation (two-party consent; revised 2026-12-07):** a transfer needs both sides. One
 * initiated by the member or the outgoing side is decided by the receiving side; one initiated by
 * the receiving side (a pull, Q21) is decided by the outgoing side — an admin of the member's
 * current org or one of its ancestors (`decidingPath`, libs/domain workflow.ts). An admin above
 * both sides who initiates acts for the outgoing side. And no account decides a transfer it
 * initiated (separation of duties).
 */
export const NO_DECISION_ON_OWN_REQUEST = true;

/**
 * §5 **Interpretation (no enumeration of the register):** lookups that can tell whether an ID
 * number, or an (ID number, full name) pair, is registered outside the caller's scope — a pull by
 * ID number and name that creates nothing, an arrival of a number already on record, a member
 * created, edited or imported with a number registered elsewhere — are rationed per org subtree
 * and calendar day (Asia/Shanghai). The subtree is the caller's *ration root*: the topmost county
 * or base org on its path (a county and everything under it share one ration, however many
 * accounts its admin creates), or the caller's own org above county level; every lookup also
 * draws on the caller's province, whose ration is larger. Once a ration is spent, every such
 * request is refused alike until the next day, whether the number is taken or free.
 */
export const ID_LOOKUP_RATION_PER_DAY = 20;
export const ID_LOOKUP_PROVINCE_RATION_PER_DAY = 200;

/* ------------------------------------------------------------------ reminders (催办) */

/**
 * **Interpretation:** the guide sets no reminder rule. A pending transfer may be reminded (催办) at
 * most once per calendar day (Asia/Shanghai); the reviewing org and its superior see it; after
 * this many days unanswered since the first reminder it escalates one committee further up, and
 * again after each further period — well inside the 10-day return (§3.2.3).
 */
export const REMINDER_ESCALATION_DAYS = 3;

/* ------------------------------------------------------------------ monitoring (§6) */

/**
 * §6 DW **Interpretation:** a "work unit's own League org" is an org of an enterprise, a public
 * institution (机关事业单位), a social organisation or a special unit — not a township, youth home,
 * park or school, and not a `mobile` or `temporary` branch. A separate-system (Beijing, Guangdong,
 * Fujian) target is not known to be one and does not count for DW.
 */
export const WORK_UNIT_INDUSTRIES: readonly string[] = ['enterprise', 'public_institution', 'social_org', 'special'];

/** §6 DW **Interpretation** (with WORK_UNIT_INDUSTRIES): branches of these purposes are not a work unit's own org. */
export const WORK_UNIT_EXCLUDED_PURPOSES: readonly string[] = ['mobile', 'temporary'];

/**
 * §6 **Interpretation:** a member who graduates again (high school 2026, university 2030) is a
 * graduate of each cohort; the transfer that counts for the earlier cohort is looked for only
 * before 1 May of the later cohort's year, so the later graduation's transfers never change the
 * earlier cohort's figures.
 */
export const COHORT_WINDOW_ENDS_AT_NEXT_COHORT = true;

/* ------------------------------------------------------------------ graduation dates (§4) */

/**
 * §4 **Interpretation:** a graduation date is plausible from 1950-01-01 (no League member
 * graduating earlier is still in the system) to ten years after today (the longest course
 * of study plus delays); anything outside, such as 9999-12-31, is a typing error.
 */
export const GRADUATION_DATE_EARLIEST = '1950-01-01';
export const GRADUATION_DATE_MAX_YEARS_AHEAD = 10;
