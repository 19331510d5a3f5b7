export * from './lib/types';
export * from './lib/roles';
export * from './lib/scope';
export * from './lib/identity';
export * from './lib/region';
export * from './lib/interpretations';
