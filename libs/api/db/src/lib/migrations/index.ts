import { Initial1764200000000 } from './1764200000000-initial';

/** Every migration, in order, listed explicitly. */
export const MIGRATIONS = [Initial1764200000000];
