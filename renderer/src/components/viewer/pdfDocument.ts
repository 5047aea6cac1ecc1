/**
 * Opening a PDF with pdf.js in the page: its worker (a file of the build, see renderer/vite.config.ts),
 * and where its bytes come from. In a browser pdf.js fetches the server's file route itself, in ranges,
 * and loads only what the pages it draws need (disableAutoFetch). In the desktop app the page is
 * file:// with no server, so the bytes come over IPC in parts (`documentFile` with offset and length)
 * through a PDFDataRangeTransport: a large PDF is never sent whole.
 *
 * pdf.js is imported when the first PDF is opened, so the app's first screen does not wait for it.
 */
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { DocumentSource } from '../../client/docpipeClient.js';

/** The first part asked for over IPC; a PDF no larger arrives whole in it. */
const FIRST_PART_BYTES = 1024 * 1024;
/** The parts pdf.js asks for as it draws pages. */
const RANGE_CHUNK_BYTES = 256 * 1024;

/** Where the build puts pdf.js's character maps, standard fonts and decoders (relative to index.html). */
const ASSETS = new URL('./pdfjs/', document.baseURI).href;

export interface OpenedPdf {
  pdf: Promise<PDFDocumentProxy>;
  /** Stops loading and frees the document (its worker's memory). */
  close(): void;
}

export function openPdf(source: DocumentSource): OpenedPdf {
  let task: PDFDocumentLoadingTask | null = null;
  let closed = false;
  const pdf = (async () => {
    const pdfjs = await import('pdfjs-dist');
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    const common = {
      cMapUrl: `${ASSETS}cmaps/`,
      cMapPacked: true,
      standardFontDataUrl: `${ASSETS}standard_fonts/`,
      wasmUrl: `${ASSETS}wasm/`,
      // The page's CSP allows no eval; pdf.js then interprets fonts' programs instead of compiling them.
      isEvalSupported: false,
      rangeChunkSize: RANGE_CHUNK_BYTES,
      disableAutoFetch: true,
      disableStream: true,
    };
    if (source.kind === 'url') {
      task = pdfjs.getDocument({ ...common, url: source.url });
    } else {
      const first = await source.read(0, FIRST_PART_BYTES);
      if (first.offset + first.bytes.byteLength >= first.size) {
        task = pdfjs.getDocument({ ...common, data: first.bytes });
      } else {
        const read = source.read;
        class PartsTransport extends pdfjs.PDFDataRangeTransport {
          override requestDataRange(begin: number, end: number): void {
            read(begin, end - begin).then(
              (part) => this.onDataRange(begin, part.bytes),
              () => this.abort(),
            );
          }
        }
        task = pdfjs.getDocument({ ...common, range: new PartsTransport(first.size, first.bytes) });
      }
    }
    if (closed) void task.destroy();
    return task.promise;
  })();
  return {
    pdf,
    close() {
      closed = true;
      void task?.destroy();
    },
  };
}
