/**
 * Reads image sizes from headers, without decoding, so an oversized image is refused before OCR
 * allocates width × height × 4 bytes; and splits a multi-page TIFF into single-page TIFFs for the
 * OCR engines (tesseract.js reads only the first page of a TIFF).
 */
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

/** Width and height from the header; null when the header is truncated or malformed. */
export function readImageSize(b: Uint8Array, format: ImageFormat): ImageSize | null {
  try {
    const v = view(b);
    switch (format) {
      case 'png':
        return checked(v.getUint32(16), v.getUint32(20));
      case 'gif':
        return checked(v.getUint16(6, true), v.getUint16(8, true));
      case 'bmp':
        // Height is negative for top-down bitmaps.
        return checked(Math.abs(v.getInt32(18, true)), Math.abs(v.getInt32(22, true)));
      case 'webp':
        return readWebpSize(b, v);
      case 'jpeg':
        return readJpegSize(b, v);
      case 'tiff': {
        const pages = listTiffPages(b);
        return pages[0] ? checked(pages[0].width, pages[0].height) : null;
      }
    }
  } catch {
    return null;
  }
}

function checked(width: number, height: number): ImageSize | null {
  return width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height) ? { width, height } : null;
}

function readJpegSize(b: Uint8Array, v: DataView): ImageSize | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = v.getUint16(i + 2);
    // Any SOFn except DHT (C4), JPG (C8) and DAC (CC) carries the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return checked(v.getUint16(i + 7), v.getUint16(i + 5));
    }
    i += 2 + length;
  }
  return null;
}

function readWebpSize(b: Uint8Array, v: DataView): ImageSize | null {
  const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (chunk === 'VP8 ') return checked(v.getUint16(26, true) & 0x3fff, v.getUint16(28, true) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = v.getUint32(21, true);
    return checked((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
    const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
    return checked(w, h);
  }
  return null;
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
