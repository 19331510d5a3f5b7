import { fileURLToPath } from 'node:url';

/** The workspace root, whatever the current directory. */
export const WORKSPACE = fileURLToPath(new URL('../../../../', import.meta.url));
/** Where the run leaves screenshots and logs (gitignored). */
export const OUTPUT = `${WORKSPACE}test-output`;
export const SCREENSHOTS = `${OUTPUT}/screenshots`;
