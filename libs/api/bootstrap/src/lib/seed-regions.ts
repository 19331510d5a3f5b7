import type { EntityManager } from 'typeorm';
import { RegionEntity, gbt2260Regions } from '@zhtj/api/regions';

/** Loads the GB/T 2260 regions (`gbt2260Regions`) into an empty `region` table. */
export async function seedRegions(manager: EntityManager): Promise<number> {
  const existing = await manager.count(RegionEntity);
  if (existing > 0) return 0;
  const rows = gbt2260Regions();
  for (let i = 0; i < rows.length; i += 1000) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(RegionEntity)
      .values(rows.slice(i, i + 1000))
      .execute();
  }
  return rows.length;
}
