import { describe, expect, it } from 'vitest';
import { idLookupRations } from './lookups';
import type { RationPathOrg } from './lookups';

const nation: RationPathOrg = { id: 'nation', level: 'national' };
const sc: RationPathOrg = { id: 'sc', level: 'provincial' };
const chengdu: RationPathOrg = { id: 'chengdu', level: 'city' };
const jinjiang: RationPathOrg = { id: 'jinjiang', level: 'county' };
const school: RationPathOrg = { id: 'school', level: 'base' };
const branch: RationPathOrg = { id: 'branch', level: 'base' };

describe('ID-number lookup rations (§5 Interpretation: no enumeration of the register)', () => {
  it('a county and every account under it share one ration, and draw on the province (§5)', () => {
    const county = idLookupRations([nation, sc, chengdu, jinjiang]);
    const minted = idLookupRations([nation, sc, chengdu, jinjiang, school, branch]);
    expect(minted).toEqual(county);
    expect(county).toEqual([
      { key: 'subtree:jinjiang', limit: 20 },
      { key: 'province:sc', limit: 200 },
    ]);
  });

  it('a school directly under the province is its own subtree; above county level the caller’s own org is (§5)', () => {
    expect(idLookupRations([nation, sc, school, branch])[0]).toEqual({ key: 'subtree:school', limit: 20 });
    expect(idLookupRations([nation, sc, chengdu])[0]).toEqual({ key: 'subtree:chengdu', limit: 20 });
    expect(idLookupRations([nation])).toEqual([{ key: 'subtree:nation', limit: 20 }]);
    expect(idLookupRations([])).toEqual([]);
  });
});
