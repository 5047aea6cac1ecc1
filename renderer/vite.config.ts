/**
 * The renderer's build, shared by `vite build -c renderer/vite.config.ts` (npm run build:renderer, the
 * e2e tests) and electron.vite.config.ts, so the browser UI and the desktop UI are the same bundle in
 * out/renderer. This file runs in Node at build time, not in the page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { RENDERER_CSP } from '../electron/server/httpSecurity.js';

export const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
export const rendererOutDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/**
 * Puts the CSP into the built index.html as a meta tag: Electron loads the file from disk, where no
 * header can carry it (the server also sends it as a header). Build only: the dev server's React
 * refresh needs an inline script that this policy forbids.
 */
const contentSecurityPolicy: Plugin = {
  name: 'docpipe-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      // frame-ancestors is ignored (with a console error) in a meta tag; the server's header carries it.
      attrs: {
        'http-equiv': 'Content-Security-Policy',
        content: RENDERER_CSP.split('; ')
          .filter((d) => !d.startsWith('frame-ancestors'))
          .join('; '),
      },
      injectTo: 'head-prepend',
    },
  ],
};

/**
 * pdf.js's character maps (CJK text), standard fonts (PDFs that do not embed theirs) and image decoders
 * (JPEG 2000, JBIG2) next to the page as files under pdfjs/, which the viewer names by URL
 * (components/viewer/pdfDocument.ts): they are loaded only by PDFs that need them.
 */
const pdfjsAssets: Plugin = {
  name: 'docpipe-pdfjs-assets',
  apply: 'build',
  generateBundle() {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    for (const folder of ['cmaps', 'standard_fonts', 'wasm']) {
      for (const file of readdirSync(join(root, folder))) {
        this.emitFile({
          type: 'asset',
          fileName: `pdfjs/${folder}/${file}`,
          source: readFileSync(join(root, folder, file)),
        });
      }
    }
  },
};

export const rendererConfig = {
  root: rendererRoot,
  // Relative asset URLs: Electron loads index.html from file://, the server from http://host/.
  base: './',
  plugins: [react(), contentSecurityPolicy, pdfjsAssets],
  build: { outDir: rendererOutDir, emptyOutDir: true, sourcemap: false, minify: true },
} satisfies UserConfig;

export default defineConfig(rendererConfig);
