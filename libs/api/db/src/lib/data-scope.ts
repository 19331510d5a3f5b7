import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { dataScopeOf, isInRegion } from '@zhtj/domain';
import { Actor, RequestContext, forbidden, notFound } from '@zhtj/api/core';
import { PERSISTENCE } from './persistence';
import type { Persistence, ScopeRule, ScopedEntities, ScopedEntityName } from './persistence';

type Condition = { sql: string; params: Record<string, unknown> };

/** The orgs of the caller's subtree, for a rule that reaches its table's org through another table. */
export const ORGS_IN_SCOPE = `(SELECT scope_org.id FROM org scope_org WHERE scope_org.path @> ARRAY[:scopeOrgId]::uuid[])`;

/*
 * Data scope (STYLE.md): every scoped entity has exactly one rule, registered by the context that
 * owns it (its `persistence.ts`, a `ContextPersistence`), and every read by id, list, update and
 * delete goes through it (`ScopedDb`, `ScopedTx`); the named exceptions are in
 * `unscoped-reads.ts`, the region rule of the indicators is `REGION_SCOPE` below. An admin sees
 * its org's subtree; a member sees itself and its own org. Objects outside scope are 404.
 */

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

/** The one rule's condition, chosen by the domain's `dataScopeOf` (an admin's subtree, a member's self). */
export function scopeCondition(rule: ScopeRule, alias: string, actor: Actor): Condition {
  const scope = dataScopeOf({ role: actor.role, orgId: actor.orgId, memberId: actor.memberId ?? undefined });
  const sql = scope.kind === 'subtree' ? rule.admin(alias) : scope.kind === 'self' ? rule.member(alias) : '1 = 0';
  return { sql, params: { scopeOrgId: actor.orgId, scopeMemberId: actor.memberId } };
}

@Injectable()
export class DataScope {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
  ) {}

  actor(): Actor {
    return RequestContext.actor();
  }

  /** A query builder over `name` with the caller's scope already applied. */
  query<N extends ScopedEntityName>(name: N, alias: string, manager?: EntityManager): SelectQueryBuilder<ScopedEntities[N]> {
    const m = manager ?? this.ds.manager;
    const qb = m.createQueryBuilder(this.rule(name).entity, alias) as unknown as SelectQueryBuilder<ScopedEntities[N]>;
    return this.apply(qb, name, alias);
  }

  apply<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, name: ScopedEntityName, alias: string): SelectQueryBuilder<T> {
    const c = scopeCondition(this.rule(name), alias, this.actor());
    return qb.andWhere(c.sql, c.params);
  }

  private rule(name: ScopedEntityName): ScopeRule {
    const rule = this.persistence.scopeRules[name] as ScopeRule | undefined;
    if (!rule) throw new Error(`No scope rule is named '${name}'`);
    return rule;
  }

  /** Reads one object by id within scope, or answers 404. `lock` takes a row lock in a transaction. */
  async byId<N extends ScopedEntityName>(name: N, id: string, manager?: EntityManager, lock = false): Promise<ScopedEntities[N]> {
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
