import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const pkg = createRequire(import.meta.url)('../../package.json') as { dependencies: Record<string, string> };
const __dirname = fileURLToPath(new URL('.', import.meta.url));

// The API is bundled for Node (CommonJS), dependencies stay external. Vite 8's transform honours
// `emitDecoratorMetadata` from tsconfig, which Nest's dependency injection needs.
const external = [...Object.keys(pkg.dependencies), ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig({
  root: __dirname,
  resolve: { tsconfigPaths: true },
  build: {
    ssr: 'src/main.ts',
    outDir: '../../dist/apps/api',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'cjs', entryFileNames: 'main.js' },
    },
  },
});
