/**
 * Renders PDF pages to PNG for OCR, in a thread of its own. Why a separate thread: some PDFs make
 * pdf.js loop forever while building a page's drawing operations (e.g. a tiling pattern that draws a
 * form that uses the pattern again: pdf.js 5.6 loses its cycle check across patterns; see
 * corpus/bad/pdfjs/operator_list_cycle.pdf). That loop runs on microtasks, so no timer in the same
 * thread ever fires; only terminating the thread stops it. Text extraction stays in the caller's
 * thread; this thread only ever draws.
 *
 * Protocol (plain messages, one request at a time): workerData { data: Uint8Array, maxImagePixels?: number };
 * the parent posts
 * RenderRequest, the thread answers RenderReply.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPdf } from './pdfOpen.js';

export interface RenderRequest {
  page: number;
  /** Scale from PDF points to pixels. */
  scale: number;
}

export type RenderReply =
  /** `png` is empty when the page rendered blank (nothing to OCR; encoding it would be wasted). */
  | { page: number; ok: true; png: Uint8Array; blank: boolean; width: number; height: number }
  | { page: number; ok: false; message: string };

/** What pdf.js's canvas factory hands out in Node (an @napi-rs/canvas canvas); pdf.js types it as Object. */
interface NodeCanvasPair {
  canvas: { width: number; height: number; encode(format: 'png'): Promise<Buffer> };
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface CanvasFactory {
  create(width: number, height: number): NodeCanvasPair;
  destroy(pair: NodeCanvasPair): void;
}

const port = parentPort;
if (!port) throw new Error('pdfRender.worker must run in a worker thread');
const { data, maxImagePixels } = workerData as { data: Uint8Array; maxImagePixels?: number };
// An image larger than OCR would ever be given is not decoded (a Flate-bomb image stops there).
const docPromise = openPdf(data, { maxImagePixels }).promise;
// Failures are answered per request below; this only keeps an early rejection from being "unhandled".
docPromise.catch(() => {});

port.on('message', async (req: RenderRequest) => {
  let reply: RenderReply;
  try {
    const doc = await docPromise;
    const page = await doc.getPage(req.page);
    const viewport = page.getViewport({ scale: req.scale });
    const width = Math.floor(viewport.width);
    const height = Math.floor(viewport.height);
    const factory = doc.canvasFactory as CanvasFactory;
    const pair = factory.create(width, height);
    try {
      await page.render({ canvas: null, canvasContext: pair.context as never, viewport, background: 'white' }).promise;
      const blank = isBlank(pair.context.getImageData(0, 0, width, height).data);
      const png = blank ? Buffer.alloc(0) : await pair.canvas.encode('png');
      reply = {
        page: req.page,
        ok: true,
        png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
        blank,
        width,
        height,
      };
    } finally {
      factory.destroy(pair);
      page.cleanup();
    }
  } catch (error) {
    reply = { page: req.page, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply, reply.ok && reply.png.byteLength > 0 ? [reply.png.buffer as ArrayBuffer] : []);
});

/**
 * True when no sampled pixel is darker than light grey: a blank page (the back of a scanned sheet)
 * that OCR would spend a second or two on for nothing. Samples every 3rd pixel of every 3rd row,
 * enough to catch any text stroke at 300 dpi.
 */
function isBlank(rgba: Uint8ClampedArray): boolean {
  const stride = 3 * 4;
  for (let i = 0; i < rgba.length; i += stride) {
    // Weighted luminance of R, G, B.
    if (rgba[i]! * 0.3 + rgba[i + 1]! * 0.59 + rgba[i + 2]! * 0.11 < 200) return false;
  }
  return true;
}
