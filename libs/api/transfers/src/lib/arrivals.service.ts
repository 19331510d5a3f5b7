import { Injectable } from '@nestjs/common';
import { canRecordExternalArrival, parseIdCardNumber } from '@zhtj/domain';
import type { TransferType } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed, domainActor } from '@zhtj/api/core';
import { AuditService, IdLookupRation, ScopedDb } from '@zhtj/api/db';
import { MemberEntity } from '@zhtj/api/members';
import { TransferEntity } from './transfer.entity';
import type { ArrivalDto } from './dto';

/** §5, Q17: members arriving from Beijing, Guangdong or Fujian's own systems, recorded by the receiving org. Rules in `libs/domain` (follow-up.ts). */
@Injectable()
export class ArrivalsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ration: IdLookupRation,
  ) {}

  /**
   * §5, Q17: a member arriving from Beijing, Guangdong or Fujian is recorded by the receiving org
   * as an approved incoming transfer with the external org's full name. A member on record who
   * once left (e.g. moved to Guangdong) is active again in the receiving org — only when the full
   * name matches the record too, never renaming them, with the contacts the arrival gives (the old
   * record shows nothing before it is accepted). A number on record that is active, or whose name
   * does not match, gets one answer; such lookups draw on the caller's daily ration (§5), and once
   * it is spent every arrival is refused alike.
   */
  async recordArrival(dto: ArrivalDto): Promise<{ id: string; memberId: string }> {
    const actor = RequestContext.actor();
    const now = this.clock.now();
    const idCard = parseIdCardNumber(dto.member.idCardNumber);
    if (!idCard.ok) throw new AppError(idCard.code, { errors: [{ field: 'member.idCardNumber', message: idCard.code }] });
    await this.ration.assertLeft(actor);
    let onRecord = false;
    let recorded: { id: string; memberId: string };
    try {
      recorded = await this.db.transaction(async (tx) => {
        const to = await tx.byId('org', dto.toOrgId);
        assertAllowed(canRecordExternalArrival(domainActor(actor), to, dto.external));
        let member = await tx
          .unscoped('transfers.arrival-by-id-card')
          .createQueryBuilder(MemberEntity, 'mb')
          .where('mb.idCardNumber = :id', { id: idCard.normalized })
          .setLock('pessimistic_write')
          .getOne();
        onRecord = member !== null;
        if (member && (member.status === 'active' || member.name.trim() !== dto.member.name.trim())) {
          throw new AppError('MEMBER_ID_CARD_TAKEN', {
            message: '该身份证号已在系统中登记，无法作为已转出的团员按所填姓名接收，请核对身份证号与姓名',
            messageEn: 'This ID number is on record and does not match a member who left under this name; check the ID number and the name',
          });
        }
        const before = member ? { orgId: member.orgId, status: member.status } : null;
        if (member) {
          member.orgId = to.id;
          member.status = 'active';
          member.leftReason = null;
          member.leftAt = null;
          // Contacts from the arrival: the old record's are years old and not the receiver's to read.
          member.phone = dto.member.phone ?? null;
          member.emergencyContact = dto.member.emergencyContact ?? null;
        } else {
          member = tx.create(MemberEntity, {
            orgId: to.id,
            name: dto.member.name,
            idCardNumber: idCard.normalized,
            gender: idCard.gender,
            birthDate: idCard.birthDate,
            phone: dto.member.phone ?? null,
            joinDate: null,
            partyMember: false,
            emergencyContact: dto.member.emergencyContact ?? null,
            educationStage: null,
            graduationDate: null,
            schoolOrgId: null,
            destination: null,
            graduationMark: null,
            leaguePost: null,
            status: 'active',
            leftReason: null,
          });
        }
        await tx.save(member);
        const t = tx.create(TransferEntity, {
          memberId: member.id,
          type: (dto.type ?? 'general') as TransferType,
          status: 'approved',
          fromOrgId: null,
          fromOrgName: dto.external.orgFullName,
          toOrgId: to.id,
          toOrgName: to.name,
          externalProvinceCode: dto.external.provinceCode.slice(0, 2) + '0000',
          externalOrgName: null,
          externalArrival: true,
          initiatedBy: actor.userId,
          initiatorRole: actor.role,
          initiatorSide: 'receiving',
          initiatedAt: now,
          // Decided in the other province's system; who recorded it is in the audit log.
          decidedBy: null,
          decidedAt: now,
          reason: null,
          note: dto.note ?? null,
        });
        await tx.save(t);
        await this.audit.record(tx, {
          action: 'transfer.arrival',
          entityType: 'transfer',
          entityId: t.id,
          after: { memberId: member.id, from: dto.external, toOrgId: to.id },
          orgPath: to.path,
        });
        await this.audit.record(tx, {
          action: before ? 'member.return' : 'member.create',
          entityType: 'member',
          entityId: member.id,
          before,
          after: { orgId: to.id, status: 'active', transferId: t.id },
          orgPath: to.path,
        });
        return { id: t.id, memberId: member.id };
      });
    } catch (e) {
      if (onRecord) await this.ration.spend(actor);
      throw e;
    }
    if (onRecord) await this.ration.spend(actor);
    return recorded;
  }
}
