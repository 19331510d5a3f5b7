import { EntityManager, In } from 'typeorm';
import { schoolOf } from '@zhtj/domain';
import type { OrgFacts } from '@zhtj/domain';
import { OrgEntity } from './entities';

/** The orgs on an ancestor path (root … self), in path order. */
export async function ancestorChain(m: EntityManager, path: readonly string[]): Promise<OrgEntity[]> {
  const rows = await m.find(OrgEntity, { where: { id: In([...path]) } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return path.flatMap((id) => byId.get(id) ?? []);
}

/** §6: the school a member of the org at `path` graduates from (the domain's `schoolOf`). */
export async function schoolIdOf(m: EntityManager, path: readonly string[]): Promise<string | null> {
  return schoolOf(await ancestorChain(m, path))?.id ?? null;
}

/**
 * An org as the rules see it, with its parent's level (§1: a mobile branch's tier is the level
 * of the committee it sits under).
 */
export async function orgFactsOf(m: EntityManager, org: OrgEntity): Promise<OrgEntity & OrgFacts> {
  const parent = org.parentId ? await m.findOneBy(OrgEntity, { id: org.parentId }) : null;
  return Object.assign(org, { parentLevel: parent?.level ?? null });
}

/** Several orgs as the rules see them (`orgFactsOf`), with their parents' levels, in one query. */
export async function orgFactsByIds(m: EntityManager, ids: readonly string[]): Promise<Map<string, OrgEntity & OrgFacts>> {
  const orgs = await m.find(OrgEntity, { where: { id: In([...new Set(ids)]) } });
  const parentIds = orgs.flatMap((o) => (o.parentId ? [o.parentId] : []));
  const parents = parentIds.length ? await m.find(OrgEntity, { where: { id: In([...new Set(parentIds)]) }, select: { id: true, level: true } }) : [];
  const levelOf = new Map(parents.map((p) => [p.id, p.level]));
  return new Map(orgs.map((o) => [o.id, Object.assign(o, { parentLevel: (o.parentId && levelOf.get(o.parentId)) || null })]));
}
