import { nodeBundle } from '../node-bundle.mts';

// The data generator is bundled like the API (CommonJS, dependencies external).
export default nodeBundle(import.meta.url, '../../dist/tools/generate');
