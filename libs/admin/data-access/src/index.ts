// The client itself stays inside: components and stores call the api modules.
export { ApiError, saveFile } from './lib/api-client';
export type { ApiErrorBody, DownloadedFile } from './lib/api-client';
export * from './lib/api';
export * from './lib/i18n';
export * from './lib/errors';
export * from './lib/roles';
export * from './lib/format';
export * from './lib/auth.store';
export * from './lib/login-challenge';
export * from './lib/second-factor';
export * from './lib/ui-texts';
export * from './lib/loading';
export * from './lib/form-submit';
