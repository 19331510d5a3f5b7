// The HTTP contract as plain TypeScript types (API.md), shared by the API and the console.
// Types and a few limits; no runtime dependencies, so importing it costs the console nothing.
export * from './lib/common';
export * from './lib/auth';
export * from './lib/orgs';
export * from './lib/members';
export * from './lib/imports';
export * from './lib/transfers';
export * from './lib/regions';
export * from './lib/graduation';
export * from './lib/metrics';
