import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import { makeZip } from '../testing/containers.js';
import { BoundedZip, ZipFormatError } from './zipReader.js';

const MiB = 1024 * 1024;
const budget = { maxEntries: 100, maxUnpackedBytes: 4 * MiB };
const text = (n: number) => Buffer.from('lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n));
const blanks = (mib: number) => [{ bytes: Buffer.alloc(MiB, 0x20), times: mib }];

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (AppError.is(error)) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

describe('BoundedZip', () => {
  it('reads stored and deflated entries and counts what it unpacked', () => {
    const zip = BoundedZip.open(
      makeZip([
        { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', stored: true },
        { name: 'content.xml', content: text(5000) },
      ]),
      'a.odt',
      budget,
    );
    expect(zip.names).toEqual(['mimetype', 'content.xml']);
    expect(zip.readText('mimetype')).toBe('application/vnd.oasis.opendocument.text');
    expect(zip.readText('content.xml')).toBe(text(5000).toString());
    expect(zip.unpackedBytes).toBe(39 + 5000);
  });

  it('refuses more entries than the budget from the directory, before reading any', () => {
    const many = makeZip(Array.from({ length: 101 }, (_, i) => ({ name: `e${i}.xml`, content: '' })));
    expect(refusal(() => BoundedZip.open(many, 'many.xlsx', budget))).toMatchObject({
      code: ErrorCode.ARCHIVE_TOO_LARGE,
      retryable: false,
      message: expect.stringContaining('101 entries, over the 100 docpipe reads (maxArchiveEntries)'),
    });
  });

  it('reads the count of a ZIP64 end record (over 65,535 entries)', () => {
    const many = makeZip(Array.from({ length: 70_000 }, (_, i) => ({ name: `e${i}`, content: '' })));
    expect(refusal(() => BoundedZip.open(many, 'many.xlsx', budget)).message).toContain('holds 70,000 entries');
    expect(BoundedZip.open(many, 'many.xlsx', { ...budget, maxEntries: 70_000 }).names).toHaveLength(70_000);
  });

  it('refuses an entry compressed far beyond what documents compress to (a ratio over 500:1)', () => {
    const zip = makeZip([{ name: 'ppt/slides/slide1.xml', pieces: blanks(2) }]);
    expect(refusal(() => BoundedZip.open(zip, 'deck.pptx', budget))).toMatchObject({
      code: ErrorCode.ARCHIVE_TOO_LARGE,
      message: expect.stringMatching(/slide1\.xml would unpack \d+ times its packed size/),
    });
  });

  it('refuses parts over the unpacked budget before inflating them (assertFits, and read)', () => {
    const zip = BoundedZip.open(
      makeZip([
        { name: 'a.xml', content: text(3 * MiB) },
        { name: 'b.xml', content: text(2 * MiB) },
      ]),
      'book.xlsx',
      budget,
    );
    expect(refusal(() => zip.assertFits(['a.xml', 'b.xml']))).toMatchObject({
      code: ErrorCode.ARCHIVE_TOO_LARGE,
      message: expect.stringContaining('unpack to 5.0 MiB, over the 4.0 MiB'),
    });
    expect(zip.unpackedBytes).toBe(0);
    zip.read('a.xml');
    expect(refusal(() => zip.read('b.xml')).code).toBe(ErrorCode.ARCHIVE_TOO_LARGE);
    expect(zip.unpackedBytes).toBe(3 * MiB);
  });

  it('stops inflating an entry at the size its directory states when the directory lies', () => {
    const zip = BoundedZip.open(
      makeZip([{ name: 'word/document.xml', pieces: [{ bytes: text(MiB), times: 3 }], claimedSize: 1000 }]),
      'lie.docx',
      budget,
    );
    expect(refusal(() => zip.read('word/document.xml'))).toMatchObject({
      code: ErrorCode.ARCHIVE_TOO_LARGE,
      message: expect.stringContaining('unpacks to more than the 1 KiB its directory states'),
    });
    expect(zip.unpackedBytes).toBe(0);
  });

  it('refuses directories whose entries claim many times the budget in all', () => {
    const claims = makeZip(
      Array.from({ length: 40 }, (_, i) => ({ name: `media/${i}.bin`, content: 'x', claimedSize: MiB })),
    );
    expect(refusal(() => BoundedZip.open(claims, 'claims.docx', budget)).message).toContain(
      'claim to unpack to 40.0 MiB in all',
    );
  });

  it('reports damage as ZipFormatError: truncation, a checksum that does not match, no directory', () => {
    const good = makeZip([{ name: 'content.xml', content: text(4000) }]);
    expect(() => BoundedZip.open(good.subarray(0, good.length - 30), 'cut.odt', budget)).toThrow(ZipFormatError);
    const flipped = Buffer.from(good);
    flipped[50] = flipped[50]! ^ 0xff; // inside the compressed data (header 30 + name 11)
    expect(() => BoundedZip.open(flipped, 'flipped.odt', budget).read('content.xml')).toThrow(ZipFormatError);
    expect(() => BoundedZip.open(Buffer.from('PK\u0003\u0004 not really'), 'x.odt', budget)).toThrow(
      /no end of central directory/,
    );
  });
});
