export * from './lib/api-client';
export * from './lib/endpoints';
export * from './lib/i18n';
export * from './lib/errors';
export * from './lib/roles';
export * from './lib/password';
export * from './lib/format';
export * from './lib/auth.store';
