import { describe, expect, it } from 'vitest';
import { ENTITIES, SCOPE_RULES, UNSCOPED_ENTITIES } from '@zhtj/api/db';

describe('every entity has a data-scope rule', () => {
  it('each entity is either scoped by DataScope or listed as unscoped with a reason', () => {
    const scoped = new Set<unknown>(Object.values(SCOPE_RULES).map((r) => r.entity));
    for (const entity of ENTITIES) {
      const covered = scoped.has(entity) || UNSCOPED_ENTITIES.has(entity);
      expect(covered, `${entity.name} has no scope rule`).toBe(true);
    }
    for (const reason of UNSCOPED_ENTITIES.values()) expect(reason.length).toBeGreaterThan(10);
  });
});
