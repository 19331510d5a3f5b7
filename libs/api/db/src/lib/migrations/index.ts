import { Initial1764200000000 } from './1764200000000-initial';
import { Transfers1764300000000 } from './1764300000000-transfers';

/** Every migration, in order, listed explicitly. */
export const MIGRATIONS = [Initial1764200000000, Transfers1764300000000];
