import { Injectable } from '@nestjs/common';
import { canReviewTransfer, canSeeTransferContacts, maskIdCardNumber, transferActions } from '@zhtj/domain';
import { Clock, Page, RequestContext, domainActor } from '@zhtj/api/core';
import { ScopedDb } from '@zhtj/api/db';
import { UserEntity } from '@zhtj/api/auth';
import { MemberEntity } from '@zhtj/api/members';
import { OrgEntity } from '@zhtj/api/orgs';
import type { TransferDetail } from '@zhtj/shared/contract';
import { TransferEntity } from './transfer.entity';
import { needsBranchAssignment } from './branch-assignment';
import type { TransferListQuery } from './dto';
import { type Names, type TransferView, facts, loadTransfer, originVisible, transferView, withContexts, withNames } from './transfer-view';

/**
 * Reading transfers (§5): the boxes of 转接管理, the approval view (Q16) and a member's history
 * (Q21), each in the caller's scope.
 */
@Injectable()
export class TransferReadingService {
  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
  ) {}

  /** 转接管理's boxes (incoming, outgoing, decide, mine, returned), filtered and paged, newest first. */
  async list(q: TransferListQuery): Promise<Page<TransferView>> {
    const actor = RequestContext.actor();
    const qb = withNames(this.db.query('transfer', 't'));
    const inScope = `(SELECT so.id FROM org so WHERE so.path @> ARRAY[:boxOrg]::uuid[])`;
    if (q.box === 'incoming') qb.andWhere(`t.toOrgId IN ${inScope}`, { boxOrg: actor.orgId });
    if (q.box === 'outgoing') qb.andWhere(`t.fromOrgId IN ${inScope}`, { boxOrg: actor.orgId });
    // §5 two-party consent: pending transfers the caller's side decides — sent to its subtree, or
    // pulled from it — that the caller did not initiate itself (待我审核).
    if (q.box === 'decide') {
      if (actor.role === 'member') qb.andWhere('1 = 0');
      qb.andWhere(`t.status = 'pending' AND t.externalOrgName IS NULL AND t.initiatedBy <> :me`, { me: actor.userId });
      qb.andWhere(
        `((t.initiatorSide IS DISTINCT FROM 'receiving' AND t.toOrgId IN ${inScope}) OR (t.initiatorSide = 'receiving' AND t.fromOrgId IN ${inScope}))`,
        { boxOrg: actor.orgId },
      );
    }
    if (q.box === 'mine') {
      if (actor.memberId) qb.andWhere('t.memberId = :me', { me: actor.memberId });
      else qb.andWhere('t.initiatedBy = :me', { me: actor.userId });
    }
    // Returned to the caller (Q15, Q20, §3.2.3) and neither sent again (no newer transfer of the
    // member) nor closed: the caller's own requests, or a member's own transfers.
    if (q.box === 'returned') {
      qb.andWhere(`t.status IN ('rejected', 'expired') AND t.returnClosedAt IS NULL`);
      qb.andWhere(actor.memberId ? 't.memberId = :me' : 't.initiatedBy = :me', { me: actor.memberId ?? actor.userId });
      qb.andWhere(
        'NOT EXISTS (SELECT 1 FROM transfer nt WHERE nt.member_id = t.member_id AND nt.initiated_at >= t.initiated_at AND nt.id <> t.id)',
      );
    }
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.type) qb.andWhere('t.type = :type', { type: q.type });
    // The member's name by prefix, as the member list finds it (the range for the index, LIKE to confirm).
    if (q.q) {
      qb.andWhere(`tm.name >= :nameFrom AND tm.name < :nameTo AND tm.name LIKE :namePrefix ESCAPE '\\'`, {
        nameFrom: q.q,
        nameTo: `${q.q}\u{10FFFF}`,
        namePrefix: `${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .orderBy('t.initiatedAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getRawAndEntities<Names>();
    const now = this.clock.now();
    return {
      items: await withContexts(
        this.db.unscoped('orgs.ancestors'),
        entities.map((t, i) => ({ view: transferView(t, raw[i] as Names, now), n: raw[i] as Names })),
      ),
      total,
    };
  }

  /** The approval view (Q16): the member's basic info and contacts, both orgs and their admins. */
  async detail(id: string): Promise<TransferDetail> {
    const { t, n } = await loadTransfer(id, this.db, false);
    const view = this.db.unscoped('transfers.approval-view');
    const member = await view.findOneByOrFail(MemberEntity, { id: t.memberId });
    const current = await view.findOneByOrFail(OrgEntity, { id: member.orgId });
    // §5, Q16: while pending, the member, the outgoing side and those who decide see the contacts —
    // not a receiving-side initiator; afterwards whoever has the member in scope.
    const actor = domainActor(RequestContext.actor());
    const showMember = canSeeTransferContacts(actor, facts(t, n), current.path);
    const admins = async (orgId: string | null) =>
      orgId
        ? (await view.find(UserEntity, { where: { orgId }, order: { username: 'ASC' } })).map((u) => ({
            id: u.id,
            username: u.username,
            role: u.role,
            contactName: u.contactName,
            contactPhone: u.contactPhone,
          }))
        : [];
    // The abroad request's domestic phone (§2.5) whole only for those who may decide the transfer now.
    const mayDecide = canReviewTransfer(actor, facts(t, n), 'approve', this.clock.now()).ok;
    const [withContext] = await withContexts(this.db.unscoped('orgs.ancestors'), [
      { view: transferView(t, n, this.clock.now(), mayDecide), n },
    ]);
    return {
      ...(withContext as TransferView),
      member: showMember
        ? {
            id: member.id,
            name: member.name,
            gender: member.gender,
            birthDate: member.birthDate,
            idCardNumber: maskIdCardNumber(member.idCardNumber),
            phone: member.phone,
            emergencyContact: member.emergencyContact,
            partyMember: member.partyMember,
            currentOrgId: current.id,
            currentOrgName: current.name,
          }
        : null,
      // §5: the receiving side of a pull learns nothing of the member's side before it approves.
      fromOrgAdmins: originVisible(t, n.from_path) ? await admins(t.fromOrgId) : [],
      toOrgAdmins: await admins(t.toOrgId),
      assignBranch: await needsBranchAssignment(this.db.unscoped('transfers.routing'), t),
      actions: transferActions(actor, facts(t, n), n.last_reminded_at ?? null, this.clock.now()),
    };
  }

  /** 我的组织关系转接历史 (Q21): every transfer of a member in scope, newest first. */
  async history(memberId: string): Promise<Page<TransferView>> {
    const member = await this.db.byId('member', memberId);
    const { entities, raw } = await withNames(this.db.unscoped('transfers.history').createQueryBuilder(TransferEntity, 't'))
      .where('t.memberId = :id', { id: member.id })
      .orderBy('t.initiatedAt', 'DESC')
      .getRawAndEntities<Names>();
    const now = this.clock.now();
    const items = await withContexts(
      this.db.unscoped('orgs.ancestors'),
      entities.map((t, i) => ({ view: transferView(t, raw[i] as Names, now), n: raw[i] as Names })),
    );
    return { items, total: entities.length };
  }
}
