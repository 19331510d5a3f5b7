import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase as freshDatabaseNamed } from '@zhtj/shared/testing';
import { WORKSPACE, startBuiltApi } from './built-api';

export const BUNDLE = join(WORKSPACE, 'dist/apps/api/main.js');
export const BUNDLE_ADMIN_PASSWORD = 'Admin@2026x';

/** A fresh database for the bundle (`freshDatabase` of @zhtj/shared/testing). */
export const freshDatabase = () => freshDatabaseNamed('bundle');

export interface RunningBundle {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the bundle that `npm start` runs (`dist/apps/api/main.js`, built by `nx run api:build`,
 * which the api-e2e test target depends on) as its own process on a fresh database with the demo data.
 */
export async function startBundle(): Promise<RunningBundle> {
  if (!existsSync(BUNDLE)) throw new Error('build first: npx nx run api:build (npm test does it through the api-e2e dependsOn)');
  const db = await freshDatabase();
  try {
    const api = await startBuiltApi(BUNDLE, 'api-bundle', {
      ...db.env,
      DEMO_DATA: '1',
      ADMIN_PASSWORD: BUNDLE_ADMIN_PASSWORD,
      APP_CLOCK: 'controllable',
      LOGIN_RATE_LIMIT: '1000',
      NODE_ENV: 'production',
    });
    return {
      baseUrl: api.baseUrl,
      async stop() {
        await api.stop();
        await db.drop();
      },
    };
  } catch (e) {
    await db.drop();
    throw e;
  }
}
