export * from './lib/region.entity';
export * from './lib/gbt2260';
export * from './lib/persistence';
export * from './lib/regions.controller';
