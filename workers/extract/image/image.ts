/**
 * Images go straight to OCR, one page per image (per TIFF page). Sizes are read from the header
 * first so an oversized image is refused (IMAGE_TOO_LARGE) before a decoder allocates it.
 */
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { ExtractOutput, ExtractedPage } from '../../../electron/shared/contract/extract.js';
import type { ExtractContext } from '../ExtractContext.js';
import { listTiffPages, readImageSize, sniffImageFormat, tiffSinglePage, type ImageSize } from './imageInfo.js';

export async function extractImage(bytes: Uint8Array, ctx: ExtractContext): Promise<ExtractOutput> {
  const format = sniffImageFormat(bytes);
  if (!format) {
    throw new AppError(
      ErrorCode.IMAGE_CORRUPT,
      `${ctx.fileName} is not a PNG, JPEG, TIFF, BMP, GIF or WebP image (unknown header).`,
      { retryable: false },
    );
  }
  const images: { bytes: Uint8Array; size: ImageSize | null }[] = [];
  if (format === 'tiff') {
    const tiffPages = listTiffPages(bytes, ctx.limits.maxPages + 1);
    if (tiffPages.length === 0) throw corrupt(ctx);
    if (tiffPages.length > ctx.limits.maxPages)
      ctx.warn(`Only the first ${ctx.limits.maxPages} pages of this TIFF were extracted (maxPages).`);
    for (const p of tiffPages.slice(0, ctx.limits.maxPages)) {
      images.push({
        bytes: tiffPages.length === 1 ? bytes : tiffSinglePage(bytes, p),
        size: p.width > 0 && p.height > 0 ? { width: p.width, height: p.height } : null,
      });
    }
  } else {
    images.push({ bytes, size: readImageSize(bytes, format) });
  }

  const pages: ExtractedPage[] = [];
  for (const [i, image] of images.entries()) {
    const n = i + 1;
    if (!image.size) throw corrupt(ctx);
    const { width, height } = image.size;
    if (width * height > ctx.limits.maxPixels) {
      throw new AppError(
        ErrorCode.IMAGE_TOO_LARGE,
        `${ctx.fileName}${images.length > 1 ? ` page ${n}` : ''} is ${width}×${height} pixels, over the ${ctx.limits.maxPixels.toLocaleString('en')}-pixel limit; scale it down or raise maxPixels.`,
        { retryable: false },
      );
    }
    if (!ctx.takeOcrPage()) {
      pages.push({ page: n, text: '', method: 'ocr', ocrConfidence: null, width, height, words: [] });
      continue;
    }
    const ocr = await ctx.ocrImage(image.bytes, images.length > 1 ? `page ${n}` : 'the image', { width, height });
    pages.push(
      ctx.takePage({
        page: n,
        text: ocr.text,
        method: 'ocr',
        ocrConfidence: ocr.confidence,
        width,
        height,
        words: ocr.words.map((w) => ({ text: w.text, box: w.box, confidence: w.confidence })),
      }),
    );
  }
  return { pages, attachments: [], warnings: ctx.warnings };
}

function corrupt(ctx: ExtractContext): AppError {
  return new AppError(
    ErrorCode.IMAGE_CORRUPT,
    `${ctx.fileName} is a damaged or truncated image (its size cannot be read).`,
    { retryable: false },
  );
}
