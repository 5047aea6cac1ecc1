/**
 * Reads image sizes from headers, without decoding, so an oversized image is refused before OCR
 * allocates width × height × 4 bytes; and splits a multi-page TIFF into single-page TIFFs for the
 * OCR engines (tesseract.js reads only the first page of a TIFF). Sizes come from image-size; the page
 * split is ours (image-size reads a TIFF's first page only and gives no page offsets).
 */
import { imageSize } from 'image-size';
export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'gif' | 'webp';

export interface ImageSize {
  width: number;
  height: number;
}

export function sniffImageFormat(b: Uint8Array): ImageFormat | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (
    (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) ||
    (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a)
  )
    return 'tiff';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'gif';
  if (
    b[0] === 0x52 &&
    b[1] === 0x49 &&
    b[2] === 0x46 &&
    b[3] === 0x46 &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  )
    return 'webp';
  return null;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** image-size's name for each format we sniff. */
const IMAGE_SIZE_TYPE: Readonly<Record<ImageFormat, string>> = {
  png: 'png',
  jpeg: 'jpg',
  tiff: 'tiff',
  bmp: 'bmp',
  gif: 'gif',
  webp: 'webp',
};

/**
 * What image-size is given first. Its JPEG reader copies what it gets (a 200 MB JPEG would cost 200 MB
 * more), and a JPEG's frame header comes after its metadata, well within 1 MiB in practice; a header
 * found later (a TIFF whose first page is written at the end) is read from the whole file.
 */
const HEADER_BYTES = 1024 * 1024;

/**
 * Width and height from the header (image-size, which its many users have run on every kind of damaged
 * file); null when the header is truncated or malformed, or image-size takes the bytes for another
 * format than the one sniffed.
 */
export function readImageSize(b: Uint8Array, format: ImageFormat): ImageSize | null {
  const size = (b.length > HEADER_BYTES ? sizeOf(b.subarray(0, HEADER_BYTES)) : null) ?? sizeOf(b);
  return size && size.type === IMAGE_SIZE_TYPE[format] ? checked(size.width, size.height) : null;
}

function sizeOf(b: Uint8Array): ReturnType<typeof imageSize> | null {
  try {
    return imageSize(b);
  } catch {
    // image-size throws TypeError or RangeError on a header it cannot read.
    return null;
  }
}

function checked(width: number, height: number): ImageSize | null {
  return width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height) ? { width, height } : null;
}

export interface TiffPage {
  /** Byte offset of the page's IFD. */
  ifdOffset: number;
  /** Byte offset of the 4-byte "next IFD" pointer that ends it. */
  nextPointerOffset: number;
  width: number;
  height: number;
}

/** The pages (IFDs) of a classic TIFF. BigTIFF is not handled (it is refused as corrupt upstream). */
export function listTiffPages(b: Uint8Array, maxPages = 10_000): TiffPage[] {
  const v = view(b);
  const le = b[0] === 0x49;
  const pages: TiffPage[] = [];
  const seen = new Set<number>();
  let offset = v.getUint32(4, le);
  // The IFD chain is attacker-controlled: stop on a loop, an offset outside the file, or too many pages.
  while (offset !== 0 && !seen.has(offset) && offset + 2 <= b.length && pages.length < maxPages) {
    seen.add(offset);
    const count = v.getUint16(offset, le);
    const nextPointerOffset = offset + 2 + count * 12;
    if (nextPointerOffset + 4 > b.length) break;
    let width = 0;
    let height = 0;
    for (let e = 0; e < count; e++) {
      const entry = offset + 2 + e * 12;
      const tag = v.getUint16(entry, le);
      if (tag !== 256 && tag !== 257) continue;
      const type = v.getUint16(entry + 2, le);
      const value = type === 3 ? v.getUint16(entry + 8, le) : v.getUint32(entry + 8, le);
      if (tag === 256) width = value;
      else height = value;
    }
    pages.push({ ifdOffset: offset, nextPointerOffset, width, height });
    offset = v.getUint32(nextPointerOffset, le);
  }
  return pages;
}

/**
 * A copy of the TIFF whose header points at the given page and whose page chain ends there: every
 * other offset in a TIFF is absolute, so the strips stay valid without re-encoding anything.
 */
export function tiffSinglePage(b: Uint8Array, page: TiffPage): Uint8Array {
  const copy = new Uint8Array(b);
  const v = view(copy);
  const le = copy[0] === 0x49;
  v.setUint32(4, page.ifdOffset, le);
  v.setUint32(page.nextPointerOffset, 0, le);
  return copy;
}
