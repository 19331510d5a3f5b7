import type { TestProject } from 'vitest/node';
import { startApi } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One API process (with the console) for the whole run, on a fresh database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const api = await startApi();
  project.provide('baseUrl', api.baseUrl);
  return () => api.stop();
}
