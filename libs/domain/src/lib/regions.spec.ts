import { describe, expect, it } from 'vitest';
import { placeName, regionChain } from './regions';
import {
  childRegionCodes,
  isInRegion,
  isSeparateSystemProvince,
  normalizeProvinceCode,
  parentRegion,
  provinceOf,
  provinceRegionCode,
  regionLevel,
  regionPrefix,
} from './regions';

describe('GB/T 2260 region codes (§1, §6)', () => {
  it('reads the level from the code: 000000 nation, XX0000 province, XXXX00 city, else county (§6)', () => {
    expect(regionLevel('000000')).toBe('national');
    expect(regionLevel('510000')).toBe('provincial');
    expect(regionLevel('510100')).toBe('city');
    expect(regionLevel('510104')).toBe('county');
    expect(regionLevel('5101')).toBeNull();
    expect(regionLevel('51010x')).toBeNull();
  });

  it('contains by prefix; a region contains itself (§6)', () => {
    expect(isInRegion('510104', '000000')).toBe(true);
    expect(isInRegion('510104', '510000')).toBe(true);
    expect(isInRegion('510104', '510100')).toBe(true);
    expect(isInRegion('510104', '510104')).toBe(true);
    expect(isInRegion('510703', '510100')).toBe(false);
    expect(isInRegion('500106', '510000')).toBe(false);
    expect(isInRegion('510000', '510100')).toBe(false);
    expect(isInRegion('510100', '510104')).toBe(false);
  });

  it('contains nothing for an invalid code or region', () => {
    expect(isInRegion(null, '000000')).toBe(false);
    expect(isInRegion('51', '510000')).toBe(false);
    expect(isInRegion('510104', 'x')).toBe(false);
    expect(regionPrefix('x')).toBeNull();
    expect(regionPrefix('000000')).toBe('');
    expect(regionPrefix('510100')).toBe('5101');
  });

  it('walks up one level at a time', () => {
    expect(parentRegion('510104')).toBe('510100');
    expect(parentRegion('510100')).toBe('510000');
    expect(parentRegion('510000')).toBe('000000');
    expect(parentRegion('000000')).toBeNull();
    expect(provinceOf('510104')).toBe('51');
    expect(provinceOf('000000')).toBeNull();
  });

  it('lists the immediate children among known codes (§6 dashboards)', () => {
    const known = ['000000', '510000', '510100', '510104', '510107', '510700', '510703', '500000', '500100', '500106', '510104'];
    expect(childRegionCodes('000000', known)).toEqual(['510000', '500000']);
    expect(childRegionCodes('510000', known)).toEqual(['510100', '510700']);
    expect(childRegionCodes('510100', known)).toEqual(['510104', '510107']);
    expect(childRegionCodes('500000', known)).toEqual(['500100']);
    expect(childRegionCodes('510104', known)).toEqual([]);
  });

  it('knows the provinces that run their own systems: Beijing 11, Guangdong 44, Fujian 35 (Q17, §3.2.3)', () => {
    expect(isSeparateSystemProvince('11')).toBe(true);
    expect(isSeparateSystemProvince('440000')).toBe(true);
    expect(isSeparateSystemProvince('35')).toBe(true);
    expect(isSeparateSystemProvince('51')).toBe(false);
    expect(isSeparateSystemProvince('440100')).toBe(false);
    expect(isSeparateSystemProvince(undefined)).toBe(false);
    expect(normalizeProvinceCode(' 44 ')).toBe('44');
    expect(normalizeProvinceCode('00')).toBeNull();
    expect(provinceRegionCode('35')).toBe('350000');
    expect(provinceRegionCode('beijing')).toBeNull();
  });
});

describe('regionChain (§6, issue 22)', () => {
  it('lists the regions a place is in, nation first, exactly those isInRegion holds for', () => {
    expect(regionChain('510104')).toEqual(['000000', '510000', '510100', '510104']);
    expect(regionChain('510100')).toEqual(['000000', '510000', '510100']);
    expect(regionChain('510000')).toEqual(['000000', '510000']);
    expect(regionChain('000000')).toEqual(['000000']);
    expect(regionChain('51')).toEqual([]);
    expect(regionChain(null)).toEqual([]);
    for (const r of ['000000', '510000', '510100', '510104', '500000', '510700'])
      expect(isInRegion('510104', r)).toBe(regionChain('510104').includes(r));
  });
});

describe('placeName (issue 23: same-named counties)', () => {
  it('names a county with its city, or with its municipality where the city level names nothing', () => {
    expect(placeName(['辽宁省', '沈阳市', '和平区'])).toBe('沈阳市和平区');
    expect(placeName(['天津市', '市辖区', '和平区'])).toBe('天津市和平区');
    expect(placeName(['河南省', '省直辖县级行政区划', '济源市'])).toBe('河南省济源市');
    expect(placeName(['四川省', '成都市'])).toBe('四川省成都市');
    expect(placeName(['四川省'])).toBe('四川省');
  });
});
