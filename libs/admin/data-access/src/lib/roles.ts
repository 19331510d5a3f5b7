import { isAdmin } from '@zhtj/domain';
import type { Role } from '@zhtj/domain';

/**
 * What each role sees in the console. Hiding is cosmetic (STYLE.md): the API decides; this only
 * keeps menus and buttons honest about what will work.
 */
export type Capability = 'orgs' | 'members' | 'import' | 'graduation' | 'transfers' | 'metrics' | 'ownHome' | 'secondFactor';

export function isAdminRole(role: Role | null | undefined): boolean {
  return role != null && isAdmin({ role });
}

export function can(role: Role | null | undefined, capability: Capability): boolean {
  if (!role) return false;
  switch (capability) {
    case 'ownHome':
      return role === 'member';
    case 'members':
    case 'import':
    case 'transfers':
      return isAdminRole(role);
    case 'secondFactor':
      // Issue 24: two-factor authentication is for admin accounts; members are unchanged.
      return isAdminRole(role);
    case 'graduation':
      // §4, Q22, Q24: school-domain admins and the direct superiors of branches; a branch admin
      // sees the page with the reason it may not mark its own branch (the API refuses).
      return isAdminRole(role);
    case 'metrics':
      // §6: the indicators of the admin's region; a branch has no region of its own to watch.
      return isAdminRole(role) && role !== 'branch_admin';
    case 'orgs':
      // A branch has no sub-orgs (PARENT_IS_BRANCH); its admin manages members only.
      return isAdminRole(role) && role !== 'branch_admin';
  }
}
