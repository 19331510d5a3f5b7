// Where a graduate goes (DOMAIN.md §3): the receiving org of each destination, picked among the
// generated places.
import { COUNTY_MOBILE_EMPLOYMENT_FROM, monthDay } from '@zhtj/domain';
import type { DateString, Destination } from '@zhtj/domain';
import { EXTERNAL_PROVINCES } from './catalogue';
import type { CountyPlaces, GenContext, GenOrg, ProvincePlaces, School } from './model';

/** The places by code, for picking a graduate's home and destination. */
export class Places {
  readonly countyOf = new Map<string, CountyPlaces>();
  readonly provinceOf = new Map<string, ProvincePlaces>();
  readonly allCounties: CountyPlaces[];

  constructor(readonly provinces: readonly ProvincePlaces[]) {
    for (const p of provinces) {
      this.provinceOf.set(p.code, p);
      for (const c of p.counties) this.countyOf.set(c.code, c);
    }
    this.allCounties = provinces.flatMap((p) => p.counties);
  }

  province(code: string): ProvincePlaces {
    return this.provinceOf.get(code) as ProvincePlaces;
  }
}

export interface Target {
  to: GenOrg | null;
  /** A separate system's province code (Q17): the receiving org is not in our tree. */
  external: string | null;
}

/** Where a graduate with this destination goes (DOMAIN.md §3), or null when they stay (retained unemployed). */
export function targetFor(
  ctx: GenContext,
  places: Places,
  d: Destination,
  school: School,
  home: CountyPlaces,
  initiated: DateString,
): Target | null {
  const { rng } = ctx;
  const province = places.province(school.province);
  const sameProvince = rng.chance(0.8);
  const anyProvince = (): ProvincePlaces => (sameProvince ? province : rng.pick(places.provinces));
  switch (d) {
    case 'further_study': {
      if (rng.chance(0.05)) return { to: null, external: rng.pick(EXTERNAL_PROVINCES) };
      if (school.industry === 'junior_high') {
        const local = places.countyOf.get(school.county)?.highSchoolNewStudents ?? [];
        return local.length ? { to: rng.pick(local), external: null } : null;
      }
      let p = anyProvince();
      if (p.higherNewStudents.length === 0) p = places.provinces.find((x) => x.higherNewStudents.length > 0) ?? province;
      const options = p.higherNewStudents.filter((o) => o !== school.newStudents);
      return options.length ? { to: rng.pick(options), external: null } : null;
    }
    case 'employment': {
      if (rng.chance(0.12)) return { to: null, external: rng.pick(EXTERNAL_PROVINCES) };
      const c = sameProvince
        ? rng.pick((province.counties.length ? province : rng.pick(places.provinces)).counties)
        : rng.pick(places.allCounties);
      const r = rng.next();
      // §2.1, Q4, Q7: the employer's own org; else the township (or its youth home); from September
      // the county mobile branch (by month and day; the domain's `compareInSeason` also admits January–April).
      if (r < 0.78 && c.employers.length) return { to: rng.pick(c.employers), external: null };
      if (r < 0.88) return { to: rng.pick(c.townshipBranches), external: null };
      if (r < 0.92 && c.youthHomes.length) return { to: rng.pick(c.youthHomes), external: null };
      if (monthDay(initiated) >= COUNTY_MOBILE_EMPLOYMENT_FROM) return { to: c.countyMobile, external: null };
      return { to: rng.pick(c.townshipMobiles), external: null };
    }
    case 'unemployed':
      // §2.4, Q14(2): the township mobile branch of home; about a third stay at school (≤ 6 months).
      if (rng.chance(0.35)) return null;
      return { to: rng.pick(home.townshipMobiles), external: null };
    case 'special_unit':
      return { to: province.library, external: null };
    case 'abroad_study':
      return school.abroad ? { to: school.abroad, external: null } : null;
    case 'abroad_official': {
      const c = rng.pick(province.counties);
      return c.employers.length ? { to: rng.pick(c.employers), external: null } : null;
    }
    case 'abroad_private':
      return { to: rng.pick(home.townshipBranches), external: null };
    default:
      return null;
  }
}
