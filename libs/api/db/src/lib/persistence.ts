import type { ObjectLiteral } from 'typeorm';

/** An entity class (TypeORM), as a context lists it. */
export type EntityClass<E extends ObjectLiteral = ObjectLiteral> = new () => E;

/**
 * The scoped tables by name, each with its row type. Empty here: each context declares its own
 * beside its scope rule, by declaration merging in its `persistence.ts`
 * (`declare module '@zhtj/api/db' { interface ScopedEntities { member: MemberEntity } }`), so
 * `ScopedDb.query('member', …)` answers `MemberEntity` rows while this library knows no context.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type -- filled by the contexts (declaration merging)
export interface ScopedEntities {}

export type ScopedEntityName = keyof ScopedEntities & string;

/**
 * The one rule of a scoped table (STYLE.md): the condition an admin reads it under (its org's
 * subtree, `:scopeOrgId`) and the one a member reads it under (itself, `:scopeMemberId`), on the
 * query's `alias`. Chosen by the domain's `dataScopeOf` (`scopeCondition`).
 */
export interface ScopeRule<E extends ObjectLiteral = ObjectLiteral> {
  readonly entity: EntityClass<E>;
  admin(alias: string): string;
  member(alias: string): string;
}

export type ScopeRules = { readonly [N in ScopedEntityName]?: ScopeRule<ScopedEntities[N]> };

/**
 * What a bounded context brings to the one database (issue 25: contexts own their entities):
 * its entities, listed explicitly (STYLE.md: globs break once the API is bundled), and for each
 * either its scope rule under its name or the reason it has none. The composition root lists
 * every context's (`API_PERSISTENCE`, libs/api/bootstrap) and hands them to `DbModule.forRoot`.
 */
export interface ContextPersistence {
  readonly entities: readonly EntityClass[];
  readonly scopeRules?: ScopeRules;
  /** Entities deliberately not scoped, with the reason. */
  readonly unscopedEntities?: ReadonlyMap<EntityClass, string>;
}

/** Every context's persistence together (`composePersistence`). */
export interface Persistence {
  readonly entities: readonly EntityClass[];
  readonly scopeRules: ScopeRules;
  readonly unscopedEntities: ReadonlyMap<EntityClass, string>;
}

/** The DI token of the composed `Persistence` (`DbModule.forRoot`), read by `DataScope`. */
export const PERSISTENCE = Symbol('PERSISTENCE');

/**
 * The contexts' persistence as one: refuses two rules under one name, a rule whose entity its
 * context does not list, and an entity with neither a rule nor a reason (`scope-rules.spec.ts`).
 */
export function composePersistence(contexts: readonly ContextPersistence[]): Persistence {
  const entities = contexts.flatMap((c) => c.entities);
  const scopeRules: Record<string, ScopeRule> = {};
  const unscopedEntities = new Map<EntityClass, string>();
  for (const c of contexts) {
    for (const [name, rule] of Object.entries(c.scopeRules ?? {}) as [string, ScopeRule][]) {
      if (name in scopeRules) throw new Error(`Two scope rules are named '${name}'`);
      if (!c.entities.includes(rule.entity))
        throw new Error(`Scope rule '${name}': ${rule.entity.name} is not among its context's entities`);
      scopeRules[name] = rule;
    }
    for (const [entity, reason] of c.unscopedEntities ?? []) unscopedEntities.set(entity, reason);
  }
  const scoped = new Set(Object.values(scopeRules).map((r) => r.entity));
  for (const e of entities) {
    if (!scoped.has(e) && !unscopedEntities.has(e)) throw new Error(`${e.name} has no scope rule and no reason to have none`);
  }
  return { entities, scopeRules, unscopedEntities };
}
