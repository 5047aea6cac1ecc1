import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, type ExtractOutput } from '../../../electron/shared/contract/extract.js';
import { extractFile } from '../extractFile.js';
import { wellFormedOutput } from './wellFormed.js';

const tmp = mkdtempSync(join(tmpdir(), 'docpipe-wellformed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('extraction output is well-formed UTF-16', () => {
  it('turns a lone surrogate from a file into U+FFFD and keeps a real pair (an RTF \\uN end to end)', async () => {
    const rtf = '{\\rtf1\\ansi Total\\u-10240? due \\u55357?\\u56832? ok}';
    const path = join(tmp, 'lone.rtf');
    writeFileSync(path, rtf);
    const res = await extractFile({
      path,
      mime: 'application/rtf',
      sha256: createHash('sha256').update(rtf).digest('hex'),
      limits: DEFAULT_EXTRACT_LIMITS,
      languages: ['eng'],
    });
    if (!res.ok) throw new Error(res.error.message);
    const text = res.output.pages[0]!.text;
    expect(text.isWellFormed()).toBe(true);
    expect(text).toBe('Total\uFFFD due 😀 ok');
  });

  it('mends page text, words, attachment names, e-invoice fields and warnings of a PDF-shaped output', () => {
    const words = [
      { text: 'Total', box: [0, 0, 10, 10] as [number, number, number, number] },
      { text: 'a\uD800', box: [12, 0, 10, 10] as [number, number, number, number] },
    ];
    const output: ExtractOutput = {
      pages: [
        { page: 1, text: 'Total a\uD800 \uDC00b', method: 'text', ocrConfidence: null, width: 595, height: 842, words },
        {
          page: 2,
          text: 'fine 😀',
          method: 'text',
          ocrConfidence: null,
          width: 595,
          height: 842,
          words: words.slice(0, 1),
        },
      ],
      attachments: [{ fileName: 'x\uDBFF.xml', mime: 'application/xml', size: 3 }],
      eInvoice: { fileName: 'x\uDBFF.xml', syntax: 'UBL', fields: { vendor: 'ACME\uDFFF', total: '1.00' } },
      warnings: ['page \uD800 cut'],
    };
    const mended = wellFormedOutput(output);
    expect(mended.pages.map((p) => p.text)).toEqual(['Total a\uFFFD \uFFFDb', 'fine 😀']);
    expect(mended.pages[0]!.words.map((w) => w.text)).toEqual(['Total', 'a\uFFFD']);
    // A page whose words are all fine keeps its array (no copy of a large page's words).
    expect(mended.pages[1]!.words).toBe(output.pages[1]!.words);
    expect(mended.attachments[0]!.fileName).toBe('x\uFFFD.xml');
    expect(mended.eInvoice).toEqual({
      fileName: 'x\uFFFD.xml',
      syntax: 'UBL',
      fields: { vendor: 'ACME\uFFFD', total: '1.00' },
    });
    expect(mended.warnings).toEqual(['page \uFFFD cut']);
  });
});
