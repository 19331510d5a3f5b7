// Graduate facts for the metrics specs (metrics.spec.ts, region-metrics.spec.ts): a Chengdu
// university graduate of 2026 with no destination nor transfer, and a transfer, each overridable.
import type { GraduateFact, GraduateTransferFact } from '../metrics';

export const Y = 2026;

export function grad(memberId: string, over: Partial<GraduateFact> = {}): GraduateFact {
  return {
    memberId,
    schoolRegionCode: '510100',
    schoolIndustry: 'university',
    graduationDate: '2026-06-30',
    destination: null,
    transfers: [],
    ...over,
  };
}
export function tr(
  targetRegionCode: string,
  status: GraduateTransferFact['status'],
  over: Partial<GraduateTransferFact> = {},
): GraduateTransferFact {
  return { type: 'employment', status, initiatedAt: '2026-06-10T09:00:00+08:00', targetRegionCode, ...over };
}
