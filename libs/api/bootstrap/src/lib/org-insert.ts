import type { EntityManager } from 'typeorm';
import type { Industry, OrgKind, OrgLevel, OrgPurpose } from '@zhtj/domain';
import { OrgEntity } from '@zhtj/api/orgs';

/** An org the bootstrap writes by hand (团中央, the demo's own orgs). */
export interface OrgSeed {
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  industry: Industry | null;
  regionCode: string;
  purpose?: OrgPurpose | null;
  graduationDate?: string | null;
}

/** Inserts `s` under `parent` with its path (the org tree owns its path column, STYLE.md). */
export async function insertOrg(m: EntityManager, parent: OrgEntity | null, s: OrgSeed): Promise<OrgEntity> {
  const id = (await m.query('SELECT gen_random_uuid() AS id'))[0].id as string;
  const org = m.create(OrgEntity, {
    id,
    parentId: parent?.id ?? null,
    name: s.name,
    kind: s.kind,
    level: s.level,
    industry: s.industry,
    regionCode: s.regionCode,
    purpose: s.purpose ?? null,
    path: [...(parent?.path ?? []), id],
    graduationDate: s.graduationDate ?? null,
    mixed: false,
  });
  return m.save(org);
}
