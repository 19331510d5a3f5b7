export * from './lib/regions.controller';
