// §5 Interpretation (no enumeration of the register): which daily rations an ID-number lookup
// draws on. See ID_LOOKUP_RATION_PER_DAY in interpretations.ts.
import type { OrgLevel } from './types';
import { ID_LOOKUP_PROVINCE_RATION_PER_DAY, ID_LOOKUP_RATION_PER_DAY } from './interpretations';

/** An org on the caller's path, root first. */
export interface RationPathOrg {
  id: string;
  level: OrgLevel;
}

/** One daily ration: counted per `key` (an org and the ration's kind), at most `limit` a day. */
export interface LookupRation {
  key: string;
  limit: number;
}

/**
 * §5: the rations a lookup by the caller draws on — its ration root's (the topmost county or
 * base org on its path, or its own org above county level: a county and every account created
 * under it share one) and, below national level, its province's. `path` is the caller's org
 * path with levels, root first, ending with the caller's org.
 */
export function idLookupRations(path: readonly RationPathOrg[]): LookupRation[] {
  const self = path[path.length - 1];
  if (!self) return [];
  const root = path.find((o) => o.level === 'county' || o.level === 'base') ?? self;
  const rations: LookupRation[] = [{ key: `subtree:${root.id}`, limit: ID_LOOKUP_RATION_PER_DAY }];
  const province = path.find((o) => o.level === 'provincial');
  if (province) rations.push({ key: `province:${province.id}`, limit: ID_LOOKUP_PROVINCE_RATION_PER_DAY });
  return rations;
}
