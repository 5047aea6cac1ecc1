/**
 * Renders pages with poppler's `pdftoppm`: one child process per page, the PDF on stdin, an 8-bit
 * grey PGM on stdout (tesseract reads PGM; grey is what it binarises anyway, and a third of RGB's
 * bytes). A run past the deadline is killed and reported as RenderThreadLost, like a hung pdf.js
 * thread. The page's pixels live in the child, never in our process.
 */
import { NativeRunError, runNative } from '../nativeTools.js';
import { RenderThreadLost, type PageRenderer, type RenderedPage } from './pageRenderer.js';

export class PopplerPageRenderer implements PageRenderer {
  readonly name = 'pdftoppm' as const;

  constructor(
    private readonly binary: string,
    private readonly data: Uint8Array,
    private readonly timeoutMs: number,
    /** The page's pixels at most (the caller scales pages to fit): more output than that is refused. */
    private readonly maxPixels?: number,
  ) {}

  async render(page: number, scale: number): Promise<RenderedPage> {
    // -r is in dots per inch; a PDF point is 1/72 inch. '-' reads the PDF from stdin; with no output
    // root, -singlefile writes the image to stdout.
    const args = ['-r', (scale * 72).toFixed(3), '-f', String(page), '-l', String(page), '-gray', '-singlefile', '-'];
    let out: Buffer;
    try {
      // A grey PGM is one byte per pixel plus a short header: pdftoppm never needs to write more.
      out = await runNative(this.binary, args, this.data, this.timeoutMs, process.env, {
        ...(this.maxPixels ? { maxOutputBytes: this.maxPixels * 1.05 + 4096 } : {}),
      });
    } catch (error) {
      if (
        error instanceof NativeRunError &&
        (error.failure.kind === 'timeout' || error.failure.kind === 'signal' || error.failure.kind === 'output')
      ) {
        throw new RenderThreadLost(
          error.failure.kind === 'timeout' ? `rendering took longer than ${this.timeoutMs} ms` : error.message,
        );
      }
      throw error;
    }
    const pgm = parsePgm(out);
    const image = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    if (isBlankGray(pgm.pixels, pgm.maxValue))
      return { image: new Uint8Array(0), blank: true, width: pgm.width, height: pgm.height };
    return { image, blank: false, width: pgm.width, height: pgm.height };
  }

  async stop(): Promise<void> {
    // Each page is its own short-lived process: nothing is kept between pages.
  }
}

export interface Pgm {
  width: number;
  height: number;
  maxValue: number;
  /** One byte per pixel (maxValue ≤ 255), row by row. */
  pixels: Uint8Array;
}

/** Parses a binary 8-bit PGM ("P5"), the format pdftoppm -gray writes. Throws on anything else. */
export function parsePgm(bytes: Uint8Array): Pgm {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < bytes.length && isSpace(bytes[pos]!)) pos++;
      if (bytes[pos] !== 0x23) break; // '#' comment to the end of the line
      while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
    }
    const start = pos;
    while (pos < bytes.length && !isSpace(bytes[pos]!)) pos++;
    return String.fromCharCode(...bytes.subarray(start, pos));
  };
  const magic = token();
  const width = Number(token());
  const height = Number(token());
  const maxValue = Number(token());
  pos++; // the single whitespace byte before the pixels
  if (magic !== 'P5' || !(width > 0) || !(height > 0) || !(maxValue > 0 && maxValue < 256)) {
    throw new Error(`pdftoppm wrote something that is not an 8-bit PGM (${magic || 'nothing'})`);
  }
  if (bytes.length - pos < width * height)
    throw new Error(`pdftoppm's image is truncated (${bytes.length - pos} of ${width * height} pixels)`);
  return { width, height, maxValue, pixels: bytes.subarray(pos, pos + width * height) };
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * True when no sampled pixel is darker than light grey (the same test as pdf.js rendering's, on grey
 * values): every 3rd pixel of the image, enough to catch any text stroke at 300 dpi.
 */
export function isBlankGray(pixels: Uint8Array, maxValue = 255): boolean {
  const threshold = (200 / 255) * maxValue;
  for (let i = 0; i < pixels.length; i += 3) if (pixels[i]! < threshold) return false;
  return true;
}
