import { Injectable } from '@nestjs/common';
import { decideInitiation, parseIdCardNumber, schoolOf } from '@zhtj/domain';
import type { OrgFacts, TransferFacts, TransferTarget } from '@zhtj/domain';
import { AppError, Clock, Coalescer, RequestContext, assertAllowed, domainActor, notFound, togetherOrEachAlone } from '@zhtj/api/core';
import { AuditService, IdLookupRation, ScopedDb, isUuid } from '@zhtj/api/db';
import type { Actor } from '@zhtj/api/core';
import type { AuditInput, ScopedTx, UnscopedReader } from '@zhtj/api/db';
import { MemberEntity } from '@zhtj/api/members';
import { orgFactsAndChain, orgFactsByIds } from '@zhtj/api/orgs';
import type { OrgEntity } from '@zhtj/api/orgs';
import type { BulkInitiateResult } from '@zhtj/shared/contract';
import { groupCommitSize } from '@zhtj/api/telemetry';
import { TransferEntity } from './transfer.entity';
import { BATCH_APPROVE_MAX } from './dto';
import type { BulkInitiateDto, CreateTransferDto } from './dto';
import { APPROVAL_RUNS_IN_FLIGHT, groupKey } from './group-commit';
import { type TransferView, pendingTransferFacts, pendingTransferFactsOf, transferView } from './transfer-view';

interface QueuedInitiation {
  dto: CreateTransferDto;
  actor: Actor;
}

/**
 * Both sides find a new request in their audit log — the receiving side of a pull without the
 * member's org (§5: it learns nothing of the member's side before the outgoing side approves).
 */
function initiationEntries(t: TransferEntity, orgs: Map<string, OrgFacts>): AuditInput[] {
  const entry = (orgPath: readonly string[], after: Record<string, unknown>): AuditInput => ({
    action: 'transfer.initiate',
    entityType: 'transfer',
    entityId: t.id,
    after,
    orgPath: [...orgPath],
  });
  const entries = [entry(orgs.get(t.fromOrgId as string)?.path ?? [], { ...t })];
  if (t.toOrgId) {
    const { fromOrgId: _id, fromOrgName: _name, ...blind } = t;
    entries.push(entry(orgs.get(t.toOrgId)?.path ?? [], t.initiatorSide === 'receiving' ? blind : { ...t }));
  }
  return entries;
}

/** §2.5: the written retention request is kept with an `abroad_study` transfer (contact at home, phone). */
function initiationRecord(dto: Pick<CreateTransferDto, 'type' | 'abroadRequest'>, _to: OrgFacts | null): Partial<TransferEntity> {
  const abroad = dto.type === 'abroad_study' ? dto.abroadRequest : undefined;
  return { abroadContactName: abroad?.domesticContactName ?? null, abroadContactPhone: abroad?.domesticContactPhone ?? null };
}
/**
 * 发起转接 (DOMAIN.md §5, Q21): by the member, the outgoing or the receiving side, one at a time,
 * for a class at once, or together with other callers' (group commit). Every decision is a
 * `libs/domain` rule (`decideInitiation`); this service loads the facts.
 */
@Injectable()
export class TransferInitiationService {
  /** Initiations waiting together, per province (`initiateTogether`); one member per run. */
  private readonly initiations = new Coalescer<QueuedInitiation, TransferView>(
    (_key, items) =>
      togetherOrEachAlone(
        items,
        (xs) => this.initiateTogether(xs),
        (x) => RequestContext.runAs(x.actor, () => this.initiateAlone(x.dto)),
      ),
    {
      maxBatch: BATCH_APPROVE_MAX,
      maxInFlight: APPROVAL_RUNS_IN_FLIGHT,
      maxInFlightPerKey: 1,
      distinct: (x) => x.dto.memberId ?? '',
      onRun: (_key, size) => groupCommitSize.observe({ kind: 'initiation' }, size),
    },
  );

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ration: IdLookupRation,
  ) {}

  /**
   * 发起转接 (§5, Q21). Initiations naming members by id from callers of one province that arrive
   * while an earlier one is being written are made together in one transaction (group commit,
   * `initiations`), each answered as if alone; one naming the member by ID number and name runs on
   * its own.
   */
  async initiate(dto: CreateTransferDto): Promise<TransferView> {
    if (!dto.toOrgId === !dto.external) throw new AppError('TRANSFER_TARGET_REQUIRED');
    if (!dto.memberId === !dto.member) throw new AppError('TRANSFER_MEMBER_REQUIRED');
    if (!dto.memberId) return this.initiateByIdentity(dto);
    const actor = RequestContext.actor();
    return this.initiations.submit(groupKey(actor), { dto, actor });
  }

  /**
   * §5: a member named by ID number and full name. Rationed per org subtree and day
   * (`IdLookupRation`): once the ration is spent every such request is refused alike, and every
   * answer but a created transfer — a wrong name, a number nobody holds, a refusal that shows the
   * pair exists — draws on it. The transaction has ended before the ration is counted.
   */
  private async initiateByIdentity(dto: CreateTransferDto): Promise<TransferView> {
    const actor = RequestContext.actor();
    await this.ration.assertLeft(actor);
    try {
      return await this.initiateAlone(dto);
    } catch (e) {
      await this.ration.spend(actor);
      throw e;
    }
  }

  /**
   * 发起转接 for a class (issue 23): one type and destination for up to 100 members by id, each
   * decided as its own initiation would be (§5, Q21, §3) and answered per member — made together in
   * one transaction (`initiateTogether`), or each alone if that fails as a whole.
   */
  async initiateMany(dto: BulkInitiateDto): Promise<BulkInitiateResult> {
    if (!dto.toOrgId === !dto.external) throw new AppError('TRANSFER_TARGET_REQUIRED');
    const actor = RequestContext.actor();
    const items: QueuedInitiation[] = dto.memberIds.map((memberId) => ({
      actor,
      dto: {
        memberId,
        type: dto.type,
        ...(dto.toOrgId ? { toOrgId: dto.toOrgId } : {}),
        ...(dto.external ? { external: dto.external } : {}),
        ...(dto.note ? { note: dto.note } : {}),
      },
    }));
    const outcomes = await togetherOrEachAlone(
      items,
      (xs) => this.initiateTogether(xs),
      (x) => this.initiateAlone(x.dto),
    );
    const created: TransferView[] = [];
    const refused: BulkInitiateResult['refused'] = [];
    outcomes.forEach((o, i) => {
      if (o instanceof AppError) {
        const body = o.getResponse() as { code: string; message: string; messageEn: string };
        refused.push({ memberId: dto.memberIds[i] as string, code: body.code, message: body.message, messageEn: body.messageEn });
      } else if (o instanceof Error) throw o;
      else created.push(o);
    });
    return { created, refused };
  }

  private initiateAlone(dto: CreateTransferDto): Promise<TransferView> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      // The receiving side may initiate for a member it cannot otherwise see (Q21), naming it by ID
      // number and full name (§5): read unscoped, then answer 404 unless the caller is on a side.
      const member = await this.memberToTransfer(tx.unscoped('transfers.initiate'), dto);
      if (!member) throw notFound();
      // §1: with the parents' levels, so a mobile branch's tier is read from its committee; the
      // member's org's ancestors for its school (§6) — one query.
      const { facts: orgs, chain } = await orgFactsAndChain(
        tx.unscoped('transfers.routing'),
        [member.orgId, ...(dto.toOrgId ? [dto.toOrgId] : [])],
        member.orgId,
      );
      const t = this.newTransfer(
        tx,
        dto,
        member,
        orgs,
        chain,
        await pendingTransferFacts(tx.unscoped('transfers.open-transfer'), member.id),
        now,
      );
      await tx.save(t);
      await this.audit.recordMany(tx, initiationEntries(t, orgs));
      return this.initiatedView(t, member, orgs, now);
    });
  }

  /**
   * Initiations waiting together (callers of one province, members by id), in one transaction: the
   * members locked in id order, their orgs with their ancestors, their pending transfers — one
   * statement each — then each decided as alone for its own caller (`newTransfer`), the accepted
   * ones inserted with one statement and their audit entries with one more.
   */
  private async initiateTogether(items: readonly QueuedInitiation[]): Promise<(TransferView | AppError)[]> {
    const now = this.clock.now();
    const dtos = items.map((x) => x.dto);
    return this.db.transaction(async (tx) => {
      const ids = dtos.map((d) => d.memberId as string).filter(isUuid);
      const members = new Map(
        (
          await tx
            .unscoped('transfers.initiate')
            .createQueryBuilder(MemberEntity, 'mb')
            .setLock('pessimistic_write')
            .where('mb.id = ANY(CAST(:ids AS uuid[]))', { ids })
            .orderBy('mb.id')
            .getMany()
        ).map((x) => [x.id, x]),
      );
      // The members' orgs and the targets, then the members' orgs' ancestors (their schools, §6).
      const orgs = await orgFactsByIds(tx.unscoped('transfers.routing'), [
        ...[...members.values()].map((x) => x.orgId),
        ...dtos.flatMap((d) => (d.toOrgId ? [d.toOrgId] : [])),
      ]);
      const ancestors = await orgFactsByIds(tx.unscoped('transfers.routing'), [
        ...new Set([...members.values()].flatMap((x) => orgs.get(x.orgId)?.path ?? [])),
      ]);
      const pending = await pendingTransferFactsOf(tx.unscoped('transfers.open-transfer'), [...members.keys()]);
      // Each decided for its own caller (the rules read the caller from the request context).
      const outcomes: (TransferEntity | AppError)[] = items.map(({ dto, actor }) =>
        RequestContext.runAs(actor, () => {
          try {
            const member = dto.memberId ? members.get(dto.memberId) : undefined;
            if (!member) throw notFound();
            const chain = (orgs.get(member.orgId)?.path ?? []).flatMap((id) => ancestors.get(id) ?? []);
            return this.newTransfer(tx, dto, member, orgs, chain, pending.get(member.id) ?? [], now);
          } catch (e) {
            if (e instanceof AppError) return e;
            throw e;
          }
        }),
      );
      const created = outcomes.flatMap((o, i) => (o instanceof TransferEntity ? [{ t: o, actor: items[i].actor }] : []));
      if (created.length) {
        await tx.save(created.map((x) => x.t));
        await this.audit.recordMany(
          tx,
          created.flatMap(({ t, actor }) => initiationEntries(t, orgs).map((e) => ({ ...e, actor }))),
        );
      }
      return outcomes.map((o, i) =>
        o instanceof TransferEntity
          ? RequestContext.runAs(items[i].actor, () => this.initiatedView(o, members.get(o.memberId) as MemberEntity, orgs, now))
          : o,
      );
    });
  }

  /**
   * The rules of an initiation on its loaded facts (§5, Q21): the caller on a side, the member
   * active, `decideInitiation` on the route and the member's pending transfers. Throws the refusal;
   * returns the new transfer, not yet saved.
   */
  private newTransfer(
    tx: ScopedTx,
    dto: CreateTransferDto,
    member: MemberEntity,
    orgs: Map<string, OrgEntity & OrgFacts>,
    chain: readonly OrgEntity[],
    pending: TransferFacts[],
    now: Date,
  ): TransferEntity {
    const actorCtx = RequestContext.actor();
    const from = orgs.get(member.orgId);
    if (!from) throw notFound();
    const toOrg = dto.toOrgId ? (orgs.get(dto.toOrgId) ?? null) : null;
    if (dto.toOrgId && !toOrg) throw notFound();
    // A member initiates only for themself; anyone else's id is simply not found. By id only whoever
    // sees the member (the member, the outgoing side); the receiving side by ID number and name (§5).
    const onASide =
      actorCtx.role === 'member'
        ? actorCtx.memberId === member.id
        : from.path.includes(actorCtx.orgId) || (dto.member !== undefined && (toOrg?.path.includes(actorCtx.orgId) ?? false));
    if (!onASide) throw notFound();
    // §5: a receiving side that named the member by ID number and name learns nothing more of
    // them before the outgoing side agrees — one who left answers like a number nobody holds.
    const blind = dto.member !== undefined && actorCtx.role !== 'member' && !from.path.includes(actorCtx.orgId);
    if (member.status === 'left') throw blind ? notFound() : new AppError('MEMBER_ALREADY_LEFT');
    const to: TransferTarget = toOrg ?? {
      external: true,
      provinceCode: dto.external?.provinceCode ?? '',
      orgFullName: dto.external?.orgFullName ?? '',
    };
    const decision = decideInitiation({
      actor: domainActor(actorCtx),
      member: { id: member.id, birthDate: member.birthDate, holdsLeaguePost: Boolean(member.leaguePost) },
      type: dto.type,
      from,
      to,
      now,
      transfers: pending,
      options: {
        fromSchoolId: schoolOf([...chain])?.id ?? member.schoolOrgId,
        abroadRequest: dto.abroadRequest ?? null,
        graduationDate: member.graduationDate,
      },
    });
    // Q21 names who initiated the open transfer — not to a receiving side that does not see the member (§5).
    if (blind && !decision.ok && decision.code === 'TRANSFER_ALREADY_OPEN') {
      throw new AppError('TRANSFER_ALREADY_OPEN', {
        message: '该团员已有一条待审核的组织关系转接，请等待审批结果',
        messageEn: 'This member already has an open transfer; wait for its review',
      });
    }
    assertAllowed(decision);
    return tx.create(TransferEntity, {
      memberId: member.id,
      type: dto.type,
      status: 'pending',
      fromOrgId: from.id,
      fromOrgName: from.name,
      toOrgId: toOrg?.id ?? null,
      toOrgName: toOrg?.name ?? null,
      externalProvinceCode: dto.external ? dto.external.provinceCode.slice(0, 2) + '0000' : null,
      externalOrgName: dto.external?.orgFullName ?? null,
      initiatedBy: actorCtx.userId,
      initiatorRole: actorCtx.role,
      initiatorSide: decision.ok ? decision.side : null,
      initiatedAt: now,
      decidedBy: null,
      decidedAt: null,
      reason: null,
      note: dto.note ?? null,
      ...initiationRecord(dto, toOrg),
    });
  }

  /** The answer from what was read and written (a new transfer has no decider or reminders). */
  private initiatedView(t: TransferEntity, member: MemberEntity, orgs: Map<string, OrgEntity & OrgFacts>, now: Date): TransferView {
    const toName = t.toOrgId ? (orgs.get(t.toOrgId)?.name ?? null) : null;
    return transferView(
      t,
      { member_name: member.name, from_name: t.fromOrgName, to_name: toName, initiator_username: RequestContext.actor().username },
      now,
    );
  }

  /** §5: the member by id, or by ID number and full name (both must match); locked for the initiation. */
  private async memberToTransfer(m: UnscopedReader, dto: CreateTransferDto): Promise<MemberEntity | null> {
    const qb = m.createQueryBuilder(MemberEntity, 'mb').setLock('pessimistic_write');
    if (dto.memberId) return qb.where('mb.id = :id', { id: dto.memberId }).getOne();
    const id = parseIdCardNumber(dto.member?.idCardNumber ?? '');
    if (!id.ok) throw notFound();
    const found = await qb.where('mb.idCardNumber = :id', { id: id.normalized }).getOne();
    return found && found.name.trim() === (dto.member?.name ?? '').trim() ? found : null;
  }
}
