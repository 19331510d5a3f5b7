import type { ContextPersistence } from '@zhtj/api/db';
import { OrgEntity } from './org.entity';

declare module '@zhtj/api/db' {
  interface ScopedEntities {
    org: OrgEntity;
  }
}

/** The orgs context's table (issue 25): the org tree, scoped by its path — an admin its subtree, a member its own org. */
export const ORGS_PERSISTENCE: ContextPersistence = {
  entities: [OrgEntity],
  scopeRules: {
    org: {
      entity: OrgEntity,
      admin: (a: string): string => `${a}.path @> ARRAY[:scopeOrgId]::uuid[]`,
      member: (a: string): string => `${a}.id = :scopeOrgId`,
    },
  },
};
