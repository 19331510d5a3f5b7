export * from './lib/fresh-database';
