import { describe, expect, it } from 'vitest';
import { adminRoleForOrg } from './roles';

describe('admin roles follow the bound org', () => {
  it('maps the levels above base to their admins', () => {
    expect(adminRoleForOrg({ kind: 'committee', level: 'national', industry: null })).toBe('national_admin');
    expect(adminRoleForOrg({ kind: 'committee', level: 'provincial', industry: null })).toBe('provincial_admin');
    expect(adminRoleForOrg({ kind: 'committee', level: 'city', industry: null })).toBe('city_admin');
    expect(adminRoleForOrg({ kind: 'committee', level: 'county', industry: null })).toBe('county_admin');
  });

  it('maps base orgs by kind and industry', () => {
    expect(adminRoleForOrg({ kind: 'branch', level: 'base', industry: 'university' })).toBe('branch_admin');
    expect(adminRoleForOrg({ kind: 'committee', level: 'base', industry: 'university' })).toBe('school_admin');
    expect(adminRoleForOrg({ kind: 'general_branch', level: 'base', industry: 'high_school' })).toBe('school_admin');
    expect(adminRoleForOrg({ kind: 'committee', level: 'base', industry: 'primary' })).toBe('school_admin');
    expect(adminRoleForOrg({ kind: 'committee', level: 'base', industry: 'township' })).toBe('township_admin');
    expect(adminRoleForOrg({ kind: 'committee', level: 'base', industry: 'enterprise' })).toBe('base_admin');
    expect(adminRoleForOrg({ kind: 'working_committee', level: 'base', industry: null })).toBe('base_admin');
  });
});
