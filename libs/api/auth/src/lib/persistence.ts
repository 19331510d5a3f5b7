import type { ContextPersistence } from '@zhtj/api/db';
import { ResetCodeEntity } from './reset-code.entity';
import { UserEntity } from './user.entity';

declare module '@zhtj/api/db' {
  interface ScopedEntities {
    user: UserEntity;
  }
}

/**
 * The auth context's tables (issue 25): accounts, seen where their org (an admin's) or their
 * member's org (a member account's) is, and by the member itself; reset codes, never read back.
 */
export const AUTH_PERSISTENCE: ContextPersistence = {
  entities: [UserEntity, ResetCodeEntity],
  scopeRules: {
    user: {
      entity: UserEntity,
      // Correlated (one primary-key probe per row), not `IN (subtree) OR IN (subtree)`: an OR of two
      // subtrees is planned as two hashed sets of every org in scope — 170 ms a read for a national
      // admin at scale 0.05, 0.3 ms this way (docs/scaling.md).
      admin: (a: string): string =>
        `EXISTS (SELECT 1 FROM org scope_org WHERE scope_org.id = COALESCE(${a}.orgId, (SELECT scope_member.org_id FROM member scope_member WHERE scope_member.id = ${a}.memberId)) AND scope_org.path @> ARRAY[:scopeOrgId]::uuid[])`,
      member: (a: string): string => `${a}.memberId = :scopeMemberId`,
    },
  },
  unscopedEntities: new Map([[ResetCodeEntity, 'never read through the API; created for a user that passed the user scope']]),
};
