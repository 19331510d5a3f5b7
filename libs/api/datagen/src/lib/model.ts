// The generator's shapes: its options and summary, the orgs it builds and the places they form,
// and the context each stage runs in.
import type { DateString, Industry, OrgKind, OrgLevel, OrgPurpose, Role, TransferStatus, TransferType } from '@zhtj/domain';
import type { SchoolIndustry } from './catalogue';
import type { Rng } from './random';
import type { Sink } from './sink';

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

/** What every stage reads and counts into: one seeded source, drawn from in a fixed order. */
export interface GenContext {
  opts: GenerateOptions;
  rng: Rng;
  /** The clock's China-Standard-Time date. */
  today: DateString;
  /** The cohort of this season: the latest year whose 1 May has come (`seasonYear`). */
  cohortYear: number;
  summary: GenerateSummary;
  progress: (stage: string, done: number, total: number) => void;
}

export interface GenOrg {
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

export interface School {
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

export interface CountyPlaces {
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

export interface ProvincePlaces {
  code: string;
  committee: GenOrg;
  library: GenOrg;
  counties: CountyPlaces[];
  higherNewStudents: GenOrg[];
}

/** An org whose members are not students (workers, villagers, mobile members), and how many it holds. */
export interface OrdinaryOrg {
  org: GenOrg;
  size: number;
  kind: 'enterprise' | 'public_institution' | 'township' | 'mobile';
}
