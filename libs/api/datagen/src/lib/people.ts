// The people behind the member rows: names, valid GB 11643 ID numbers (unique by construction),
// phone numbers and time-ordered member ids.
import { LEAGUE_MIN_AGE, addMonths, dateInYear, daysBetween, idCardCheckChar } from '@zhtj/domain';
import type { DateString } from '@zhtj/domain';
import { GIVEN, SURNAMES } from './catalogue';
import { plusDays } from './dates';
import type { Rng } from './random';

/** The instant the generated members' time-ordered ids start from (one millisecond per member, in writing order). */
const MEMBER_ID_EPOCH = Date.UTC(2020, 0, 1);
const BIRTH_FROM: DateString = '1975-01-01';
const BIRTH_DAYS = (daysBetween(BIRTH_FROM, '2015-12-31') as number) + 1;

/**
 * Birth dates as day numbers from BIRTH_FROM (plain integers on the hot path: one person a
 * member), turned into dates by the domain's calendar once per year and once per day.
 */
class BirthDays {
  private readonly yearStarts = new Map<number, number>();
  private readonly dates: DateString[] = [];

  /** The day number of 1 January of `year`. */
  yearStart(year: number): number {
    let day = this.yearStarts.get(year);
    if (day === undefined) this.yearStarts.set(year, (day = this.of(dateInYear(year, '01-01'))));
    return day;
  }

  of(date: DateString): number {
    return daysBetween(BIRTH_FROM, date) as number;
  }

  date(day: number): DateString {
    return (this.dates[day] ??= plusDays(BIRTH_FROM, day));
  }
}

/**
 * GB 11643 numbers, unique by construction: a sequence number per (birth region, birth date),
 * counted in a compact array per region (memory stays flat at national scale).
 */
class IdCards {
  private readonly counters = new Map<string, Uint16Array>();

  constructor(private readonly days: BirthDays) {}

  issue(region: string, birthDay: number, odd: boolean): { id: string; birth: string } {
    let arr = this.counters.get(region);
    if (!arr) this.counters.set(region, (arr = new Uint16Array(BIRTH_DAYS)));
    let day = Math.min(Math.max(birthDay, 0), BIRTH_DAYS - 1);
    // 450 odd and 450 even sequence numbers a day and region, from 100 (below is kept for demo and
    // hand-made data); move on a day when they run out.
    while ((arr[day] as number) >= 450) day = day + 1 >= BIRTH_DAYS ? 0 : day + 1;
    const n = arr[day] as number;
    arr[day] = n + 1;
    const seq = 100 + n * 2 + (odd ? 1 : 0);
    const birth = this.days.date(day);
    const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return { id: first17 + idCardCheckChar(first17), birth };
  }
}

export interface Person {
  name: string;
  id: string;
  birth: string;
  gender: 'male' | 'female';
}

export class People {
  private readonly days = new BirthDays();
  private readonly ids = new IdCards(this.days);
  /** 团章 Art. 1: members are 14 or older (the API refuses younger ones, checkMemberIdCard): the last birth day allowed. */
  private readonly youngestBirth: number;
  private memberSeq = 0;

  constructor(
    private readonly rng: Rng,
    today: DateString,
  ) {
    this.youngestBirth = this.days.of(addMonths(today, -12 * LEAGUE_MIN_AGE) as DateString);
  }

  /** Someone from `region` born in `birthYear`; a class whose usual age is younger (a junior high's first years) gets pupils born a year or two earlier. */
  person(region: string, birthYear: number): Person {
    const male = this.rng.chance(0.5);
    let birth = this.days.yearStart(birthYear) + this.rng.int(0, 364);
    while (birth > this.youngestBirth) birth -= 365;
    const card = this.ids.issue(region, birth, male);
    const given = this.rng.chance(0.7) ? this.rng.pick(GIVEN) + this.rng.pick(GIVEN) : this.rng.pick(GIVEN);
    return { name: this.rng.pick(SURNAMES) + given, id: card.id, birth: card.birth, gender: male ? 'male' : 'female' };
  }

  phone(): string {
    return `1${this.rng.pick(['38', '39', '58', '59', '86', '87', '35', '36', '50', '51', '88', '77', '80', '81', '89'])}${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`;
  }

  /**
   * Member ids are time-ordered (version 7), one millisecond apart in the order members are
   * written, as the API's are (`uuid_v7()`): a branch's members, created together, sit side by
   * side in every index keyed by member (docs/scaling.md).
   */
  nextMemberId(): string {
    return this.rng.uuidV7(MEMBER_ID_EPOCH + this.memberSeq++);
  }
}
