// The League's tree from the GB/T 2260 regions: committees at every level; in each populated county
// its mobile branches, townships with their villages, parks, employers and schools; universities
// in the cities. Nothing is written here: the tree is built in memory, then written parents first.
import { isSeparateSystemProvince } from '@zhtj/domain';
import type { Industry, OrgKind, OrgPurpose } from '@zhtj/domain';
import { COMPANY, COMPANY_KIND, INSTITUTION, STAGE } from './catalogue';
import type { SchoolIndustry } from './catalogue';
import type { CountyPlaces, GenContext, GenOrg, OrdinaryOrg, ProvincePlaces, RegionRow, School } from './model';
import { OrgList } from './orgs';
import { BRANCH_SIZE, MEMBER_SHARES, POPULATED_FULL_SCALE, planFor } from './plan';
import { addSchool } from './schools';

export interface Tree {
  orgs: GenOrg[];
  provinces: ProvincePlaces[];
  schools: School[];
  ordinary: OrdinaryOrg[];
  /** Counties with their schools, townships and employers. */
  populatedCounties: number;
  /** Expected members in one populated county. */
  membersPerCounty: number;
}

const byCode = (a: RegionRow, b: RegionRow): number => a.code.localeCompare(b.code);
const short = (name: string): string => name.replace(/(维吾尔|壮族|回族)?自治区$|省$|市$/u, '');

export function buildTree(ctx: GenContext): Tree {
  const { opts, rng } = ctx;
  const byParent = new Map<string, RegionRow[]>();
  for (const r of opts.regions) {
    if (!r.parentCode) continue;
    const list = byParent.get(r.parentCode) ?? [];
    list.push(r);
    byParent.set(r.parentCode, list);
  }
  const provinceRows = (byParent.get('000000') ?? [])
    .filter((p) => !isSeparateSystemProvince(p.code))
    .filter((p) => !opts.provinces || opts.provinces.includes(p.code))
    .sort(byCode);
  // Cities without counties (东莞, 儋州 …) stand for their own county.
  const countiesOf = (city: RegionRow): RegionRow[] => {
    const list = byParent.get(city.code) ?? [];
    return list.length > 0 ? [...list].sort(byCode) : [city];
  };
  // Below POPULATED_FULL_SCALE not every county has its schools, townships and employers (the
  // committees are always there): a county is populated with probability scale / that scale, and
  // every province's first county always is, so every province has rates.
  const populated = new Set<string>();
  for (const p of provinceRows) {
    [...(byParent.get(p.code) ?? [])].sort(byCode).forEach((c, ci) => {
      countiesOf(c).forEach((k, ki) => {
        if ((ci === 0 && ki === 0) || rng.chance(opts.scale / POPULATED_FULL_SCALE)) populated.add(k.code);
      });
    });
  }
  const M = planFor(opts.scale, populated.size).membersPerCounty;
  const list = new OrgList(rng);
  const tree: Tree = { orgs: list.orgs, provinces: [], schools: [], ordinary: [], populatedCounties: populated.size, membersPerCounty: M };
  const school = (parent: GenOrg, industry: SchoolIndustry, name: string, region: string, province: string, students: number): School => {
    const s = addSchool(ctx, list, parent, { industry, name, region, province, students });
    tree.schools.push(s);
    return s;
  };

  for (const p of provinceRows) {
    const pc = list.add(opts.root, {
      name: `共青团${p.name}委员会`,
      kind: 'committee',
      level: 'provincial',
      industry: null,
      region: p.code,
    });
    const library = list.add(pc, {
      name: `${short(p.name)}特殊单位专属库`,
      kind: 'branch',
      level: 'provincial',
      industry: 'special',
      region: p.code,
      purpose: 'special_library',
    });
    const province: ProvincePlaces = { code: p.code, committee: pc, library, counties: [], higherNewStudents: [] };
    tree.provinces.push(province);
    const cities = [...(byParent.get(p.code) ?? [])].sort(byCode);
    cities.forEach((c, cityIndex) => {
      // A municipality's 市辖区 / 县 and a province's 省直辖县级行政区划 are no place names: the province's stands in.
      const cityName = c.name === '市辖区' || c.name === '县' || c.name.endsWith('直辖县级行政区划') ? p.name : c.name;
      const cc = list.add(pc, { name: `共青团${cityName}委员会`, kind: 'committee', level: 'city', industry: null, region: c.code });
      const counties = countiesOf(c);
      counties.forEach((k) => {
        const kc =
          k === c
            ? cc
            : list.add(cc, {
                name: `共青团${cityName}${k.name}委员会`,
                kind: 'committee',
                level: 'county',
                industry: null,
                region: k.code,
              });
        if (!populated.has(k.code)) return;
        const place = addCountyPlaces(ctx, list, tree, kc, k, p.code);
        province.counties.push(place);
        // Schools of the county: high schools, vocational schools, junior highs.
        const hsStudents = M * MEMBER_SHARES.high_school;
        const hsCount = Math.max(1, rng.round(hsStudents / 480));
        for (let s = 1; s <= hsCount; s++) {
          const hs = school(kc, 'high_school', `${k.name}第${s}${STAGE.high_school.zh}`, k.code, p.code, hsStudents / hsCount);
          if (hs.newStudents) place.highSchoolNewStudents.push(hs.newStudents);
        }
        const vocStudents = M * MEMBER_SHARES.vocational;
        const vocCount = rng.round(vocStudents / 480);
        for (let s = 1; s <= vocCount; s++)
          school(kc, 'vocational', `${k.name}第${s}${STAGE.vocational.zh}`, k.code, p.code, vocStudents / vocCount);
        const jhStudents = M * MEMBER_SHARES.junior_high;
        const jhCount = rng.round(jhStudents / 60);
        for (let s = 1; s <= jhCount; s++)
          school(kc, 'junior_high', `${k.name}第${s}${STAGE.junior_high.zh}`, k.code, p.code, jhStudents / jhCount);
      });
      // Universities sit in the city's first populated district; a capital (the first city) holds more.
      const hosts = counties.filter((k) => populated.has(k.code));
      const host = hosts[0];
      if (!host) return;
      const uniStudents = M * MEMBER_SHARES.university * hosts.length * (cityIndex === 0 ? 3 : 0.7);
      const uniCount = Math.max(cityIndex === 0 ? 1 : 0, rng.round(uniStudents / (30 * 4 * 12)));
      for (let u = 1; u <= uniCount; u++) {
        const higher = rng.chance(0.4);
        const industry: SchoolIndustry = higher ? 'higher_vocational' : 'university';
        const name = higher
          ? `${cityName}第${u}${STAGE.higher_vocational.zh}`
          : `${cityName}${['理工', '师范', '科技', '财经', '医科', '农业'][u % 6]}大学${u > 6 ? u : ''}`;
        const uni = school(cc, industry, name, host.code, p.code, uniStudents / uniCount);
        if (uni.newStudents) province.higherNewStudents.push(uni.newStudents);
      }
    });
  }
  ctx.summary.orgs = list.orgs.length;
  return tree;
}

/** A populated county's places that are not schools: mobile branches, townships, parks, employers. */
function addCountyPlaces(ctx: GenContext, list: OrgList, tree: Tree, kc: GenOrg, k: RegionRow, province: string): CountyPlaces {
  const { rng } = ctx;
  const M = tree.membersPerCounty;
  /** A base-level org of the county. */
  const base = (parent: GenOrg, name: string, kind: OrgKind, industry: Industry | null, purpose: OrgPurpose | null = null): GenOrg =>
    list.add(parent, { name, kind, level: 'base', industry, region: k.code, purpose });
  const ordinary = (org: GenOrg, size: number, kind: OrdinaryOrg['kind']): void => void tree.ordinary.push({ org, size, kind });
  const place: CountyPlaces = {
    code: k.code,
    province,
    committee: kc,
    // §2.1: the county's own mobile branch, directly under the county committee.
    countyMobile: base(kc, `${k.name}流动团员团支部`, 'branch', null, 'mobile'),
    townshipMobiles: [],
    townshipBranches: [],
    youthHomes: [],
    employers: [],
    highSchoolNewStudents: [],
  };
  /** An employer's branch, which graduates may go to work at. */
  const employer = (parent: GenOrg, name: string, industry: 'enterprise' | 'public_institution'): void => {
    const br = base(parent, name, 'branch', industry);
    place.employers.push(br);
    ordinary(br, rng.round(BRANCH_SIZE[industry] * (0.5 + rng.next())), industry);
  };
  ordinary(place.countyMobile, rng.round((M * MEMBER_SHARES.mobile) / 4), 'mobile');
  // Townships (乡镇街道) with their villages/communities, a mobile branch, some a youth home.
  const townshipMembers = M * MEMBER_SHARES.township;
  const townships = Math.max(1, rng.round(townshipMembers / BRANCH_SIZE.township / 6));
  for (let t = 1; t <= townships; t++) {
    const street = rng.chance(0.5);
    const tw = base(kc, `${k.name}第${t}${street ? '街道团工委' : '镇团委'}`, street ? 'working_committee' : 'committee', 'township');
    const twName = tw.name.replace(/团工委$|团委$/u, '');
    const mobile = base(tw, `${twName}流动团员团支部`, 'branch', 'township', 'mobile');
    place.townshipMobiles.push(mobile);
    ordinary(mobile, rng.round((M * MEMBER_SHARES.mobile) / 2 / townships), 'mobile');
    const villages = Math.max(1, rng.round(townshipMembers / townships / BRANCH_SIZE.township));
    for (let v = 1; v <= villages; v++) {
      const b = base(tw, `${street ? '第' + v + '社区' : '第' + v + '村'}团支部`, 'branch', 'township');
      place.townshipBranches.push(b);
      ordinary(b, rng.round(BRANCH_SIZE.township * (0.5 + rng.next())), 'township');
    }
    if (rng.chance(0.3)) place.youthHomes.push(base(tw, `${twName}青年之家团支部`, 'branch', 'youth_home'));
  }
  // Parks (园区, Q8) with a mobile branch.
  if (rng.chance(0.3)) {
    const park = base(kc, `${k.name}经济开发区团工委`, 'working_committee', 'park');
    const mobile = base(park, `${k.name}经济开发区流动团员团支部`, 'branch', 'park', 'mobile');
    ordinary(mobile, rng.round((M * MEMBER_SHARES.mobile) / 4), 'mobile');
  }
  // Employers: enterprises (some with a committee and several branches, some with a temporary branch, Q7) and public institutions.
  const enterprises = rng.round((M * MEMBER_SHARES.enterprise) / BRANCH_SIZE.enterprise / 1.4);
  for (let e = 1; e <= enterprises; e++) {
    const title = `${k.name.replace(/(区|县|市|旗)$/u, '')}${rng.pick(COMPANY)}${rng.pick(COMPANY_KIND)}`;
    if (rng.chance(0.2)) {
      const ec = base(kc, `${title}团委`, 'committee', 'enterprise');
      const n = rng.int(2, 3);
      for (let b = 1; b <= n; b++) employer(ec, `第${b}团支部`, 'enterprise');
      if (rng.chance(0.25)) base(ec, '临时团支部', 'branch', 'enterprise', 'temporary');
    } else employer(kc, `${title}团支部`, 'enterprise');
  }
  const institutions = rng.round((M * MEMBER_SHARES.public_institution) / BRANCH_SIZE.public_institution);
  for (let e = 1; e <= institutions; e++) employer(kc, `${k.name}${rng.pick(INSTITUTION)}团支部`, 'public_institution');
  return place;
}
