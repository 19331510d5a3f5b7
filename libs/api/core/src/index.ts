export * from './lib/errors';
export * from './lib/http-exception.filter';
export * from './lib/validation';
export * from './lib/request-context';
export * from './lib/clock';
export * from './lib/paging';
export * from './lib/core.module';
export * from './lib/xlsx';
