import { In } from 'typeorm';
import { orgContext, schoolOf } from '@zhtj/domain';
import type { OrgFacts } from '@zhtj/domain';
import { PREPARED_COMMENT } from '@zhtj/api/db';
import type { UnscopedReader } from '@zhtj/api/db';
import { OrgEntity } from './org.entity';

// These read orgs above and beside the caller's subtree: callers hand in a reader for a named
// exception (`orgs.ancestors`, `transfers.routing`, UNSCOPED_READS).

/** The orgs on an ancestor path (root … self), in path order. */
export async function ancestorChain(m: UnscopedReader, path: readonly string[]): Promise<OrgEntity[]> {
  const rows = await m.find(OrgEntity, { where: { id: In([...path]) } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return path.flatMap((id) => byId.get(id) ?? []);
}

/** §6: the school a member of the org at `path` graduates from (the domain's `schoolOf`). */
export async function schoolIdOf(m: UnscopedReader, path: readonly string[]): Promise<string | null> {
  return schoolOf(await ancestorChain(m, path))?.id ?? null;
}

/**
 * Several orgs as the rules see them, with their parents' levels (§1: a mobile branch's tier is
 * the level of the committee it sits under), in one query.
 */
export async function orgFactsByIds(m: UnscopedReader, ids: readonly string[]): Promise<Map<string, OrgEntity & OrgFacts>> {
  return (await orgFactsAndChain(m, ids, null)).facts;
}

/**
 * What routing reads of a transfer's ends, in one statement (a round trip counts at 32 approvals
 * in parallel, docs/benchmarks.md): the orgs `ids` as the rules see them (with their parents'
 * levels, §1) and the ancestor chain of `chainOf` (root … self, for §6's `schoolOf`).
 */
export async function orgFactsAndChain(
  m: UnscopedReader,
  ids: readonly string[],
  chainOf: string | null,
): Promise<{ facts: Map<string, OrgEntity & OrgFacts>; chain: OrgEntity[] }> {
  const { entities, raw } = await m
    .createQueryBuilder(OrgEntity, 'o')
    .leftJoin(OrgEntity, 'p', 'p.id = o.parent_id')
    .addSelect('p.level', 'parent_level')
    // One array (the chain read once as an InitPlan): a primary-key probe per org, never a scan.
    .where(`o.id = ANY(CAST(:ids AS uuid[]) || COALESCE((SELECT c.path FROM org c WHERE c.id = :chainOf), '{}'::uuid[]))`, {
      ids: [...new Set(ids)],
      chainOf,
    })
    .comment(PREPARED_COMMENT)
    .getRawAndEntities<{ o_id: string; parent_level: OrgFacts['level'] | null }>();
  const parentLevel = new Map(raw.map((r) => [r.o_id, r.parent_level]));
  const byId = new Map(entities.map((o) => [o.id, Object.assign(o, { parentLevel: parentLevel.get(o.id) ?? null })]));
  const facts = new Map(
    ids.flatMap((id) => {
      const o = byId.get(id);
      return o ? [[id, o] as const] : [];
    }),
  );
  const self = chainOf ? byId.get(chainOf) : undefined;
  return { facts, chain: self ? self.path.flatMap((id) => byId.get(id) ?? []) : [] };
}

/** An org's path (root … self) as a list reads it; null or empty for an org that is gone. */
type OrgPath = readonly string[] | null | undefined;

/**
 * The context of each org on `paths` (the domain's `orgContext`: what tells it apart from the
 * same-named), for a list's orgs in one query: the names and levels of every ancestor on the
 * paths. Lists share ancestors (a page of members, the children of one org), so the query is small.
 * The answer looks a path up; an empty path (an org deleted since) has no context.
 */
export async function orgContexts(m: UnscopedReader, paths: readonly OrgPath[]): Promise<(path: OrgPath) => string[]> {
  const ids = [...new Set(paths.flatMap((p) => (p ?? []).slice(0, -1)))];
  const rows = ids.length ? await m.find(OrgEntity, { select: { id: true, name: true, level: true }, where: { id: In(ids) } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (path) => (path?.length ? orgContext(path.slice(0, -1).flatMap((id) => byId.get(id) ?? [])) : []);
}
