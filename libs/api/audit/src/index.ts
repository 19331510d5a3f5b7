export * from './lib/audit.entity';
export * from './lib/persistence';
export * from './lib/audit.controller';
