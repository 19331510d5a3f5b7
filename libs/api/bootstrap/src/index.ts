export * from './lib/bootstrap';
export * from './lib/persistence';
