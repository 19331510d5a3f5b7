import { Injectable } from '@nestjs/common';
import { canRecordExternalOutcome } from '@zhtj/domain';
import { Clock, RequestContext, assertAllowed, domainActor } from '@zhtj/api/core';
import { AuditService, ScopedDb } from '@zhtj/api/db';
import { MemberEntity } from '@zhtj/api/members';
import { OrgEntity } from '@zhtj/api/orgs';
import { RegionEntity } from '@zhtj/api/regions';
import type { ExternalOutcomeDto } from './dto';

/**
 * Q17: a transfer to Beijing, Guangdong or Fujian is decided in that province's own system; the
 * outgoing side records the outcome here. Rules in `libs/domain` (follow-up.ts).
 */
@Injectable()
export class ExternalOutcomeService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Q17: the outgoing side records Beijing, Guangdong or Fujian's decision. Approved: the
   * transfer is approved and the member leaves this system (a status with the reason, §2);
   * returned: the transfer is `rejected` with the other system's reason.
   */
  async externalOutcome(id: string, dto: ExternalOutcomeDto): Promise<{ id: string }> {
    const actor = RequestContext.actor();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const t = await tx.byId('transfer', id, true);
      const from = t.fromOrgId ? await tx.unscoped('transfers.routing').findOneBy(OrgEntity, { id: t.fromOrgId }) : null;
      const external = t.externalOrgName !== null && !t.externalArrival;
      assertAllowed(
        canRecordExternalOutcome(
          domainActor(actor),
          { status: t.status, initiatedAt: t.initiatedAt, fromOrgPath: from?.path ?? [], external },
          dto.outcome,
          dto.reason,
          now,
        ),
      );
      t.status = dto.outcome === 'approved' ? 'approved' : 'rejected';
      t.decidedAt = now;
      // Decided in the other province's system; who recorded it is in the audit log (§5: no
      // account decides a transfer it initiated).
      t.decidedBy = null;
      t.reason = dto.outcome === 'returned' ? (dto.reason ?? '').trim() : null;
      await tx.save(t);
      const orgPath = from?.path ?? [];
      await this.audit.record(tx, {
        action: 'transfer.external_outcome',
        entityType: 'transfer',
        entityId: t.id,
        before: { status: 'pending' },
        after: { status: t.status, reason: t.reason },
        orgPath,
      });
      if (dto.outcome === 'approved') {
        const member = await tx.unscoped('transfers.routing').findOneByOrFail(MemberEntity, { id: t.memberId });
        const province = await tx.unscoped('reference.regions').findOneBy(RegionEntity, { code: t.externalProvinceCode ?? '' });
        const before = { status: member.status, leftReason: member.leftReason };
        member.status = 'left';
        member.leftAt = now;
        member.leftReason = `组织关系转至${province?.name ?? ''}「${t.externalOrgName}」`;
        await tx.save(member);
        await this.audit.record(tx, {
          action: 'member.leave',
          entityType: 'member',
          entityId: member.id,
          before,
          after: { status: member.status, leftReason: member.leftReason, transferId: t.id },
          orgPath,
        });
      }
    });
    return { id };
  }
}
