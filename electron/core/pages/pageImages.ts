/**
 * The `pageImage` command: the picture of one page of a document, for the review screen (over IPC in the
 * desktop app, over GET /api/documents/:id/pages/:page/image in a browser; both call this through the api).
 * Images a browser can show (PNG, JPEG, GIF, WebP) are sent as they are on disk; a PDF page is rendered
 * with the extraction's page renderer (pdftoppm when installed, else pdf.js; both with a deadline) and
 * sent as PNG: pdftoppm's grey PGM is re-encoded (grayPng.ts), pdf.js already writes PNG. Full pages are
 * not cached on disk; a page asked for at a width (a thumbnail) is, in the ThumbnailCache. Other types
 * (TIFF, BMP, text, Office files) are refused with UNSUPPORTED_TYPE.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PageImage, PageImageRequest } from '../../shared/contract/api.js';
import type { DocumentDetail, PageText } from '../../shared/contract/documents.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { createPageRenderer } from '../../../workers/extract/pdf/createPageRenderer.js';
import type { PageRendererChoice } from '../../../workers/extract/pdf/pageRenderer.js';
import { parsePgm } from '../../../workers/extract/pdf/popplerRenderer.js';
import { encodeGrayPng } from './grayPng.js';
import { SharedTasks, TaskSlots } from './sharedRenders.js';
import type { ThumbnailCache } from './ThumbnailCache.js';

/** Types a browser's <img> shows as they are. */
const BROWSER_IMAGES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface PageImageOptions {
  /** Pixels per PDF point. Default 1.5. */
  scale?: number;
  /** Longest side of a rendered page, px. Default 2000. */
  maxSide?: number;
  /** Deadline of one render, ms. Default 20 000. */
  timeoutMs?: number;
  /** Default 'auto' (pdftoppm when found, else pdf.js). */
  renderer?: PageRendererChoice;
  /** The app's resources folder, where a bundled pdftoppm is looked for. */
  resourcesDir?: string;
  /** Where pages rendered at a width are kept. Default: none (rendered every time). */
  thumbnails?: ThumbnailCache;
  /**
   * Pictures made at once (each reads its document's file whole, then renders): memory is bounded by this
   * times the largest file, however many requests wait. Default 2.
   */
  concurrentRenders?: number;
}

/** What a page picture needs of a document (a DocumentDetail has it; the api passes a lighter read). */
export type PageDocument = Pick<DocumentDetail, 'id' | 'sha256' | 'mime' | 'pages' | 'paths'> & {
  /** Page sizes in page units, for the scale. */
  pageTexts: readonly Pick<PageText, 'page' | 'width' | 'height'>[];
};

/** Answers the `pageImage` command (the api has parsed the request with the contract's schema). */
export type PageImageSource = (request: PageImageRequest) => Promise<PageImage>;

/**
 * `getDocument` is the api's own (a missing document is NOT_FOUND there, with the same sentence as
 * everywhere); it is passed in because the api is built with this source among its dependencies.
 */
export function createPageImageSource(
  getDocument: (id: number) => Promise<PageDocument>,
  options: PageImageOptions = {},
): PageImageSource {
  const scale = options.scale ?? 1.5;
  const maxSide = options.maxSide ?? 2000;
  const timeoutMs = options.timeoutMs ?? 20_000;
  // Few renders at a time: previews are for one person's review, and the pipeline needs the CPU too. A file
  // is read inside its slot, never while waiting for one, and a picture already being made is shared.
  const slots = new TaskSlots(options.concurrentRenders ?? 2);
  const making = new SharedTasks<PageImage>();

  return async ({ id, page, width }) => {
    const doc = await getDocument(id);
    const pageCount = doc.pages ?? 1;
    if (!Number.isInteger(page) || page < 1 || page > pageCount) {
      throw new AppError(ErrorCode.NOT_FOUND, `Document ${id} has no page ${page} (it has ${pageCount}).`);
    }
    const key = `${doc.id}:${doc.sha256 ?? ''}:${page}:${width ?? ''}`;
    if (BROWSER_IMAGES.has(doc.mime))
      return making.run(key, () =>
        slots.run(async () => ({ contentType: doc.mime, bytes: ownBytes(await readDocumentBytes(doc)) })),
      );
    if (doc.mime !== 'application/pdf') {
      throw new AppError(ErrorCode.UNSUPPORTED_TYPE, `No page preview for ${doc.mime} documents.`);
    }
    const size = doc.pageTexts.find((p) => p.page === page);
    if (width !== undefined) return thumbnail(doc, page, width, size?.width ?? null, key);
    const longest = Math.max(size?.width ?? 0, size?.height ?? 0);
    const pageScale = longest > 0 ? Math.min(scale, maxSide / longest) : scale;
    return making.run(key, () =>
      slots.run(async () => renderPdfPage(await readDocumentBytes(doc), page, pageScale, timeoutMs, options)),
    );
  };

  /** A PDF page `width` pixels wide: from the cache when rendered before, else rendered and kept. */
  async function thumbnail(
    doc: PageDocument,
    page: number,
    width: number,
    pageWidth: number | null,
    key: string,
  ): Promise<PageImage> {
    const cache = options.thumbnails;
    const sha = doc.sha256;
    const cached = cache && sha ? await cache.read(sha, page, width) : null;
    if (cached) return { contentType: 'image/png', bytes: ownBytes(cached) };
    return making.run(key, async () => {
      // A page of unknown size is taken for US Letter (612 points wide).
      const image = await slots.run(async () =>
        renderPdfPage(await readDocumentBytes(doc), page, width / (pageWidth || 612), timeoutMs, options),
      );
      if (cache && sha) await cache.write(sha, page, width, image.bytes).catch(() => undefined);
      return image;
    });
  }
}

/** The bytes of the first path that still holds the document (same sha256): a changed file would not match the boxes. */
async function readDocumentBytes(doc: PageDocument): Promise<Buffer> {
  for (const path of doc.paths) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      continue;
    }
    if (doc.sha256 === null || createHash('sha256').update(bytes).digest('hex') === doc.sha256) return bytes;
  }
  throw new AppError(
    ErrorCode.FILE_NOT_FOUND,
    `The file of document ${doc.id} is no longer where it was found, or has changed.`,
  );
}

async function renderPdfPage(
  data: Buffer,
  page: number,
  scale: number,
  timeoutMs: number,
  options: PageImageOptions,
): Promise<PageImage> {
  const renderer = createPageRenderer(new Uint8Array(data), timeoutMs, {
    renderer: options.renderer ?? 'auto',
    resourcesDir: options.resourcesDir,
  });
  try {
    const rendered = await renderer.render(page, scale);
    // A blank page comes back without pixels: send a white page of its size.
    if (rendered.blank)
      return {
        contentType: 'image/png',
        bytes: ownBytes(
          encodeGrayPng(rendered.width, rendered.height, new Uint8Array(rendered.width * rendered.height).fill(255)),
        ),
      };
    const image = rendered.image;
    if (image[0] === 0x50 && image[1] === 0x35) {
      // 'P5': pdftoppm's grey PGM.
      const pgm = parsePgm(image);
      return {
        contentType: 'image/png',
        bytes: ownBytes(encodeGrayPng(pgm.width, pgm.height, pgm.pixels, pgm.maxValue)),
      };
    }
    return { contentType: 'image/png', bytes: ownBytes(image) };
  } catch (error) {
    throw AppError.wrap(error, ErrorCode.EXTRACT_FAILED, `Page ${page} could not be rendered`);
  } finally {
    await renderer.stop();
  }
}

/**
 * The bytes in a buffer of their own. Structured clone (IPC) copies a view's whole underlying buffer, so
 * a picture that is a slice of a larger one (Node's Buffer pool, a thread's transfer) would cross with
 * its neighbours: at best wasted copying, at worst another document's bytes leaving the process.
 */
function ownBytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = view;
  if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength)
    return new Uint8Array(buffer);
  return new Uint8Array(view); // a copy, in a new buffer of exactly its size
}
