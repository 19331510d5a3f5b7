import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

// Element Plus components and their styles are imported on demand; ECharts pages are lazy routes.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { tsconfigPaths: true },
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  server: { port: 4200, proxy: { '/api': process.env['API_URL'] ?? 'http://localhost:3000' } },
  build: { outDir: '../../dist/apps/admin', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
});
