// GB/T 2260 administrative division codes (DOMAIN.md §1, §6): 6 digits; 000000 is the nation,
// XX0000 a province, XXXX00 a city (地级), anything else a county (县级). Containment is by prefix.
import { SEPARATE_SYSTEM_PROVINCE_CODES } from './interpretations';

export const NATIONAL_REGION_CODE = '000000';

export const REGION_LEVELS = ['national', 'provincial', 'city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const CODE_RE = /^\d{6}$/;

export function isRegionCode(code: unknown): code is string {
  return typeof code === 'string' && CODE_RE.test(code);
}

/** Level of a region code, or null if it is not 6 digits. */
export function regionLevel(code: string): RegionLevel | null {
  if (!isRegionCode(code)) return null;
  if (code === NATIONAL_REGION_CODE) return 'national';
  if (code.endsWith('0000')) return 'provincial';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The prefix that every code inside `region` starts with ('' for the nation). */
export function regionPrefix(region: string): string | null {
  switch (regionLevel(region)) {
    case 'national':
      return '';
    case 'provincial':
      return region.slice(0, 2);
    case 'city':
      return region.slice(0, 4);
    case 'county':
      return region;
    default:
      return null;
  }
}

/** §6: is the place with code `code` inside region `region`? (A region contains itself.) */
export function isInRegion(code: string | null | undefined, region: string): boolean {
  if (!isRegionCode(code)) return false;
  const prefix = regionPrefix(region);
  return prefix !== null && code.startsWith(prefix);
}

/** The enclosing region one level up (county → city → province → nation); null for the nation or invalid. */
export function parentRegion(code: string): string | null {
  switch (regionLevel(code)) {
    case 'provincial':
      return NATIONAL_REGION_CODE;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    case 'county':
      return `${code.slice(0, 4)}00`;
    default:
      return null;
  }
}

/**
 * §6: the regions a place is in, the nation first and the place itself last ('510104' →
 * ['000000', '510000', '510100', '510104']); empty for an invalid code. `isInRegion(code, r)`
 * holds exactly for the `r` listed.
 */
export function regionChain(code: string | null | undefined): string[] {
  if (!isRegionCode(code)) return [];
  const chain: string[] = [];
  for (let c: string | null = code; c !== null; c = parentRegion(c)) chain.unshift(c);
  return chain;
}

/** Two-digit province code of a region code ('510104' → '51'); null for the nation or invalid. */
export function provinceOf(code: string | null | undefined): string | null {
  if (!isRegionCode(code) || code === NATIONAL_REGION_CODE) return null;
  return code.slice(0, 2);
}

/**
 * The immediate children of `parent` among `known` codes: the provinces of the nation, the cities
 * of a province, the counties of a city. A county has none. Order follows `known`; duplicates dropped.
 */
export function childRegionCodes(parent: string, known: readonly string[]): string[] {
  const level = regionLevel(parent);
  const out: string[] = [];
  for (const code of known) {
    if (!isRegionCode(code) || code === parent || out.includes(code)) continue;
    const l = regionLevel(code);
    if (level === 'national' && l === 'provincial') out.push(code);
    else if (level === 'provincial' && l === 'city' && code.startsWith(parent.slice(0, 2))) out.push(code);
    else if (level === 'city' && l === 'county' && code.startsWith(parent.slice(0, 4))) out.push(code);
  }
  return out;
}

/**
 * Normalizes a province code written '11' or '110000' to its two digits; null otherwise.
 */
export function normalizeProvinceCode(code: string | null | undefined): string | null {
  if (typeof code !== 'string') return null;
  const c = code.trim();
  if (/^\d{2}$/.test(c) && c !== '00') return c;
  if (/^\d{2}0000$/.test(c) && c !== NATIONAL_REGION_CODE) return c.slice(0, 2);
  return null;
}

/** Q17, §3.2.3: does this province run its own system (Beijing 11, Guangdong 44, Fujian 35)? */
export function isSeparateSystemProvince(code: string | null | undefined): boolean {
  const p = normalizeProvinceCode(code);
  return p !== null && SEPARATE_SYSTEM_PROVINCE_CODES.includes(p);
}

/** Region code of a province ('44' → '440000'); null if not a province code. */
export function provinceRegionCode(provinceCode: string): string | null {
  const p = normalizeProvinceCode(provinceCode);
  return p === null ? null : `${p}0000`;
}

/** GB/T 2260's grouping entries at city level, which name no place (天津市 → 市辖区 → 和平区). */
const UNNAMED_CITY_LEVEL = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/**
 * A place as people say it, telling apart the counties of one name (和平区 is in Tianjin and in
 * Shenyang): the city and the county (沈阳市和平区), the municipality or province where the city
 * level names nothing (天津市和平区), or the province and city for a city. `names` runs from the
 * province down to the place (the nation left out).
 */
export function placeName(names: readonly string[]): string {
  const [province, city, county] = names;
  if (county !== undefined) return `${city !== undefined && !UNNAMED_CITY_LEVEL.has(city) ? city : (province ?? '')}${county}`;
  return names.join('');
}
