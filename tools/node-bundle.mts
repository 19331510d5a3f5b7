import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { UserConfig } from 'vite';

const pkg = createRequire(import.meta.url)('../package.json') as { dependencies: Record<string, string> };
const external = [...Object.keys(pkg.dependencies), ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * A Node program bundled by Vite (SSR, CommonJS) with its dependencies kept external: the API
 * and the data generator. Vite 8's transform honours `emitDecoratorMetadata` from tsconfig,
 * which Nest's dependency injection needs.
 */
export function nodeBundle(configUrl: string, outDir: string): UserConfig {
  return defineConfig({
    root: fileURLToPath(new URL('.', configUrl)),
    resolve: { tsconfigPaths: true },
    build: {
      ssr: 'src/main.ts',
      outDir,
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
}
