export * from './lib/entities';
export * from './lib/migrations';
export * from './lib/database';
export * from './lib/regions';
export * from './lib/data-scope';
export * from './lib/audit.service';
export * from './lib/bootstrap';
export * from './lib/db.module';
