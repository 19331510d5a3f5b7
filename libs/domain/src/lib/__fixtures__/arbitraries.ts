// fast-check arbitraries for the property specs: well-typed but otherwise wild inputs.
import fc from 'fast-check';
import type { Actor, ExternalOrgRef, Instant, OrgFacts, TransferTarget } from '../types';
import {
  SCHOOL_DOMAIN_INDUSTRIES,
  INDUSTRIES,
  ORG_KINDS,
  ORG_LEVELS,
  ORG_PURPOSES,
  ROLES,
  TRANSFER_STATUSES,
  TRANSFER_TYPES,
  DESTINATIONS,
} from '../types';
import type { TransferFacts } from '../workflow';
import type { GraduateFact, GraduateTransferFact } from '../metrics';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Strings shaped like dates, most of them real, some not (month 13, day 31 in April, year 0). */
export const dateLike = fc
  .tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);

export const realDate = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Any instant of the right type: Dates (including invalid and extreme), ISO strings, garbage. */
export const instant: fc.Arbitrary<Instant> = fc.oneof(
  fc.date({ noInvalidDate: false }),
  fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z') }),
  fc
    .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  dateLike,
  fc.string(),
  fc.constantFrom('2026-09-30T23:59:59+08:00', '2026-10-01T00:00:00', '2026-10-01 08:00', '2026-10-11T09:00:00-0530', '2026-10-01T99:99'),
);

const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
export const path = fc.array(id, { maxLength: 5 });

export const regionCode = fc.oneof(
  fc.constantFrom('000000', '510000', '510100', '510104', '510700', '510703', '500000', '500106', '110000', '110105', '440000', '350000'),
  fc.string({ maxLength: 7 }),
);

export const org: fc.Arbitrary<OrgFacts> = fc.record({
  id,
  kind: fc.constantFrom(...ORG_KINDS),
  level: fc.constantFrom(...ORG_LEVELS),
  industry: fc.option(fc.constantFrom(...INDUSTRIES), { nil: null }),
  purpose: fc.option(fc.constantFrom(...ORG_PURPOSES), { nil: null }),
  regionCode,
  path,
});

export const external: fc.Arbitrary<ExternalOrgRef> = fc.record({
  external: fc.constant(true as const),
  provinceCode: fc.oneof(fc.constantFrom('11', '44', '35', '440000', '51'), fc.string({ maxLength: 7 })),
  orgFullName: fc.string({ maxLength: 8 }),
});

export const target: fc.Arbitrary<TransferTarget> = fc.oneof(org, external);

export const actor: fc.Arbitrary<Actor> = fc.record(
  {
    userId: fc.constantFrom('u1', 'u2'),
    role: fc.constantFrom(...ROLES),
    orgId: id,
    orgPath: path,
    memberId: fc.constantFrom('m1', 'm2'),
    orgIndustry: fc.option(fc.constantFrom(...INDUSTRIES), { nil: null }),
  },
  { requiredKeys: ['role', 'orgId', 'orgPath'] },
);

export const transferFacts: fc.Arbitrary<TransferFacts> = fc.record({
  id: fc.constantFrom('t1', 't2'),
  memberId: fc.constantFrom('m1', 'm2'),
  type: fc.constantFrom(...TRANSFER_TYPES),
  status: fc.constantFrom(...TRANSFER_STATUSES),
  fromOrgPath: path,
  toOrgPath: fc.option(path, { nil: null }),
  initiator: fc.record({
    userId: fc.constantFrom('u1', 'u2'),
    name: fc.option(fc.string({ maxLength: 4 }), { nil: null }),
    role: fc.constantFrom(...ROLES),
  }),
  initiatedAt: instant,
});

/* ------------------------------------------------------------------ graduates for SX / XS */

/** Region codes of a small country: two provinces with cities and counties, plus schools registered at every level. */
export const GRADUATE_REGIONS = [
  '510000',
  '510100',
  '510104',
  '510107',
  '510700',
  '510703',
  '500000',
  '500100',
  '500106',
  '500200',
  '500229',
  '110000',
  '110100',
  '110105',
] as const;

export const graduateTransfer: fc.Arbitrary<GraduateTransferFact> = fc.record(
  {
    type: fc.constantFrom(...TRANSFER_TYPES),
    status: fc.constantFrom(...TRANSFER_STATUSES),
    initiatedAt: fc.oneof({ arbitrary: realDate, weight: 4 }, { arbitrary: instant, weight: 1 }),
    decidedAt: fc.option(fc.oneof({ arbitrary: realDate, weight: 4 }, { arbitrary: instant, weight: 1 }), { nil: null }),
    targetRegionCode: fc.oneof(fc.constantFrom(...GRADUATE_REGIONS), regionCode),
  },
  { requiredKeys: ['type', 'status', 'initiatedAt', 'targetRegionCode'] },
);

export const graduate: fc.Arbitrary<GraduateFact> = fc.record(
  {
    memberId: fc.integer({ min: 0, max: 40 }).map((n) => `m${n}`),
    schoolRegionCode: fc.constantFrom(...GRADUATE_REGIONS),
    // Mostly school-domain schools and graduation in 2025–2027, so that most graduates count.
    schoolIndustry: fc.oneof(
      { arbitrary: fc.constantFrom(...SCHOOL_DOMAIN_INDUSTRIES), weight: 4 },
      { arbitrary: fc.option(fc.constantFrom(...INDUSTRIES), { nil: null }), weight: 1 },
    ),
    graduationDate: fc.oneof(
      { arbitrary: fc.constantFrom('2026-06-30', '2026-01-10', '2026-12-31', '2025-07-01', '2027-06-30'), weight: 6 },
      { arbitrary: realDate, weight: 2 },
      { arbitrary: fc.constant(null), weight: 1 },
      { arbitrary: dateLike, weight: 1 },
    ),
    destination: fc.option(fc.constantFrom(...DESTINATIONS), { nil: null }),
    retainedAtSchool: fc.boolean(),
    abroadRetentionApproved: fc.boolean(),
    transfers: fc.array(graduateTransfer, { maxLength: 4 }),
  },
  { requiredKeys: ['memberId', 'schoolRegionCode', 'schoolIndustry', 'graduationDate', 'destination', 'transfers'] },
);
