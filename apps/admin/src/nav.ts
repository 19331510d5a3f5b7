import type { Capability, MessageKey } from '@zhtj/admin/data-access';

/** The side menu; each entry shows only for roles with its capability (cosmetic: the API decides). */
export interface NavItem {
  path: string;
  title: MessageKey;
  capability?: Capability;
}

export const NAV: readonly NavItem[] = [
  { path: '/', title: 'home' },
  { path: '/orgs', title: 'orgs', capability: 'orgs' },
  { path: '/members', title: 'members', capability: 'members' },
  { path: '/overdue', title: 'overdueTitle', capability: 'members' },
  { path: '/metrics', title: 'metrics', capability: 'metrics' },
  { path: '/transfers', title: 'transfers', capability: 'transfers' },
  { path: '/graduation', title: 'graduation', capability: 'graduation' },
  { path: '/import', title: 'import', capability: 'import' },
  { path: '/account/password', title: 'changePassword' },
  { path: '/account/security', title: 'securitySettings', capability: 'secondFactor' },
];
