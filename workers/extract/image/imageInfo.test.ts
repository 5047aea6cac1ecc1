import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { listTiffPages, readImageSize, sniffImageFormat, tiffSinglePage } from './imageInfo.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

describe('image headers', () => {
  it('reads PNG, JPEG and TIFF sizes from the committed fixtures', () => {
    expect(readImageSize(fixture('words.png'), 'png')).toEqual({ width: 1000, height: 200 });
    expect(readImageSize(fixture('words.jpg'), 'jpeg')).toEqual({ width: 1000, height: 200 });
    expect(readImageSize(fixture('two-pages.tif'), 'tiff')).toEqual({ width: 1000, height: 200 });
  });

  it('reads BMP, GIF and WebP sizes from their headers', () => {
    const bmp = new Uint8Array(54);
    bmp.set([0x42, 0x4d]);
    new DataView(bmp.buffer).setInt32(18, 640, true);
    new DataView(bmp.buffer).setInt32(22, -480, true); // top-down
    expect(sniffImageFormat(bmp)).toBe('bmp');
    expect(readImageSize(bmp, 'bmp')).toEqual({ width: 640, height: 480 });

    const gif = Uint8Array.from([...Buffer.from('GIF89a'), 0x20, 0x03, 0x58, 0x02]);
    expect(readImageSize(gif, sniffImageFormat(gif)!)).toEqual({ width: 800, height: 600 });

    const webp = new Uint8Array(30);
    webp.set(Buffer.from('RIFF'), 0);
    webp.set(Buffer.from('WEBPVP8X'), 8);
    webp.set([0x1f, 0x03, 0x00, 0x57, 0x02, 0x00], 24); // 800-1, 600-1 as 24-bit LE
    expect(readImageSize(webp, sniffImageFormat(webp)!)).toEqual({ width: 800, height: 600 });
  });

  it('returns null for truncated headers instead of throwing', () => {
    expect(readImageSize(fixture('words.png').subarray(0, 12), 'png')).toBeNull();
    expect(readImageSize(fixture('words.jpg').subarray(0, 40), 'jpeg')).toBeNull();
  });

  it('splits a multi-page TIFF into single-page files and survives an IFD loop', () => {
    const tif = fixture('two-pages.tif');
    const pages = listTiffPages(tif);
    expect(pages).toHaveLength(2);
    const second = tiffSinglePage(tif, pages[1]!);
    expect(listTiffPages(second)).toEqual([{ ...pages[1]!, nextPointerOffset: pages[1]!.nextPointerOffset }]);
    // Point page 2's "next" back at page 1: a loop must end, not spin.
    const looped = new Uint8Array(tif);
    new DataView(looped.buffer).setUint32(pages[1]!.nextPointerOffset, pages[0]!.ifdOffset, tif[0] === 0x49);
    expect(listTiffPages(looped)).toHaveLength(2);
  });
});
