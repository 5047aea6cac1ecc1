/**
 * OCR with tesseract.js (WebAssembly). It must never touch the network: langPath points at the
 * installed @tesseract.js-data/<lang> folder and the cache is off, so tesseract.js has no URL to
 * fetch (its default langPath is a CDN; offline that makes createWorker hang forever). tesseract.js
 * starts its own worker thread; we keep one per extraction thread.
 *
 * Traps in tesseract.js 7.0.0 (see ../CONTEXT.md): passing languages as { code, data } objects breaks
 * `initialize` (it joins the data bytes instead of the codes); without an errorHandler a failed job
 * is re-thrown from a message listener (an uncaught exception that kills the thread); with one, a
 * failed language load leaves createWorker pending forever. So: codes + a local langPath, an
 * errorHandler, and our own timeout around createWorker.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Worker as TesseractWorker } from 'tesseract.js';
import {
  layoutOcrText,
  meanConfidence,
  type OcrEngine,
  type OcrPage,
  type OcrWord,
  type RecognizeOptions,
} from './OcrEngine.js';

// Not named `require`: an ESM bundle (electron-vite) declares its own `require` at the top of the chunk.
const requireHere = createRequire(import.meta.url);
const INIT_TIMEOUT_MS = 60_000;

/** The folder holding <code>.traineddata.gz from @tesseract.js-data/<code>, or null when not installed. */
export function findTesseractJsLanguage(code: string): string | null {
  if (!/^[a-z_]+$/i.test(code)) return null;
  let root: string;
  try {
    root = dirname(requireHere.resolve(`@tesseract.js-data/${code}/package.json`));
  } catch {
    return null;
  }
  // best_int is the integer-quantised LSTM model: faster than 4.0.0 (which also carries the legacy model).
  for (const folder of ['4.0.0_best_int', '4.0.0']) {
    const dir = join(root, folder);
    if (existsSync(join(dir, `${code}.traineddata.gz`))) return dir;
  }
  return null;
}

export class TesseractJsEngine implements OcrEngine {
  readonly name = 'tesseract.js' as const;
  private worker: Promise<TesseractWorker> | null = null;
  private workerLanguages = '';
  /** A folder of symlinks when the languages come from several packages (langPath is one folder). */
  private linkDir: string | null = null;

  /**
   * `options.layout` is not applied: tesseract.js runs the library's default page segmentation, which
   * is the API's single block (psm 6) for every image, as it always did here. Its psm 3 was never
   * measured, so the fallback engine is left as it was (see ../CONTEXT.md).
   */
  async recognize(
    image: Uint8Array,
    languages: readonly string[],
    _options: RecognizeOptions = {},
  ): Promise<OcrPage & { missingLanguages: string[] }> {
    const found: { code: string; dir: string }[] = [];
    const missingLanguages: string[] = [];
    for (const code of languages) {
      const dir = findTesseractJsLanguage(code);
      if (dir) found.push({ code, dir });
      else missingLanguages.push(code);
    }
    if (found.length === 0) {
      throw new Error(
        `no OCR language data installed for ${languages.join(', ')} (npm package @tesseract.js-data/<code>)`,
      );
    }
    const worker = await this.workerFor(found);
    const { data } = await worker.recognize(
      Buffer.from(image.buffer, image.byteOffset, image.byteLength),
      {},
      { blocks: true, text: true },
    );
    const words: OcrWord[] = [];
    (data.blocks ?? []).forEach((block, b) =>
      block.paragraphs.forEach((paragraph, p) =>
        paragraph.lines.forEach((line, l) => {
          for (const word of line.words) {
            const text = word.text.trim();
            if (!text) continue;
            const { x0, y0, x1, y1 } = word.bbox;
            words.push({
              text,
              box: [x0, y0, x1 - x0, y1 - y0],
              confidence: Math.round(Math.max(0, Math.min(1, word.confidence / 100)) * 1e4) / 1e4,
              line: `${b}.${p}.${l}`,
              paragraph: `${b}.${p}`,
            });
          }
        }),
      ),
    );
    return { text: layoutOcrText(words), words, confidence: meanConfidence(words), missingLanguages };
  }

  private async workerFor(langs: { code: string; dir: string }[]): Promise<TesseractWorker> {
    const key = langs.map((l) => l.code).join('+');
    if (this.worker && this.workerLanguages === key) return this.worker;
    await this.dispose();
    let langPath = langs[0]!.dir;
    if (langs.some((l) => l.dir !== langPath)) {
      this.linkDir = mkdtempSync(join(tmpdir(), 'docpipe-tessdata-'));
      for (const l of langs)
        symlinkSync(join(l.dir, `${l.code}.traineddata.gz`), join(this.linkDir, `${l.code}.traineddata.gz`));
      langPath = this.linkDir;
    }
    this.workerLanguages = key;
    // Loaded on first use: with a native tesseract installed, most threads never need the library.
    const { createWorker, OEM } = await import('tesseract.js');
    const created = new Promise<TesseractWorker>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`tesseract.js did not start within ${INIT_TIMEOUT_MS} ms`)),
        INIT_TIMEOUT_MS,
      );
      createWorker(key, OEM.LSTM_ONLY, {
        langPath,
        gzip: true,
        cacheMethod: 'none',
        cachePath: tmpdir(),
        errorHandler: (error: unknown) => reject(new Error(`tesseract.js: ${String(error)}`)),
      }).then(
        (w) => {
          clearTimeout(timer);
          resolve(w);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
    this.worker = created;
    created.catch(() => {
      if (this.worker === created) {
        this.worker = null;
        this.workerLanguages = '';
      }
    });
    return created;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.workerLanguages = '';
    if (worker) await (await worker.catch(() => null))?.terminate();
    if (this.linkDir) rmSync(this.linkDir, { recursive: true, force: true });
    this.linkDir = null;
  }
}
