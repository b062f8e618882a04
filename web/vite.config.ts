// Vite configuration for the Sagaz web UI.
// The C++ build runs `npm run build` with SAGAZ_WEB_OUT set to a directory of its build tree and embeds
// what it finds there (cmake/EmbedAssets.cmake); by hand, the build goes to web/dist. The server
// sends a strict Content-Security-Policy (no inline scripts, no eval), so nothing here may need them.
// In development, /api is proxied to a running `sagaz serve` (SAGAZ_API, default 127.0.0.1:18090).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const api = process.env.SAGAZ_API ?? 'http://127.0.0.1:18090';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: process.env.SAGAZ_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    // The polyfill would be injected inline; every supported browser has modulepreload.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // ECharts is most of the weight and changes least: its own chunk caches well.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  preview: {
    host: '127.0.0.1',
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
