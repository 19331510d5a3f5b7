import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page } from '@zhtj/api/core';
import { DataScope, TransferEntity } from '@zhtj/api/db';
import type { TransferHistoryItem } from '@zhtj/shared/contract';

export type TransferView = TransferHistoryItem;

interface Row {
  from_name: string | null;
  to_name: string | null;
  initiator_username: string | null;
}

export function transferView(t: TransferEntity, names: Row): TransferView {
  return {
    id: t.id,
    memberId: t.memberId,
    type: t.type,
    status: t.status,
    fromOrgId: t.fromOrgId,
    fromOrgName: names.from_name,
    toOrgId: t.toOrgId,
    toOrgName: names.to_name,
    external: t.externalOrgName ? { provinceCode: t.externalProvinceCode ?? '', orgFullName: t.externalOrgName } : null,
    initiatedBy: t.initiatedBy,
    initiatorUsername: names.initiator_username,
    initiatorRole: t.initiatorRole,
    initiatedAt: t.initiatedAt.toISOString(),
    decidedAt: t.decidedAt ? t.decidedAt.toISOString() : null,
    reason: t.reason,
    note: t.note,
  };
}

@Injectable()
export class TransfersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly scope: DataScope,
  ) {}

  /** 我的组织关系转接历史 (Q21): every transfer of a member in scope, newest first. */
  async history(memberId: string): Promise<Page<TransferView>> {
    const member = await this.scope.byId('member', memberId);
    const { entities, raw } = await this.ds.manager
      .createQueryBuilder(TransferEntity, 't')
      .leftJoin('org', 'fo', 'fo.id = t.from_org_id')
      .leftJoin('org', 'tor', 'tor.id = t.to_org_id')
      .leftJoin('app_user', 'iu', 'iu.id = t.initiated_by')
      .addSelect(['fo.name AS from_name', 'tor.name AS to_name', 'iu.username AS initiator_username'])
      .where('t.memberId = :id', { id: member.id })
      .orderBy('t.initiatedAt', 'DESC')
      .getRawAndEntities<Row>();
    return { items: entities.map((t, i) => transferView(t, raw[i] as Row)), total: entities.length };
  }
}
