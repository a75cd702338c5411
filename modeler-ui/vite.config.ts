import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  server: { proxy: { '/ready': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000', '/api': 'http://127.0.0.1:3000' } },
});
