import type { ContextPersistence } from '@zhtj/api/db';
import { RegionEntity } from './region.entity';

/** The regions context's table (issue 25): GB/T 2260 reference data, read by everyone, scoped for no one. */
export const REGIONS_PERSISTENCE: ContextPersistence = {
  entities: [RegionEntity],
  unscopedEntities: new Map([[RegionEntity, 'GB/T 2260 reference data, public to every signed-in user']]),
};
