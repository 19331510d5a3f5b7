import type { OrgKind, OrgLevel, Industry, Role } from './types';
import { isSchoolDomain } from './types';

/** The admin role an account gets from the org it is bound to (API.md `POST /api/users`). */
export function adminRoleForOrg(org: { kind: OrgKind; level: OrgLevel; industry: Industry | null }): Role {
  switch (org.level) {
    case 'national':
      return 'national_admin';
    case 'provincial':
      return 'provincial_admin';
    case 'city':
      return 'city_admin';
    case 'county':
      return 'county_admin';
    case 'base':
      if (org.kind === 'branch') return 'branch_admin';
      if (isSchoolDomain(org.industry) || org.industry === 'primary') return 'school_admin';
      if (org.industry === 'township') return 'township_admin';
      return 'base_admin';
  }
}
