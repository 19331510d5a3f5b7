import { Injectable } from '@nestjs/common';
import { canRecordAbroadReport, canRecordCheckIn, canRecordExternalArrival, canRecordExternalOutcome, checkRecordedDate, parseIdCardNumber } from '@zhtj/domain';
import type { TransferType } from '@zhtj/domain';
import { AppError, Clock, Page, RequestContext, assertAllowed, domainActor } from '@zhtj/api/core';
import { AbroadReportEntity, AuditService, IdLookupRation, MemberEntity, OrgEntity, RegionEntity, TransferEntity, ScopedDb } from '@zhtj/api/db';
import type { AbroadReportView, CheckInView } from '@zhtj/shared/contract';
import type { AbroadReportDto, ArrivalDto, CheckInDto, ExternalOutcomeDto } from './dto';

/**
 * After and outside the online review (DOMAIN.md §5): the offline check-in (Q10, Q16), abroad
 * members' reports (§2.5), the separate systems' outcome and arrivals from them (Q17). Every
 * decision is a `libs/domain` rule (follow-up.ts, workflow.ts); this service loads the facts.
 */
@Injectable()
export class TransferFollowUpService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ration: IdLookupRation,
  ) {}

  /** Q10, Q16: the receiving org records the member's offline check-in on their approved transfer into it. */
  async checkIn(memberId: string, dto: CheckInDto): Promise<CheckInView> {
    const actor = RequestContext.actor();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const member = await tx.byId('member', memberId, true);
      const org = await tx.byId('org', member.orgId);
      const t = await tx
        .query('transfer', 't')
        .andWhere(`t.memberId = :memberId AND t.toOrgId = :orgId AND t.status = 'approved'`, { memberId: member.id, orgId: member.orgId })
        .orderBy('t.decidedAt', 'DESC')
        .getOne();
      if (!t) throw new AppError('NO_TRANSFER_TO_CHECK_IN');
      assertAllowed(canRecordCheckIn(domainActor(actor), { status: t.status, toOrgPath: org.path, checkedInAt: t.checkedInOn }));
      assertAllowed(checkRecordedDate(dto.date, now, t.decidedAt));
      t.checkedInOn = dto.date;
      t.checkedInBy = actor.userId;
      await tx.save(t);
      await this.audit.record(tx, { action: 'transfer.check_in', entityType: 'transfer', entityId: t.id, before: { checkedInOn: null }, after: { checkedInOn: t.checkedInOn, memberId: member.id }, orgPath: org.path });
      return { memberId: member.id, transferId: t.id, checkedInOn: dto.date };
    });
  }

  /** §2.5: a dated report of a member abroad for study. */
  async addAbroadReport(memberId: string, dto: AbroadReportDto): Promise<AbroadReportView> {
    const actor = RequestContext.actor();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const member = await tx.byId('member', memberId, true);
      const org = await tx.byId('org', member.orgId);
      assertAllowed(canRecordAbroadReport(domainActor(actor), org));
      assertAllowed(checkRecordedDate(dto.date, now));
      const r = tx.create(AbroadReportEntity, { memberId: member.id, reportDate: dto.date, note: dto.note, recordedBy: actor.userId, recordedAt: now });
      await tx.save(r);
      await this.audit.record(tx, { action: 'member.abroad_report', entityType: 'member', entityId: member.id, after: { reportDate: r.reportDate, note: r.note }, orgPath: org.path });
      return { id: r.id, memberId: r.memberId, date: r.reportDate, note: r.note, recordedAt: r.recordedAt.toISOString() };
    });
  }

  /** §2.5: the member's report log, newest first. */
  async abroadReports(memberId: string): Promise<Page<AbroadReportView>> {
    const member = await this.db.byId('member', memberId);
    const rows = await this.db
      .query('abroad_report', 'r')
      .andWhere('r.memberId = :id', { id: member.id })
      .orderBy('r.reportDate', 'DESC')
      .addOrderBy('r.recordedAt', 'DESC')
      .getMany();
    return { items: rows.map((r) => ({ id: r.id, memberId: r.memberId, date: r.reportDate, note: r.note, recordedAt: r.recordedAt.toISOString() })), total: rows.length };
  }

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
      assertAllowed(canRecordExternalOutcome(domainActor(actor), { status: t.status, initiatedAt: t.initiatedAt, fromOrgPath: from?.path ?? [], external }, dto.outcome, dto.reason, now));
      t.status = dto.outcome === 'approved' ? 'approved' : 'rejected';
      t.decidedAt = now;
      // Decided in the other province's system; who recorded it is in the audit log (§5: no
      // account decides a transfer it initiated).
      t.decidedBy = null;
      t.reason = dto.outcome === 'returned' ? (dto.reason ?? '').trim() : null;
      await tx.save(t);
      const orgPath = from?.path ?? [];
      await this.audit.record(tx, { action: 'transfer.external_outcome', entityType: 'transfer', entityId: t.id, before: { status: 'pending' }, after: { status: t.status, reason: t.reason }, orgPath });
      if (dto.outcome === 'approved') {
        const member = await tx.unscoped('transfers.routing').findOneByOrFail(MemberEntity, { id: t.memberId });
        const province = await tx.unscoped('reference.regions').findOneBy(RegionEntity, { code: t.externalProvinceCode ?? '' });
        const before = { status: member.status, leftReason: member.leftReason };
        member.status = 'left';
        member.leftAt = now;
        member.leftReason = `组织关系转至${province?.name ?? ''}「${t.externalOrgName}」`;
        await tx.save(member);
        await this.audit.record(tx, { action: 'member.leave', entityType: 'member', entityId: member.id, before, after: { status: member.status, leftReason: member.leftReason, transferId: t.id }, orgPath });
      }
    });
    return { id };
  }

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
        let member = await tx.unscoped('transfers.arrival-by-id-card').createQueryBuilder(MemberEntity, 'mb').where('mb.idCardNumber = :id', { id: idCard.normalized }).setLock('pessimistic_write').getOne();
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
        await this.audit.record(tx, { action: 'transfer.arrival', entityType: 'transfer', entityId: t.id, after: { memberId: member.id, from: dto.external, toOrgId: to.id }, orgPath: to.path });
        await this.audit.record(tx, { action: before ? 'member.return' : 'member.create', entityType: 'member', entityId: member.id, before, after: { orgId: to.id, status: 'active', transferId: t.id }, orgPath: to.path });
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
