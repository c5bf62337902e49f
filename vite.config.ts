import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer/', import.meta.url));
const out = (folder: string) => fileURLToPath(new URL(`./dist/${folder}/`, import.meta.url));

/*
 * `vite build`                 → the renderer into dist/renderer (served at / by the backend).
 * `vite build --mode preload`  → electron/preload.ts as one CommonJS file, dist/electron/preload.cjs:
 *                                a sandboxed preload can require only 'electron' and a few built-ins.
 */
export default defineConfig(({ mode }) => {
  if (mode === 'preload') {
    return {
      build: {
        outDir: out('electron'),
        emptyOutDir: false,
        minify: false,
        sourcemap: false,
        target: 'chrome130',
        lib: { entry: fileURLToPath(new URL('./electron/preload.ts', import.meta.url)), formats: ['cjs'], fileName: () => 'preload.cjs' },
        rollupOptions: { external: ['electron'] },
      },
    };
  }
  return {
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir: out('renderer'),
      emptyOutDir: true,
      target: 'chrome120',
      sourcemap: true,
      chunkSizeWarningLimit: 1500,
    },
    server: {
      // `vite` dev server: forward the API to a running `dealer-console serve` on the default port.
      proxy: { '/v2/panel': 'http://127.0.0.1:8383', '/console': { target: 'ws://127.0.0.1:8383', ws: true } },
    },
  };
});
