/**
 * extractFile on real files: committed fixtures (fixtures/make-fixtures.sh) and files written here.
 * OCR cases run once per engine available: tesseract.js always, the native CLI when installed.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../electron/shared/contract/errors.js';
import {
  DEFAULT_EXTRACT_LIMITS,
  type ExtractLimits,
  type ExtractOutput,
  type ExtractResponse,
} from '../../electron/shared/contract/extract.js';
import { DOCX_MIME, extractFile } from './extractFile.js';
import { createOcrEngine } from './image/ocr/createOcrEngine.js';
import type { OcrEngine, OcrEngineChoice } from './image/ocr/OcrEngine.js';
import { findTesseractBinary } from './image/ocr/tesseractCli.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const fixture = (name: string): string => new URL(name, fixtures).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'extract-test-'));
const engines: OcrEngine[] = [];

afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
  rmSync(tmp, { recursive: true, force: true });
});

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function write(name: string, content: string | Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

async function extract(
  path: string,
  mime: string,
  options: { limits?: Partial<ExtractLimits>; engine?: OcrEngine; sha?: string; languages?: string[] } = {},
): Promise<ExtractResponse> {
  const engine = options.engine;
  return extractFile(
    {
      path,
      mime,
      sha256: options.sha ?? sha256(path),
      limits: { ...DEFAULT_EXTRACT_LIMITS, ...options.limits },
      languages: options.languages ?? ['eng'],
    },
    engine ? { ocr: () => engine } : undefined,
  );
}

function ok(r: ExtractResponse): ExtractOutput {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.output;
}

describe('extractFile: files and limits', () => {
  it('refuses a file whose content changed since ingest hashed it', async () => {
    const path = write('changed.txt', 'new content');
    const r = await extract(path, 'text/plain', { sha: createHash('sha256').update('old content').digest('hex') });
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.FILE_CHANGED, retryable: false } });
  });

  it('reports missing, empty, oversized and unsupported files by code', async () => {
    expect(await extract(join(tmp, 'missing.pdf'), 'application/pdf', { sha: 'x' })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.FILE_NOT_FOUND },
    });
    expect(await extract(write('empty.txt', ''), 'text/plain')).toMatchObject({
      ok: false,
      error: { code: ErrorCode.FILE_EMPTY },
    });
    expect(
      await extract(write('big.txt', 'x'.repeat(2000)), 'text/plain', { limits: { maxBytes: 1000 } }),
    ).toMatchObject({
      ok: false,
      error: { code: ErrorCode.FILE_TOO_LARGE, message: expect.stringContaining('big.txt') },
    });
    expect(await extract(write('a.zip', 'PK'), 'application/zip')).toMatchObject({
      ok: false,
      error: { code: ErrorCode.UNSUPPORTED_TYPE },
    });
  });
});

describe('extractFile: PDF text layer', () => {
  it('extracts lines in reading order with word boxes in points from the top-left', async () => {
    const out = ok(await extract(fixture('text.pdf'), 'application/pdf'));
    expect(out.pages).toHaveLength(1);
    const [page] = out.pages;
    expect(page).toMatchObject({ page: 1, method: 'text', width: 595, height: 842, ocrConfidence: null });
    expect(page!.text).toBe('Invoice number 4711\nTotal due: 123.45 EUR\n\nThank you for your business.');
    const invoice = page!.words.find((w) => w.text === 'Invoice')!;
    // Drawn at y=720 (baseline, PDF space) in 14 pt Helvetica on an 842 pt page: top ≈ 842-720-14.
    expect(invoice.box[0]).toBeCloseTo(72, 0);
    expect(invoice.box[1]).toBeCloseTo(108, 0);
    expect(invoice.box[2]).toBeGreaterThan(30);
    const total = page!.words.find((w) => w.text === '123.45')!;
    expect(total.box[1]).toBeGreaterThan(invoice.box[1]);
    expect(total.box[0]).toBeGreaterThan(invoice.box[0] + 50);
  });

  it('extracts every page, and cuts at maxPages with a warning', async () => {
    const all = ok(await extract(fixture('two-pages.pdf'), 'application/pdf'));
    expect(all.pages.map((p) => p.text)).toEqual(['First page says alpha', 'Second page says omega']);
    expect(all.warnings).toEqual([]);
    const cut = ok(await extract(fixture('two-pages.pdf'), 'application/pdf', { limits: { maxPages: 1 } }));
    expect(cut.pages.map((p) => p.page)).toEqual([1]);
    expect(cut.warnings.join()).toMatch(/first 1 of 2 pages/);
  });

  it('reports an encrypted PDF as PDF_ENCRYPTED, not retryable', async () => {
    const r = await extract(fixture('encrypted.pdf'), 'application/pdf');
    expect(r).toMatchObject({
      ok: false,
      error: { code: ErrorCode.PDF_ENCRYPTED, retryable: false, message: expect.stringContaining('encrypted.pdf') },
    });
  });

  it('reports a truncated PDF and a non-PDF as PDF_CORRUPT', async () => {
    expect(await extract(fixture('corrupt.pdf'), 'application/pdf')).toMatchObject({
      ok: false,
      error: { code: ErrorCode.PDF_CORRUPT, retryable: false },
    });
    expect(await extract(write('fake.pdf', 'hello, I am text'), 'application/pdf')).toMatchObject({
      ok: false,
      error: { code: ErrorCode.PDF_CORRUPT },
    });
  });

  it('gives up OCR on a page whose drawing never finishes, instead of hanging the thread', async () => {
    // A tiling pattern drawing a form that fills with the same pattern: pdf.js 5.6 loops forever
    // building the page's operator list (no text layer, so the page goes to OCR rendering).
    const path = write(
      'pattern-cycle.pdf',
      makePdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Resources << /XObject << /F1 5 0 R >> >> /Contents 4 0 R >>',
        stream('<< >>', '/F1 Do'),
        stream(
          '<< /Subtype /Form /BBox [0 0 300 300] /Resources << /Pattern << /P1 6 0 R >> >> >>',
          '/Pattern cs /P1 scn 0 0 200 200 re f',
        ),
        stream(
          '<< /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 20 20] /XStep 20 /YStep 20 /Resources << /XObject << /F2 5 0 R >> >> >>',
          '/F2 Do',
        ),
      ]),
    );
    const started = Date.now();
    const r = await extractFile(
      { path, mime: 'application/pdf', sha256: sha256(path), limits: DEFAULT_EXTRACT_LIMITS, languages: ['eng'] },
      // pdf.js is the renderer that loops here (pdftoppm draws this page; pageRenderer.test.ts covers its deadline).
      {
        ocr: () => createOcrEngine({ engine: 'tesseract.js' }),
        pdfRenderTimeoutMs: 3000,
        render: { renderer: 'pdf.js' },
      },
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    const out = ok(r);
    expect(out.pages).toMatchObject([{ page: 1, text: '' }]);
    expect(out.warnings.join()).toMatch(/could not be rendered for OCR \(rendering took longer than 3000 ms\)/);
  });

  it('does not OCR a textless page that renders blank', async () => {
    const path = write(
      'blank.pdf',
      makePdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
        stream('<< >>', '0.98 g 0 0 10 10 re f'),
      ]),
    );
    const refuse: OcrEngine = {
      name: 'native',
      recognize: () => Promise.reject(new Error('a blank page must not reach OCR')),
      dispose: async () => {},
    };
    const out = ok(await extract(path, 'application/pdf', { engine: refuse }));
    expect(out.pages).toMatchObject([{ page: 1, text: '', width: 200, height: 200 }]);
  });

  it('leaves a textless page un-OCRed when maxOcrPages is 0, with a warning', async () => {
    const out = ok(await extract(fixture('scanned.pdf'), 'application/pdf', { limits: { maxOcrPages: 0 } }));
    expect(out.pages[0]).toMatchObject({ method: 'text', text: '' });
    expect(out.warnings.join()).toMatch(/maxOcrPages/);
  });
});

describe('extractFile: text formats', () => {
  it('reads TXT in latin1 and UTF-16, and CSV as one page', async () => {
    expect(
      ok(await extract(write('l1.txt', Buffer.from('Größe: 12 m²\r\n', 'latin1')), 'text/plain')).pages[0]!.text,
    ).toBe('Größe: 12 m²\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Total;12\n', 'utf16le')]);
    expect(ok(await extract(write('u16.csv', utf16), 'text/csv')).pages).toMatchObject([
      { page: 1, text: 'Total;12\n', method: 'text' },
    ]);
  });

  it('reads HTML without its scripts', async () => {
    const path = write(
      'page.html',
      Buffer.from(
        '<html><head><meta charset="iso-8859-1"><script>alert("x")</script></head><body><p>Caf\xe9 &amp; bar</p><p>Second</p></body></html>',
        'latin1',
      ),
    );
    expect(ok(await extract(path, 'text/html; charset=utf-8')).pages[0]!.text).toBe('Café & bar\n\nSecond');
  });

  it('reads an EML with its headers first and lists its attachment', async () => {
    const eml = [
      'From: shop@example.com',
      'To: me@example.com',
      'Subject: Your order',
      'Content-Type: multipart/mixed; boundary=XX',
      '',
      '--XX',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Order 991 shipped.').toString('base64'),
      '--XX',
      'Content-Type: image/png',
      "Content-Disposition: attachment; filename*=utf-8''re%C3%A7u.png",
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from([1, 2, 3, 4, 5]).toString('base64'),
      '--XX--',
    ].join('\n');
    const out = ok(await extract(write('order.eml', eml), 'message/rfc822'));
    expect(out.pages[0]!.text).toBe(
      'From: shop@example.com\nTo: me@example.com\nSubject: Your order\n\nOrder 991 shipped.',
    );
    expect(out.attachments).toEqual([{ fileName: 'reçu.png', mime: 'image/png', size: 5 }]);
  });

  it('reads a DOCX with its paragraphs, and refuses a broken one as DOCX_CORRUPT', async () => {
    const out = ok(
      await extract(write('letter.docx', makeDocx(['Dear customer,', 'Your invoice 77 is attached.'])), DOCX_MIME),
    );
    expect(out.pages).toMatchObject([
      { page: 1, method: 'text', text: 'Dear customer,\n\nYour invoice 77 is attached.' },
    ]);
    expect(await extract(write('broken.docx', 'not a zip'), DOCX_MIME)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.DOCX_CORRUPT },
    });
    expect(await extract(write('nodoc.docx', makeZip({ 'hello.txt': 'hi' })), DOCX_MIME)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.DOCX_CORRUPT },
    });
  });
});

const engineChoices: OcrEngineChoice[] = findTesseractBinary() ? ['tesseract.js', 'native'] : ['tesseract.js'];

describe.each(engineChoices)('extractFile: OCR with %s', (choice) => {
  const engine = createOcrEngine({ engine: choice });
  engines.push(engine);

  it('OCRs PNG and JPEG with word boxes and confidences', async () => {
    for (const [name, mime] of [
      ['words.png', 'image/png'],
      ['words.jpg', 'image/jpeg'],
    ] as const) {
      const out = ok(await extract(fixture(name), mime, { engine }));
      const [page] = out.pages;
      expect(page).toMatchObject({ page: 1, method: 'ocr', width: 1000, height: 200 });
      expect(page!.text).toBe('INVOICE 12345\nAmount 250.00');
      expect(page!.ocrConfidence).toBeGreaterThan(0.8);
      const invoice = page!.words.find((w) => w.text === 'INVOICE')!;
      // Drawn at x=20, baseline y=80 in 48 px type.
      expect(invoice.box[0]).toBeGreaterThan(10);
      expect(invoice.box[0]).toBeLessThan(40);
      expect(invoice.box[1]).toBeGreaterThan(30);
      expect(invoice.box[1]).toBeLessThan(60);
      expect(invoice.confidence).toBeGreaterThan(0.8);
    }
  });

  it('OCRs with the languages it has and warns about the others', async () => {
    const out = ok(await extract(fixture('words.png'), 'image/png', { engine, languages: ['eng', 'qqq'] }));
    expect(out.pages[0]!.text).toContain('INVOICE 12345');
    expect(out.warnings).toEqual(['No OCR data for language "qqq"; recognised with eng only.']);
    expect(await extract(fixture('words.png'), 'image/png', { engine, languages: ['qqq'] })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.OCR_FAILED },
    });
  });

  it('OCRs GIF and WebP', async () => {
    for (const [name, mime] of [
      ['words.gif', 'image/gif'],
      ['words.webp', 'image/webp'],
    ] as const) {
      expect(ok(await extract(fixture(name), mime, { engine })).pages[0]).toMatchObject({
        text: 'INVOICE 12345\nAmount 250.00',
        width: 1000,
        height: 200,
      });
    }
  });

  it('OCRs every page of a multi-page TIFF', async () => {
    const out = ok(await extract(fixture('two-pages.tif'), 'image/tiff', { engine }));
    expect(out.pages.map((p) => p.text)).toEqual(['PAGE ONE HELLO', 'PAGE TWO WORLD']);
  });

  it('refuses an image over maxPixels before OCR', async () => {
    const r = await extract(fixture('words.png'), 'image/png', { engine, limits: { maxPixels: 100_000 } });
    expect(r).toMatchObject({
      ok: false,
      error: { code: ErrorCode.IMAGE_TOO_LARGE, message: expect.stringContaining('1000×200') },
    });
  });

  it('renders and OCRs a PDF page that has no text layer, boxes in points', async () => {
    const out = ok(await extract(fixture('scanned.pdf'), 'application/pdf', { engine }));
    const [page] = out.pages;
    expect(page).toMatchObject({ method: 'ocr', width: 480, height: 115 });
    expect(page!.text).toBe('SCANNED RECEIPT\nTOTAL 98.76');
    for (const w of page!.words) {
      expect(w.box[0] + w.box[2]).toBeLessThanOrEqual(480);
      expect(w.box[1] + w.box[3]).toBeLessThanOrEqual(115);
    }
  });

  it('OCRs a page whose text layer is a garbled OCR, keeps a good layer, and says why', async () => {
    const out = ok(await extract(fixture('garbled-layer.pdf'), 'application/pdf', { engine }));
    expect(out.pages[0]).toMatchObject({ method: 'ocr', text: 'SCANNED RECEIPT\nTOTAL 98.76' });
    expect(out.warnings.join(' ')).toMatch(/garbled/);
    // With no OCR budget left, the layer is what there is.
    const none = ok(
      await extract(fixture('garbled-layer.pdf'), 'application/pdf', { engine, limits: { maxOcrPages: 0 } }),
    );
    expect(none.pages[0]).toMatchObject({ method: 'text', text: expect.stringContaining('S C A N N E D') });
  });

  it('OCRs the same page rendered by pdf.js (the renderer when pdftoppm is missing)', async () => {
    const path = fixture('scanned.pdf');
    const r = await extractFile(
      { path, mime: 'application/pdf', sha256: sha256(path), limits: DEFAULT_EXTRACT_LIMITS, languages: ['eng'] },
      { ocr: () => engine, render: { renderer: 'pdf.js' } },
    );
    expect(ok(r).pages[0]).toMatchObject({
      method: 'ocr',
      text: 'SCANNED RECEIPT\nTOTAL 98.76',
      width: 480,
      height: 115,
    });
  });

  it('reports a damaged image as an error, not a crash', async () => {
    const png = readFileSync(fixture('words.png'));
    const r = await extract(write(`cut-${choice}.png`, png.subarray(0, 200)), 'image/png', { engine });
    expect(r.ok).toBe(false);
    if (!r.ok) expect([ErrorCode.IMAGE_CORRUPT, ErrorCode.OCR_FAILED]).toContain(r.error.code);
  });
});

it("'auto' OCRs a BMP that native tesseract refuses, through tesseract.js", async () => {
  const engine = createOcrEngine({ engine: 'auto' });
  engines.push(engine);
  expect(ok(await extract(fixture('words.bmp'), 'image/bmp', { engine })).pages[0]).toMatchObject({
    method: 'ocr',
    text: 'INVOICE 12345\nAmount 250.00',
  });
});

it('uses a copy of a fixture under another name without caring about the extension', async () => {
  const path = join(tmp, 'no-extension');
  copyFileSync(fixture('text.pdf'), path);
  expect(ok(await extract(path, 'application/pdf')).pages[0]!.text).toContain('Invoice number 4711');
});

/** A PDF from object bodies (object n = index + 1), with a correct xref table. */
function makePdf(objects: string[]): Buffer {
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

function stream(dict: string, content: string): string {
  return `${dict.replace(/>>$/, `/Length ${content.length} >>`)}\nstream\n${content}\nendstream`;
}

// A minimal DOCX: the three parts mammoth needs, in a ZIP written here (no zip dependency).
function makeDocx(paragraphs: string[]): Buffer {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  return makeZip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  });
}

function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
