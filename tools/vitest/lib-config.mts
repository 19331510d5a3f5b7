import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { ViteUserConfig } from 'vitest/config';

/**
 * The unit tests of an API library, beside its code (`src/**\/*.spec.ts`): each library's
 * `vite.config.mts` is this, named. Imports of other libraries resolve through tsconfig.base.json's
 * paths; decorators (Nest, TypeORM) compile as the root tsconfig.json says.
 */
export function libTestConfig(configUrl: string, name: string): ViteUserConfig {
  return defineConfig({
    root: fileURLToPath(new URL('.', configUrl)),
    resolve: { tsconfigPaths: true },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.spec.ts'],
      reporters: ['default'],
      // As in apps/api-e2e: an embedded PGlite starts in a hook (api-db's embedded-concurrency).
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  });
}
