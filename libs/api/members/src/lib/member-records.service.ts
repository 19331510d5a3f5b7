import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { checkJoinDate, checkMemberIdCard, checkOrgChange, isOrgInScope, mayHoldMembers, parseIdCardNumber } from '@zhtj/domain';
import { AppError, Clock, RequestContext, assertAllowed } from '@zhtj/api/core';
import { AuditService, IdLookupRation, ScopedDb, ScopedTx, lookupRationSpent } from '@zhtj/api/db';
import { OrgEntity, schoolIdOf } from '@zhtj/api/orgs';
import { knownRegionCodes } from '@zhtj/api/regions';
import type { MemberDetail } from '@zhtj/shared/contract';
import { MemberEntity } from './member.entity';
import type { CreateMemberDto, UpdateMemberDto } from './dto';
import { MembersService } from './members.service';

/** An ID number registered outside the caller's scope: one generic answer, rationed (`rationForeignConflict`). */
class ForeignIdCardTaken extends AppError {
  constructor() {
    super('MEMBER_ID_CARD_TAKEN', {
      message: '该身份证号已在您管理范围以外的组织登记，请联系上级团组织核实',
      messageEn: 'This ID number is registered in an org outside your scope',
    });
  }
}

function auditShape(m: MemberEntity): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...rest } = m;
  return rest;
}

/** The school a member of `org` graduates from: the topmost school-domain base org above it (§6). */
export function memberSchoolOf(tx: ScopedTx, org: OrgEntity): Promise<string | null> {
  return schoolIdOf(tx.unscoped('orgs.ancestors'), org.path);
}

/**
 * Recording members (§2): an admin registers one, corrects one (never its org: Q18) or records
 * that one has left. Each answers the member as `GET /api/members/:id` would.
 */
@Injectable()
export class MemberRecordsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ration: IdLookupRation,
    private readonly members: MembersService,
  ) {}

  async create(dto: CreateMemberDto): Promise<MemberDetail> {
    const actor = RequestContext.admin();
    const now = this.clock.now();
    const id = checkMemberIdCard(dto.idCardNumber, now, knownRegionCodes());
    if (!id.ok) throw new AppError(id.code, { errors: [{ field: 'idCardNumber', message: id.code }] });
    if (dto.birthDate && dto.birthDate !== id.birthDate) {
      throw new AppError('ID_CARD_BIRTH_DATE_MISMATCH', {
        errors: [{ field: 'birthDate', message: `身份证号中的出生日期为 ${id.birthDate}` }],
      });
    }
    if (dto.joinDate) {
      const join = checkJoinDate(dto.joinDate, id.birthDate, now);
      if (!join.ok) throw new AppError(join.code, { errors: [{ field: 'joinDate', message: join.code }] });
    }
    const spent = await this.ration.isSpent(actor);
    const memberId = await this.db
      .transaction(async (tx) => {
        const org = await tx.byId('org', dto.orgId);
        if (!mayHoldMembers(org)) throw new AppError('MEMBER_ORG_NOT_BRANCH');
        await this.assertIdCardFree(tx, id.normalized, null, spent);
        const member = tx.create(MemberEntity, {
          orgId: org.id,
          name: dto.name,
          idCardNumber: id.normalized,
          gender: dto.gender ?? id.gender,
          birthDate: id.birthDate,
          phone: dto.phone ?? null,
          joinDate: dto.joinDate ?? null,
          partyMember: dto.partyMember ?? false,
          emergencyContact: dto.emergencyContact ?? null,
          educationStage: dto.educationStage ?? null,
          leaguePost: dto.leaguePost || null,
          graduationDate: org.mixed ? null : org.graduationDate,
          schoolOrgId: await memberSchoolOf(tx, org),
          destination: null,
          graduationMark: null,
          status: 'active',
          leftReason: null,
        });
        await this.save(tx, member);
        await this.recordChange(tx, 'member.create', member, null, org);
        return member.id;
      })
      .catch((e: unknown) => this.rationForeignConflict(e));
    return this.members.get(memberId);
  }

  async update(memberId: string, dto: UpdateMemberDto): Promise<MemberDetail> {
    const actor = RequestContext.admin();
    const spent = dto.idCardNumber !== undefined && (await this.ration.isSpent(actor));
    await this.db
      .transaction(async (tx) => {
        const member = await tx.byId('member', memberId, true);
        // Q18: a member changes org only through a transfer.
        const requested = dto.orgId === undefined || dto.orgId === null ? undefined : String(dto.orgId);
        assertAllowed(checkOrgChange(member.orgId, requested));
        const before = auditShape({ ...member });
        const { orgId: _ignored, ...changes } = dto;
        const now = this.clock.now();
        if (changes.idCardNumber !== undefined) {
          // A number kept as it is was checked when recorded (a member who aged out stays as is, Q1).
          const unchanged = changes.idCardNumber.trim().toUpperCase() === member.idCardNumber;
          const id = unchanged ? parseIdCardNumber(changes.idCardNumber) : checkMemberIdCard(changes.idCardNumber, now, knownRegionCodes());
          if (!id.ok) throw new AppError(id.code, { errors: [{ field: 'idCardNumber', message: id.code }] });
          if (id.normalized !== member.idCardNumber) await this.assertIdCardFree(tx, id.normalized, member.id, spent);
          changes.idCardNumber = id.normalized;
          if (!changes.birthDate) changes.birthDate = id.birthDate;
        }
        const effectiveId = changes.idCardNumber ?? member.idCardNumber;
        const idBirthDate = `${effectiveId.slice(6, 10)}-${effectiveId.slice(10, 12)}-${effectiveId.slice(12, 14)}`;
        if (changes.birthDate && changes.birthDate !== idBirthDate) {
          throw new AppError('ID_CARD_BIRTH_DATE_MISMATCH', { errors: [{ field: 'birthDate', message: '与身份证号不一致' }] });
        }
        // §2 入团时间, checked against the member's birth date whenever the date or the number changes.
        const joinDate = changes.joinDate ?? member.joinDate;
        if (joinDate && (changes.joinDate || effectiveId !== member.idCardNumber)) {
          const join = checkJoinDate(joinDate, idBirthDate, now);
          if (!join.ok) throw new AppError(join.code, { errors: [{ field: 'joinDate', message: join.code }] });
        }
        if (changes.leaguePost !== undefined) changes.leaguePost = changes.leaguePost || (null as unknown as string);
        Object.assign(member, changes);
        await this.save(tx, member);
        await this.recordChange(tx, 'member.update', member, before);
      })
      .catch((e: unknown) => this.rationForeignConflict(e));
    return this.members.get(memberId);
  }

  /** Leaving is a status with a reason; members are never hard-deleted (DOMAIN.md §2). */
  async leave(memberId: string, reason: string): Promise<MemberDetail> {
    RequestContext.admin();
    await this.db.transaction(async (tx) => {
      const member = await tx.byId('member', memberId, true);
      if (member.status === 'left') throw new AppError('MEMBER_ALREADY_LEFT');
      // A member with an open transfer is mid-move: withdraw or decide it first. (Transfers are the
      // transfers context's, read here by table: transfers depends on members.)
      const open = await tx
        .unscoped('transfers.open-transfer')
        .query(`SELECT 1 FROM transfer WHERE member_id = $1 AND status = 'pending' LIMIT 1`, [member.id]);
      if (open.length > 0) throw new AppError('MEMBER_HAS_OPEN_TRANSFER');
      const before = auditShape({ ...member });
      member.status = 'left';
      member.leftReason = reason;
      member.leftAt = this.clock.now();
      await tx.save(member);
      await this.recordChange(tx, 'member.leave', member, before);
    });
    return this.members.get(memberId);
  }

  /**
   * Uniqueness of the ID number, naming the holder's org only when it is in the caller's scope.
   * Held elsewhere: one generic answer, drawn on the caller's daily ration (§5). Once the ration is
   * `spent`, a number held elsewhere and a free one are refused alike — only a holder in the
   * caller's own scope, which it sees anyway, is still named.
   */
  private async assertIdCardFree(tx: ScopedTx, idCardNumber: string, selfId: string | null, spent: boolean): Promise<void> {
    const holder = await tx
      .unscoped('members.id-card-unique')
      .createQueryBuilder(MemberEntity, 'h')
      .innerJoin(OrgEntity, 'ho', 'ho.id = h.orgId')
      .select(['h.id AS id', 'ho.name AS org_name', 'ho.path AS org_path'])
      .where('h.idCardNumber = :id', { id: idCardNumber })
      .getRawOne<{ id: string; org_name: string; org_path: string[] }>();
    if (holder?.id === selfId && holder) return;
    const actor = RequestContext.actor();
    if (holder && isOrgInScope(actor.orgId, holder.org_path)) {
      throw new AppError('MEMBER_ID_CARD_TAKEN', {
        message: `该身份证号已登记在「${holder.org_name}」`,
        messageEn: `This ID number is already registered in "${holder.org_name}"`,
        details: { orgName: holder.org_name, memberId: holder.id },
      });
    }
    if (spent) throw lookupRationSpent();
    if (holder) throw new ForeignIdCardTaken();
  }

  /**
   * Registered outside the caller's scope: each such answer draws on the daily ration of the
   * caller's org subtree, shared with the import, pulls and arrivals (§5: no national ID-number
   * oracle). Counted after the transaction has ended (a second connection inside it would wait on
   * the embedded database).
   */
  private async rationForeignConflict(e: unknown): Promise<never> {
    if (e instanceof ForeignIdCardTaken) await this.ration.spend(RequestContext.actor());
    throw e;
  }

  private async save(tx: ScopedTx, member: MemberEntity): Promise<void> {
    try {
      await tx.save(member);
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') {
        throw new AppError('MEMBER_ID_CARD_TAKEN');
      }
      throw e;
    }
  }

  /** The audit entry of a change to `member` (`before` null for a new one), filed under its org. */
  private async recordChange(
    tx: ScopedTx,
    action: string,
    member: MemberEntity,
    before: Record<string, unknown> | null,
    org?: OrgEntity,
  ): Promise<void> {
    await this.audit.record(tx, {
      action,
      entityType: 'member',
      entityId: member.id,
      ...(before ? { before } : {}),
      after: auditShape(member),
      orgPath: (org ?? (await tx.byId('org', member.orgId))).path,
    });
  }
}
