/**
 * pdf.js getDocument with the options every docpipe use needs in Node: the legacy build (the modern
 * one needs DOMMatrix and newer JS than Node 20 has), local font/cmap/wasm/icc folders (never a URL),
 * no eval, no font-face, quiet.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, type PDFDocumentLoadingTask } from 'pdfjs-dist/legacy/build/pdf.mjs';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** pdf.js wants folder URLs with a trailing slash; in Node plain paths work. */
const asset = (folder: string): string => join(pdfjsRoot, folder) + '/';

/**
 * Opens a PDF from bytes. pdf.js may take over (detach) the buffer: pass one you no longer need.
 * `maxImagePixels`: images larger than this are not decoded (rendering skips them).
 */
export function openPdf(data: Uint8Array, options: { maxImagePixels?: number } = {}): PDFDocumentLoadingTask {
  return getDocument({
    data,
    ...(options.maxImagePixels ? { maxImageSize: options.maxImagePixels } : {}),
    standardFontDataUrl: asset('standard_fonts'),
    cMapUrl: asset('cmaps'),
    cMapPacked: true,
    wasmUrl: asset('wasm'),
    iccUrl: asset('iccs'),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
}
