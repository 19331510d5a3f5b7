import { nodeBundle } from '../../tools/node-bundle.mts';

// The API is bundled for Node (CommonJS), dependencies stay external.
export default nodeBundle(import.meta.url, '../../dist/apps/api');
