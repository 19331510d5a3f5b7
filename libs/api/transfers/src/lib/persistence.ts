import { ORGS_IN_SCOPE } from '@zhtj/api/db';
import type { ContextPersistence } from '@zhtj/api/db';
import { AbroadReportEntity } from './abroad-report.entity';
import { TransferReminderEntity } from './transfer-reminder.entity';
import { TransferEntity } from './transfer.entity';

declare module '@zhtj/api/db' {
  interface ScopedEntities {
    transfer: TransferEntity;
    abroad_report: AbroadReportEntity;
  }
}

/**
 * The transfers context's tables (issue 25): transfers, seen on both sides; the abroad reports
 * recorded around an abroad-study transfer (§2.5), seen wherever their member is; reminders,
 * reached only through their transfer.
 */
export const TRANSFERS_PERSISTENCE: ContextPersistence = {
  entities: [TransferEntity, AbroadReportEntity, TransferReminderEntity],
  scopeRules: {
    transfer: {
      entity: TransferEntity,
      // Both sides see a transfer: the outgoing org's subtree and the receiving org's (Q16, Q21).
      // Correlated, as for users: a by-id read is two primary-key probes whatever the scope's size.
      admin: (a: string): string =>
        `EXISTS (SELECT 1 FROM org scope_org WHERE scope_org.id IN (${a}.fromOrgId, ${a}.toOrgId) AND scope_org.path @> ARRAY[:scopeOrgId]::uuid[])`,
      member: (a: string): string => `${a}.memberId = :scopeMemberId`,
    },
    abroad_report: {
      entity: AbroadReportEntity,
      // §2.5: a report is seen wherever its member is.
      admin: (a: string): string => `${a}.memberId IN (SELECT scope_ar.id FROM member scope_ar WHERE scope_ar.org_id IN ${ORGS_IN_SCOPE})`,
      member: (a: string): string => `${a}.memberId = :scopeMemberId`,
    },
  },
  unscopedEntities: new Map([
    [TransferReminderEntity, 'read and written only through its transfer, loaded in scope first (scope rule `transfer`)'],
  ]),
};
