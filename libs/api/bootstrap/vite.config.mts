import { libTestConfig } from '../../../tools/vitest/lib-config.mts';

export default libTestConfig(import.meta.url, 'api-bootstrap');
