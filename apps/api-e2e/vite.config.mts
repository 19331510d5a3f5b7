import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { tsconfigPaths: true },
  test: {
    name: 'api-e2e',
    environment: 'node',
    include: ['src/**/*.e2e.spec.ts', 'src/**/*.spec.ts'],
    // Each file gets its own database; run files one at a time (2 cores, PGlite memory).
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Tests log in from one address and many fail on purpose: budgets and the challenge threshold
    // are raised here; login-abuse and login-challenge set their own.
    env: { APP_CLOCK: 'controllable', LOGIN_RATE_LIMIT: '1000', LOGIN_CAPTCHA_AFTER_FAILURES: '1000' },
  },
});
