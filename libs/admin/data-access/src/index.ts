export * from './lib/api-client';
export * from './lib/types';
export * from './lib/i18n';
export * from './lib/auth.store';
