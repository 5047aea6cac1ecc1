import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../electron/shared/contract/errors.js';
import { pdfFlateBomb } from '../testing/containers.js';
import { assertPdfStreamsFit, findOversizedStream } from './pdfStreams.js';

const MiB = 1024 * 1024;

/** A PDF-like file of objects with one stream each (the scan reads bytes, not the xref table). */
function withStreams(...streams: { dict: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n')];
  streams.forEach(({ dict, data }, i) => {
    parts.push(Buffer.from(`${i + 1} 0 obj\n${dict}\nstream\n`), data, Buffer.from('\nendstream\nendobj\n'));
  });
  return Buffer.concat(parts);
}

describe('PDF streams against maxStreamBytes', () => {
  it('finds a Flate stream that decodes past the budget, and refuses the file with PDF_STREAM_TOO_LARGE', async () => {
    const bytes = pdfFlateBomb(8 * MiB);
    expect(await findOversizedStream(bytes, 4 * MiB)).toMatchObject({ decoded: expect.any(Number) });
    await expect(assertPdfStreamsFit(bytes, 4 * MiB, 'bomb.pdf')).rejects.toMatchObject({
      code: ErrorCode.PDF_STREAM_TOO_LARGE,
      retryable: false,
      message: expect.stringContaining('unpacks to more than 4 MiB (maxStreamBytes)'),
    });
    // Within a budget it fits, it passes.
    expect(await findOversizedStream(bytes, 16 * MiB)).toBeNull();
  });

  it('passes an ordinary PDF', async () => {
    const text = readFileSync(new URL('../fixtures/text.pdf', import.meta.url));
    expect(await findOversizedStream(text, 1024)).toBeNull();
  });

  it('resolves an indirect /Length, and leaves images to pdf.js (it reads only their width × height)', async () => {
    const bomb = deflateSync(Buffer.alloc(3 * MiB, 0x20));
    const indirect = withStreams({ dict: '<< /Length 9 0 R /Filter /FlateDecode >>', data: bomb });
    const withLength = Buffer.concat([indirect, Buffer.from(`9 0 obj\n${bomb.length}\nendobj\n`)]);
    expect(await findOversizedStream(withLength, MiB)).toMatchObject({ packed: bomb.length });
    const image = withStreams({
      dict: `<< /Type /XObject /Subtype /Image /Width 2048 /Height 1536 /Length ${bomb.length} /Filter /FlateDecode >>`,
      data: bomb,
    });
    expect(await findOversizedStream(image, MiB)).toBeNull();
  });

  it('checks the first filter of a chain: Flate under DCT is checked, ASCII85 before Flate is not', async () => {
    const bomb = deflateSync(Buffer.alloc(3 * MiB, 0x20));
    const chain = (filters: string) =>
      withStreams({ dict: `<< /Length ${bomb.length} /Filter [${filters}] >>`, data: bomb });
    expect(await findOversizedStream(chain('/FlateDecode /DCTDecode'), MiB)).not.toBeNull();
    expect(await findOversizedStream(chain('/ASCII85Decode /FlateDecode'), MiB)).toBeNull();
  });
});
