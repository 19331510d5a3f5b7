import vue from '@vitejs/plugin-vue';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Workspace aliases come from this app's tsconfig paths, for every importer (libs included: their
// nearest tsconfig is the root one, which leaves the console out).
const { compilerOptions } = JSON.parse(readFileSync(new URL('./tsconfig.json', import.meta.url), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const alias = Object.entries(compilerOptions.paths).map(([find, [target]]) => ({
  find: new RegExp(`^${find.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}$`),
  replacement: fileURLToPath(new URL(target as string, new URL('./', import.meta.url))),
}));

// Element Plus components and their styles are imported on demand; pages are lazy routes, and
// exceljs loads only when the import page reads or writes a workbook.
export default defineConfig({
  root,
  resolve: { alias },
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  server: { port: 4200, proxy: { '/api': process.env['API_URL'] ?? 'http://localhost:3000' } },
  build: { outDir: '../../dist/apps/admin', emptyOutDir: true, chunkSizeWarningLimit: 1200, manifest: true },
});
