import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run bench`: measurements, never assertions on time. Results are printed as Markdown
// rows for docs/benchmarks.md and written to test-output/bench.json.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { tsconfigPaths: true },
  test: {
    name: 'bench',
    environment: 'node',
    include: ['bench/**/*.bench.spec.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    env: { APP_CLOCK: 'controllable', LOGIN_RATE_LIMIT: '100000' },
  },
});
