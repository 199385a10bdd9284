import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// vitest 5's reporter calls Map.groupBy, which Node 20 (this machine and CI) lacks; the config runs in the main process.
if (typeof (Map as unknown as { groupBy?: unknown }).groupBy !== 'function') {
  (Map as unknown as { groupBy: unknown }).groupBy = <K, V>(items: Iterable<V>, key: (v: V, i: number) => K) => {
    const out = new Map<K, V[]>();
    let i = 0;
    for (const v of items) {
      const k = key(v, i++);
      const list = out.get(k);
      if (list) list.push(v);
      else out.set(k, [v]);
    }
    return out;
  };
}

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
