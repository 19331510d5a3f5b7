import { randomBytes } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  InsertQueryBuilder,
  ObjectLiteral,
  QueryRunner,
  SelectQueryBuilder,
  UpdateQueryBuilder,
} from 'typeorm';
import { Clock, RequestContext } from '@zhtj/api/core';
import { DataScope, REGION_SCOPE } from './data-scope';
import type { ScopedEntities, ScopedEntityName } from './persistence';
import { ReadReplicas } from './read-replicas';
import { UnscopedRead } from './unscoped-reads';

type EntityOf<N extends ScopedEntityName> = ScopedEntities[N];

/**
 * What a named exception (`UNSCOPED_READS`) may do: read, past the caller's scope. Typed narrow so
 * a reader handed out for a reason is not used to write; the statement states its own filter.
 */
export type UnscopedReader = Pick<
  EntityManager,
  | 'query'
  | 'createQueryBuilder'
  | 'find'
  | 'findBy'
  | 'findOne'
  | 'findOneBy'
  | 'findOneOrFail'
  | 'findOneByOrFail'
  | 'exists'
  | 'existsBy'
  | 'count'
  | 'countBy'
>;

/**
 * A statement given to `execute` must write: reads go through the scope rules or a named exception.
 * The facts' jobs call the database function that writes them (`SELECT metrics_end_memberships()`).
 */
const WRITES = /\b(INSERT\s+INTO|UPDATE\s+[a-z_"]|DELETE\s+FROM)|^\s*SELECT\s+metrics_end_memberships\(\)/i;
function assertWrites(sql: string): void {
  if (!WRITES.test(sql))
    throw new Error(`execute() runs statements that write; read through the scope rules or ScopedDb.unscoped(key): ${sql.slice(0, 80)}`);
}

/** The transaction's manager, for the helpers of this library (audit entries, jobs); not exported from the library. */
const managers = new WeakMap<ScopedTx, EntityManager>();
export function managerOf(tx: ScopedTx | EntityManager | QueryRunner): EntityManager {
  if (tx instanceof ScopedTx) return managers.get(tx) as EntityManager;
  return 'startTransaction' in tx ? tx.manager : tx;
}

/**
 * One transaction as a feature service sees it (`ScopedDb.transaction`): reads through the scope
 * rules (`byId`, `query`), the named exceptions (`unscoped(key)`), and writes. There is
 * no manager to reach past it.
 */
export class ScopedTx {
  constructor(
    manager: EntityManager,
    private readonly scope: DataScope,
  ) {
    managers.set(this, manager);
  }

  private get m(): EntityManager {
    return managers.get(this) as EntityManager;
  }

  /** One object in the caller's scope, or 404; `lock` takes a row lock (FOR UPDATE). */
  byId<N extends ScopedEntityName>(name: N, id: string, lock = false): Promise<EntityOf<N>> {
    return this.scope.byId(name, id, this.m, lock);
  }

  /** A query builder over `name` in this transaction with the caller's scope applied. */
  query<N extends ScopedEntityName>(name: N, alias: string): SelectQueryBuilder<EntityOf<N>> {
    return this.scope.query(name, alias, this.m);
  }

  /** A reader in this transaction past the caller's scope, for one named exception (`UNSCOPED_READS`). */
  unscoped(_key: UnscopedRead): UnscopedReader {
    return this.m;
  }

  // Writes. Each targets rows read in scope first (or new rows); what they return is what was written.
  create<E extends ObjectLiteral>(target: EntityTarget<E>, plain: DeepPartial<NoInfer<E>>): E {
    return this.m.create(target, plain);
  }

  save<E extends ObjectLiteral>(entity: E): Promise<E>;
  save<E extends ObjectLiteral>(entities: E[]): Promise<E[]>;
  save<E extends ObjectLiteral>(entity: E | E[]): Promise<E | E[]> {
    return this.m.save(entity as E);
  }

  async insert<E extends ObjectLiteral>(target: EntityTarget<E>, values: DeepPartial<E> | DeepPartial<E>[]): Promise<void> {
    await this.m.insert(target, values as never);
  }

  /** A multi-row INSERT builder (for `RETURNING`). */
  insertBuilder(): InsertQueryBuilder<ObjectLiteral> {
    return this.m.createQueryBuilder().insert();
  }

  /** An UPDATE builder (for conditions beyond equality). */
  updateBuilder<E extends ObjectLiteral>(target: EntityTarget<E>): UpdateQueryBuilder<E> {
    return this.m.createQueryBuilder().update(target);
  }

  async update<E extends ObjectLiteral>(
    target: EntityTarget<E>,
    criteria: string | FindOptionsWhere<E>,
    values: DeepPartial<E>,
  ): Promise<void> {
    await this.m.update(target, criteria as never, values as never);
  }

  async delete<E extends ObjectLiteral>(target: EntityTarget<E>, criteria: string | FindOptionsWhere<E>): Promise<void> {
    await this.m.delete(target, criteria as never);
  }

  /** A raw statement that writes (INSERT / UPDATE / DELETE, with its own filter); refuses one that only reads. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows, typed by the caller (as EntityManager.query's own default)
  execute<T = any>(sql: string, params?: unknown[]): Promise<T> {
    assertWrites(sql);
    return this.m.query(sql, params) as Promise<T>;
  }
}

/** The SX/XS/DW reads of one region, after `REGION_SCOPE` let the caller in (`ScopedDb.region`). */
export interface RegionReader {
  readonly region: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows, typed by the caller
  query<T = any>(sql: string, params?: unknown[]): Promise<T>;
}

/**
 * The reads that tolerate a few seconds of lag (docs/scaling.md, "Reads that go to replicas"):
 * the same scope rules and named exceptions as `ScopedDb`'s own, answered by a hot standby within
 * `REPLICA_MAX_LAG_MS` when there is one and the request only reads, else by the primary
 * (`ReadReplicas`). For what a user may see a few seconds old: the indicators, exports, the org
 * directory, the member list's pages — never what a decision or a write reads.
 */
export interface LagTolerantReads {
  /** A query builder over `name` with the caller's scope applied. */
  query<N extends ScopedEntityName>(name: N, alias: string): SelectQueryBuilder<EntityOf<N>>;
  /** A reader past the caller's scope, for one named exception (`UNSCOPED_READS`). */
  unscoped(key: UnscopedRead): UnscopedReader;
}

/**
 * Where feature services reach the database (issue 21, "scope by construction"): reads through
 * the scope rules (each context's, by org subtree; `REGION_SCOPE` by region), the named exceptions
 * of `UNSCOPED_READS`, transactions as `ScopedTx`, and nothing else. Feature libraries may not
 * import `DataSource`, `EntityManager` or `DataScope` (lint, eslint.config.mjs).
 */
@Injectable()
export class ScopedDb {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly scope: DataScope,
    private readonly replicas: ReadReplicas,
    @Optional() private readonly clock?: Clock,
  ) {}

  /**
   * With a controllable clock (tests), the database is told the application's "now" in every
   * writing transaction (`zhtj.now`, read by `metrics_now()`): the facts record a change on the
   * day it happens by that clock (DOMAIN.md §6, rates as they stood each day). In production the
   * two clocks agree and nothing is sent.
   */
  private async tellClock(m: EntityManager): Promise<void> {
    if (this.clock?.controllable) await m.query(`SELECT set_config('zhtj.now', $1, true)`, [this.clock.now().toISOString()]);
  }

  /** Reads that may come from a hot standby (`LagTolerantReads`). */
  readonly lagTolerant: LagTolerantReads = {
    query: (name, alias) => this.scope.query(name, alias, this.replicas.reader().manager),
    unscoped: (_key) => this.replicas.reader().manager,
  };

  /** One object in the caller's scope, or 404. */
  byId<N extends ScopedEntityName>(name: N, id: string): Promise<EntityOf<N>> {
    return this.scope.byId(name, id);
  }

  /** A query builder over `name` with the caller's scope applied. */
  query<N extends ScopedEntityName>(name: N, alias: string): SelectQueryBuilder<EntityOf<N>> {
    return this.scope.query(name, alias);
  }

  /**
   * The indicators' reads of `region`, once `REGION_SCOPE` admits the caller (403 for a member, 404
   * outside). Counters a second old are fine on a dashboard: lag-tolerant, a hot standby answers
   * them when there is one (`ReadReplicas`).
   */
  region(region: string): RegionReader {
    REGION_SCOPE.check(this.scope.actor(), region);
    const replicas = this.replicas;
    return { region, query: (sql, params) => replicas.reader().query(sql, params) };
  }

  /** A reader past the caller's scope, for one named exception (`UNSCOPED_READS`). */
  unscoped(_key: UnscopedRead): UnscopedReader {
    return this.ds.manager;
  }

  /** Runs `work` in one transaction, handed to it as a `ScopedTx`. */
  transaction<T>(work: (tx: ScopedTx) => Promise<T>): Promise<T> {
    RequestContext.noteWrite();
    return this.ds.transaction(async (m) => {
      await this.tellClock(m);
      return work(new ScopedTx(m, this.scope));
    });
  }

  /** One statement that writes, on its own (autocommit); refuses one that only reads. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows, typed by the caller
  execute<T = any>(sql: string, params?: unknown[]): Promise<T> {
    assertWrites(sql);
    RequestContext.noteWrite();
    if (this.clock?.controllable) return this.ds.transaction(async (m) => (await this.tellClock(m), m.query(sql, params) as Promise<T>));
    return this.ds.query(sql, params) as Promise<T>;
  }

  /** The database answers (health). */
  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }

  /**
   * Reads a scoped query's rows page by page through a cursor `WITH HOLD` on a connection of its
   * own, outside a transaction (the member export: no transaction held open while a file streams,
   * which on PGlite would hold every other request). `next()` answers the next page, [] at the end.
   * Runs where `qb` was made: a query of `lagTolerant` on the standby that answered it; when a
   * page cannot be fetched there (the standby went away mid-file), the cursor is declared again on
   * the primary and the file goes on from the same row.
   */
  async cursor<R, T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    pageSize: number,
    work: (next: () => Promise<R[]>) => Promise<void>,
  ): Promise<void> {
    const [sql, params] = qb.getQueryAndParameters();
    const name = `scoped_cursor_${randomBytes(8).toString('hex')}`;
    const declare = `DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${sql}`;
    let runner = qb.connection.createQueryRunner();
    let onStandby = qb.connection !== this.ds;
    let read = 0;
    const fetch = async (): Promise<R[]> => {
      const rows = (await runner.query(`FETCH ${pageSize} FROM ${name}`)) as R[];
      read += rows.length;
      return rows;
    };
    try {
      await runner.query(declare, params);
      try {
        await work(async () => {
          if (!onStandby) return fetch();
          try {
            return await fetch();
          } catch {
            onStandby = false;
            await runner.release().catch(() => undefined);
            runner = this.ds.createQueryRunner();
            await runner.query(declare, params);
            if (read > 0) await runner.query(`MOVE FORWARD ${read} IN ${name}`);
            return fetch();
          }
        });
      } finally {
        // A held cursor lives as long as its session: closed here even when the work failed. A
        // CLOSE that fails has lost its session (and the cursor with it); the work's error stands.
        await runner.query(`CLOSE ${name}`).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  /** The connections of a system job (no caller, no scope), for one named exception: the 10-day return's session lock and batches. */
  systemRunner(_key: UnscopedRead): QueryRunner {
    return this.ds.createQueryRunner();
  }

  /**
   * Begins a writing transaction on a system runner, told the application's clock like every other
   * (`tellClock`): the facts a system job changes are dated by that clock too.
   */
  async beginSystem(runner: QueryRunner): Promise<void> {
    await runner.startTransaction();
    await this.tellClock(runner.manager);
  }
}
