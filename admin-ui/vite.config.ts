import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // the engine is pure TypeScript; the browser bundle reuses it instead of re-implementing printing/explaining
      '@engine': fileURLToPath(new URL('../server/src/engine', import.meta.url)),
      '@schemas': fileURLToPath(new URL('../schemas', import.meta.url)),
      // monaco's package exports map every subpath to a .js file; its stylesheets are reached by their real path
      'monaco-esm': fileURLToPath(new URL('../node_modules/monaco-editor/esm/vs', import.meta.url)),
    },
  },
  worker: { format: 'es' },
  server: {
    port: 5173,
    fs: { allow: [repoRoot] },
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
  },
} as Parameters<typeof defineConfig>[0]);
