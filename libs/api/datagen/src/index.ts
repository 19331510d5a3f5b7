export * from './lib/random';
export * from './lib/sink';
export * from './lib/plan';
export * from './lib/generate';
export * from './lib/load';
