import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { dataScopeOf, isInRegion } from '@zhtj/domain';
import { Actor, RequestContext, forbidden, notFound } from '@zhtj/api/core';
import { AbroadReportEntity, AuditEntity, MemberEntity, OrgEntity, RegionEntity, ResetCodeEntity, TransferEntity, TransferReminderEntity, UserEntity } from './entities';

type Condition = { sql: string; params: Record<string, unknown> };

const ORGS_IN_SCOPE = `(SELECT scope_org.id FROM org scope_org WHERE scope_org.path @> ARRAY[:scopeOrgId]::uuid[])`;

/**
 * Data scope (STYLE.md): every scoped entity has exactly one rule here, and every read by id,
 * list, update and delete goes through it (`ScopedDb`, `ScopedTx`); the named exceptions are in
 * `unscoped-reads.ts`, the region rule of the indicators is `REGION_SCOPE` below. An admin sees its org's subtree; a member
 * sees itself and its own org. Objects outside scope are 404.
 */
export const SCOPE_RULES = {
  org: {
    entity: OrgEntity,
    admin: (a: string): string => `${a}.path @> ARRAY[:scopeOrgId]::uuid[]`,
    member: (a: string): string => `${a}.id = :scopeOrgId`,
  },
  member: {
    entity: MemberEntity,
    admin: (a: string): string => `${a}.orgId IN ${ORGS_IN_SCOPE}`,
    member: (a: string): string => `${a}.id = :scopeMemberId`,
  },
  user: {
    entity: UserEntity,
    // Correlated (one primary-key probe per row), not `IN (subtree) OR IN (subtree)`: an OR of two
    // subtrees is planned as two hashed sets of every org in scope — 170 ms a read for a national
    // admin at scale 0.05, 0.3 ms this way (docs/scaling.md).
    admin: (a: string): string =>
      `EXISTS (SELECT 1 FROM org scope_org WHERE scope_org.id = COALESCE(${a}.orgId, (SELECT scope_member.org_id FROM member scope_member WHERE scope_member.id = ${a}.memberId)) AND scope_org.path @> ARRAY[:scopeOrgId]::uuid[])`,
    member: (a: string): string => `${a}.memberId = :scopeMemberId`,
  },
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
  audit: {
    entity: AuditEntity,
    admin: (a: string): string => `${a}.orgPath @> ARRAY[:scopeOrgId]::uuid[]`,
    member: (): string => `1 = 0`,
  },
} as const;

export type ScopedEntityName = keyof typeof SCOPE_RULES;

/**
 * Region scope (§6, the indicators): SX / XS / DW and the graduates behind them are read by GB/T
 * 2260 region, not by org subtree — from the facts and counters the database keeps (`tables`). An
 * admin reads its own org's region and the regions inside it (`orgRegion`, read by the auth guard
 * for this request); a member reads none (403). Outside: 404. Applied by `ScopedDb.region`.
 */
export const REGION_SCOPE = {
  tables: ['graduate_cohort', 'metric_count', 'metric_day', 'metric_school'] as const,
  check(actor: Actor, region: string): void {
    if (actor.role === 'member') throw forbidden();
    if (!isInRegion(region, actor.orgRegion)) throw notFound();
  },
};
type EntityOf<N extends ScopedEntityName> = InstanceType<(typeof SCOPE_RULES)[N]['entity']>;

/** Entities deliberately not scoped, with the reason. Everything else must be in SCOPE_RULES. */
export const UNSCOPED_ENTITIES = new Map<unknown, string>([
  [RegionEntity, 'GB/T 2260 reference data, public to every signed-in user'],
  [ResetCodeEntity, 'never read through the API; created for a user that passed the user scope'],
  [TransferReminderEntity, 'read and written only through its transfer, loaded in scope first (scope rule `transfer`)'],
]);

/** The one rule for `name`, chosen by the domain's `dataScopeOf` (an admin's subtree, a member's self). */
export function scopeCondition(name: ScopedEntityName, alias: string, actor: Actor): Condition {
  const rule = SCOPE_RULES[name];
  const scope = dataScopeOf({ role: actor.role, orgId: actor.orgId, memberId: actor.memberId ?? undefined });
  const sql = scope.kind === 'subtree' ? rule.admin(alias) : scope.kind === 'self' ? rule.member(alias) : '1 = 0';
  return { sql, params: { scopeOrgId: actor.orgId, scopeMemberId: actor.memberId } };
}

@Injectable()
export class DataScope {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  actor(): Actor {
    return RequestContext.actor();
  }

  /** A query builder over `name` with the caller's scope already applied. */
  query<N extends ScopedEntityName>(name: N, alias: string, manager?: EntityManager): SelectQueryBuilder<EntityOf<N>> {
    const m = manager ?? this.ds.manager;
    const qb = m.createQueryBuilder(SCOPE_RULES[name].entity as never, alias) as SelectQueryBuilder<EntityOf<N>>;
    return this.apply(qb, name, alias);
  }

  apply<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, name: ScopedEntityName, alias: string): SelectQueryBuilder<T> {
    const c = scopeCondition(name, alias, this.actor());
    return qb.andWhere(c.sql, c.params);
  }

  /** Reads one object by id within scope, or answers 404. `lock` takes a row lock in a transaction. */
  async byId<N extends ScopedEntityName>(name: N, id: string, manager?: EntityManager, lock = false): Promise<EntityOf<N>> {
    if (!isUuid(id)) throw notFound();
    const qb = this.query(name, 'x', manager).andWhere('x.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) throw notFound();
    return row;
  }
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
