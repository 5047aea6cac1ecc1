import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../shared/contract/documents.js';
import { createCore, type Core } from '../createCore.js';
import { makeTextPdf } from '../testing/fixtureFiles.js';
import { encodeGrayPng, pngSize } from './grayPng.js';

const WORDS_PNG = fileURLToPath(new URL('../../../workers/extract/fixtures/words.png', import.meta.url));

describe('api.pageImage', () => {
  let root: string;
  let core: Core;
  let pdf: DocumentSummary;
  let png: DocumentSummary;
  let text: DocumentSummary;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'docpipe-page-image-'));
    const files = join(root, 'files');
    mkdirSync(files);
    writeFileSync(
      join(files, 'invoice.pdf'),
      makeTextPdf([['INVOICE', 'Invoice number: INV-7', 'Total: 120.00 EUR'], ['Page two']]),
    );
    copyFileSync(WORDS_PNG, join(files, 'words.png'));
    writeFileSync(join(files, 'note.txt'), 'A plain text note.\n');
    core = await createCore({ dataDir: join(root, 'data'), workers: 1 });
    await core.api.ingest({ paths: [files] });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const docs = await core.api.listDocuments({});
      if (docs.length === 3 && docs.every((d) => d.state === 'completed' || d.state === 'failed')) {
        const byName = (name: string) => docs.find((d) => d.paths[0]?.endsWith(name))!;
        [pdf, png, text] = [byName('invoice.pdf'), byName('words.png'), byName('note.txt')];
        break;
      }
      if (Date.now() > deadline)
        throw new Error(`documents not done: ${JSON.stringify(docs.map((d) => [d.paths[0], d.state]))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 90_000);

  afterAll(async () => {
    await core?.dispose({ graceMs: 1000 });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('renders a PDF page as a PNG at about 1.5 px per point, in bytes of its own', async () => {
    expect(pdf.pages).toBe(2);
    const image = await core.api.pageImage({ id: pdf.id, page: 1 });
    expect(image.contentType).toBe('image/png');
    // A 612 × 792 pt page at 1.5 px/pt.
    const size = pngSize(image.bytes);
    expect(size).not.toBeNull();
    expect(Math.abs(size!.width - 918)).toBeLessThanOrEqual(2);
    expect(Math.abs(size!.height - 1188)).toBeLessThanOrEqual(2);
    // IPC's structured clone sends a view's whole buffer: the picture must be all of its buffer.
    expect(image.bytes.byteOffset).toBe(0);
    expect(image.bytes.byteLength).toBe(image.bytes.buffer.byteLength);
    expect(pngSize((await core.api.pageImage({ id: pdf.id, page: 2 })).bytes)).not.toBeNull();
  }, 30_000);

  it('renders a page at a width as a thumbnail, kept on disk by content and read from there next time', async () => {
    const image = await core.api.pageImage({ id: pdf.id, page: 2, width: 120 });
    // The renderers round the scale to their own units: within 2 px of the width asked for.
    const size = pngSize(image.bytes)!;
    expect(Math.abs(size.width - 120)).toBeLessThanOrEqual(2);
    expect(Math.abs(size.height - 155)).toBeLessThanOrEqual(3);
    const cached = join(root, 'data', 'thumbnails', pdf.sha256!.slice(0, 2), `${pdf.sha256}-p2-w120.png`);
    expect(new Uint8Array(readFileSync(cached))).toEqual(image.bytes);
    // The next call reads the file: a picture put there is what comes back.
    const marked = encodeGrayPng(2, 2, new Uint8Array(4).fill(7));
    writeFileSync(cached, marked);
    expect((await core.api.pageImage({ id: pdf.id, page: 2, width: 120 })).bytes).toEqual(new Uint8Array(marked));
    // An image document is sent as it is at any width.
    expect((await core.api.pageImage({ id: png.id, page: 1, width: 64 })).bytes).toEqual(
      new Uint8Array(readFileSync(join(root, 'files', 'words.png'))),
    );
  });

  it('makes a picture asked for many times at once only once, and the others as well', async () => {
    // Thirty requests for one page share one read and render: each gets that one picture's bytes.
    const same = await Promise.all(Array.from({ length: 30 }, () => core.api.pageImage({ id: pdf.id, page: 2 })));
    expect(new Set(same.map((image) => image.bytes)).size).toBe(1);
    expect(pngSize(same[0]!.bytes)).not.toBeNull();
    // Different pictures at once each get their own, in the slots' turn.
    const mixed = await Promise.all([
      core.api.pageImage({ id: pdf.id, page: 1 }),
      core.api.pageImage({ id: pdf.id, page: 2, width: 130 }),
      core.api.pageImage({ id: pdf.id, page: 1, width: 130 }),
      core.api.pageImage({ id: png.id, page: 1 }),
      core.api.pageImage({ id: png.id, page: 1 }),
    ]);
    expect(Math.abs(pngSize(mixed[1]!.bytes)!.width - 130)).toBeLessThanOrEqual(2);
    expect(Math.abs(pngSize(mixed[2]!.bytes)!.width - 130)).toBeLessThanOrEqual(2);
    expect(pngSize(mixed[0]!.bytes)!.width).toBeGreaterThan(900);
    expect(mixed[3]!.bytes).toBe(mixed[4]!.bytes);
    expect(mixed[3]!.bytes).toEqual(new Uint8Array(readFileSync(WORDS_PNG)));
  });

  it('sends an image document as it is on disk', async () => {
    const image = await core.api.pageImage({ id: png.id, page: 1 });
    expect(image.contentType).toBe('image/png');
    expect(Buffer.from(image.bytes).equals(readFileSync(WORDS_PNG))).toBe(true);
  });

  it('says NOT_FOUND for a page or document that is not there, and checks the request with the contract', async () => {
    await expect(core.api.pageImage({ id: pdf.id, page: 3 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/has no page 3 \(it has 2\)/),
    });
    await expect(core.api.pageImage({ id: 99_999, page: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.api.pageImage({ id: pdf.id, page: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a type without a picture, and a file that changed since it was read', async () => {
    await expect(core.api.pageImage({ id: text.id, page: 1 })).rejects.toMatchObject({ code: 'UNSUPPORTED_TYPE' });
    // Boxes were found on the old bytes: a changed file must not be shown under them.
    writeFileSync(png.paths[0]!, encodeGrayPng(4, 4, new Uint8Array(16)));
    await expect(core.api.pageImage({ id: png.id, page: 1 })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describe('encodeGrayPng', () => {
  it('writes a PNG whose IHDR holds the size', () => {
    const png = encodeGrayPng(3, 2, Uint8Array.from([0, 128, 255, 255, 128, 0]));
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    expect(() => encodeGrayPng(3, 2, new Uint8Array(5))).toThrow(/pixels/);
  });
});
