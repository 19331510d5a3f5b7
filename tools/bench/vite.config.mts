import { nodeBundle } from '../node-bundle.mts';

// The benchmarks are bundled like the API and the generator (CommonJS, dependencies external).
export default nodeBundle(import.meta.url, '../../dist/tools/bench');
