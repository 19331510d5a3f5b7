import type { ContextPersistence } from '@zhtj/api/db';
import { AuditEntity } from './audit.entity';

declare module '@zhtj/api/db' {
  interface ScopedEntities {
    audit: AuditEntity;
  }
}

/**
 * The audit context's table (issue 25): the log every context writes (`AuditService`, api-db) and
 * this context reads, scoped by the path of the org an entry concerns; members read none.
 */
export const AUDIT_PERSISTENCE: ContextPersistence = {
  entities: [AuditEntity],
  scopeRules: {
    audit: {
      entity: AuditEntity,
      admin: (a: string): string => `${a}.orgPath @> ARRAY[:scopeOrgId]::uuid[]`,
      member: (): string => `1 = 0`,
    },
  },
};
