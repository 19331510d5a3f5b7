import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DataScope, SCOPE_RULES, ScopedEntityName } from './data-scope';

type EntityOf<N extends ScopedEntityName> = InstanceType<(typeof SCOPE_RULES)[N]['entity']>;

/**
 * One scoped entity's repository: every read and lock goes through the entity's one rule in
 * `SCOPE_RULES` (chosen by the domain's `dataScopeOf`). What bypasses the caller's scope says so
 * in its name (`…Unscoped`), so a reviewer finds every bypass with one search.
 */
export class ScopedRepository<N extends ScopedEntityName> {
  constructor(
    private readonly name: N,
    private readonly ds: DataSource,
    private readonly scope: DataScope,
  ) {}

  /** A query builder with the caller's scope applied (in `manager`'s transaction when given). */
  query(alias: string, manager?: EntityManager): SelectQueryBuilder<EntityOf<N>> {
    return this.scope.query(this.name, alias, manager);
  }

  /** One object in the caller's scope, or 404. `lock` takes a row lock inside a transaction. */
  byId(id: string, manager?: EntityManager, lock = false): Promise<EntityOf<N>> {
    return this.scope.byId(this.name, id, manager, lock);
  }

  /** A query builder over the whole table: for rules that must look past the caller's scope. */
  queryUnscoped(alias: string, manager?: EntityManager): SelectQueryBuilder<EntityOf<N>> {
    return (manager ?? this.ds.manager).createQueryBuilder(SCOPE_RULES[this.name].entity as never, alias) as SelectQueryBuilder<EntityOf<N>>;
  }

  /** One object by id whatever the caller's scope, or null. */
  byIdUnscoped(id: string, manager?: EntityManager): Promise<EntityOf<N> | null> {
    return this.queryUnscoped('x', manager).andWhere('x.id = :id', { id }).getOne();
  }
}

/**
 * Where feature services reach the database (issue 10, "make scope structural"): a scoped
 * repository per entity, transactions, and the named bypasses. Feature services and controllers
 * may not inject `DataSource` (lint, eslint.config.mjs); this is the one place that does.
 */
@Injectable()
export class ScopedDb {
  readonly org: ScopedRepository<'org'>;
  readonly member: ScopedRepository<'member'>;
  readonly user: ScopedRepository<'user'>;
  readonly transfer: ScopedRepository<'transfer'>;
  readonly abroadReport: ScopedRepository<'abroad_report'>;
  readonly audit: ScopedRepository<'audit'>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    readonly scope: DataScope,
  ) {
    this.org = new ScopedRepository('org', ds, scope);
    this.member = new ScopedRepository('member', ds, scope);
    this.user = new ScopedRepository('user', ds, scope);
    this.transfer = new ScopedRepository('transfer', ds, scope);
    this.abroadReport = new ScopedRepository('abroad_report', ds, scope);
    this.audit = new ScopedRepository('audit', ds, scope);
  }

  /** Runs `work` in one transaction; its manager is passed to the repositories and to `AuditService.record`. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /**
   * Runs `work` on one connection of its own, outside a transaction, and gives the connection back
   * after: for what must span several statements of one session without holding a transaction
   * open (the member export's cursor WITH HOLD). Scope is the statements' own, as everywhere.
   */
  async session<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }

  /** The manager outside any transaction and scope (reference data, the caller's own row, rules that look past scope). */
  get managerUnscoped(): EntityManager {
    return this.ds.manager;
  }

  /** Raw SQL outside the caller's scope: the statement must apply its own filter (say which in a comment). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows, typed by the caller (as DataSource.query's own default)
  queryUnscoped<T = any>(sql: string, params?: unknown[]): Promise<T> {
    return this.ds.query(sql, params) as Promise<T>;
  }

  /** Applies `name`'s scope rule to a query builder over another entity joined to it. */
  applyScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, name: ScopedEntityName, alias: string): SelectQueryBuilder<T> {
    return this.scope.apply(qb, name, alias);
  }
}
