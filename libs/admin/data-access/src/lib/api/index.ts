// One module per context: small typed functions over the console's one client (`http.ts`, which
// only these modules and the auth store's session binding import).
export * from './auth';
export * from './orgs';
export * from './members';
export * from './import';
export * from './graduation';
export * from './transfers';
export * from './calendar';
export * from './metrics';
