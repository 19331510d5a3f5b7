import { ORGS_IN_SCOPE } from '@zhtj/api/db';
import type { ContextPersistence } from '@zhtj/api/db';
import { MemberEntity } from './member.entity';

declare module '@zhtj/api/db' {
  interface ScopedEntities {
    member: MemberEntity;
  }
}

/** The members context's table (issue 25): a member is seen in its org's subtree, and by itself. */
export const MEMBERS_PERSISTENCE: ContextPersistence = {
  entities: [MemberEntity],
  scopeRules: {
    member: {
      entity: MemberEntity,
      admin: (a: string): string => `${a}.orgId IN ${ORGS_IN_SCOPE}`,
      member: (a: string): string => `${a}.id = :scopeMemberId`,
    },
  },
};
