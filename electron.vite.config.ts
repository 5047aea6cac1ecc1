/**
 * `electron-vite build`: the main process (ESM) with the worker entries (extraction, understanding), the preload (CJS,
 * for the sandbox) and the renderer (the same config as `vite build -c renderer/vite.config.ts`), all
 * under out/. e2e/bundle.test.ts builds it and runs the bundled workers in Node.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig, rendererRoot } from './renderer/vite.config.js';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The worker threads' entries, started by file: createCore gets out/main/extract.worker.js and
          // understand.worker.js from index.ts, and the pdf.js render thread is found beside whichever chunk starts it.
          'extract.worker': resolve(__dirname, 'workers/extract/extract.worker.ts'),
          'understand.worker': resolve(__dirname, 'workers/understand/understand.worker.ts'),
          'pdfRender.worker': resolve(__dirname, 'workers/extract/pdf/pdfRender.worker.ts'),
        },
        // Every chunk in out/main itself, so './pdfRender.worker.js' resolves from any of them.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require 'electron': bundle zod and the contract into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rollupOptions: { input: { index: resolve(rendererRoot, 'index.html') } } },
  },
});
