export * from './lib/audit.controller';
