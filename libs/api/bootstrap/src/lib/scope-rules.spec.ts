import { describe, expect, it } from 'vitest';
import { API_PERSISTENCE } from './persistence';

describe('every entity has a data-scope rule', () => {
  it('each entity is either scoped by DataScope or listed as unscoped with a reason', () => {
    const { entities, scopeRules, unscopedEntities } = API_PERSISTENCE;
    const scoped = new Set<unknown>(Object.values(scopeRules).map((r) => r?.entity));
    for (const entity of entities) {
      const covered = scoped.has(entity) || unscopedEntities.has(entity);
      expect(covered, `${entity.name} has no scope rule`).toBe(true);
    }
    for (const reason of unscopedEntities.values()) expect(reason.length).toBeGreaterThan(10);
  });
});
