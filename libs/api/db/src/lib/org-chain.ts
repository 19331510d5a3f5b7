import { EntityManager, In } from 'typeorm';
import { schoolOf } from '@zhtj/domain';
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
