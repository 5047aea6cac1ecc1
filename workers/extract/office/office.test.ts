import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../electron/shared/contract/errors.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../../electron/shared/contract/extract.js';
import { extractFile } from '../extractFile.js';

const tmp = mkdtempSync(join(tmpdir(), 'office-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a ZIP container with these entries (ODF's "mimetype" first and stored, as the format wants). */
async function container(name: string, entries: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  for (const [entry, content] of Object.entries(entries))
    zip.file(entry, content, entry === 'mimetype' ? { compression: 'STORE' } : {});
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODT = 'application/vnd.oasis.opendocument.text';

async function extract(path: string, mime: string) {
  const bytes = readFileSync(path);
  return extractFile({
    path,
    mime,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    limits: DEFAULT_EXTRACT_LIMITS,
    languages: ['eng'],
  });
}

const slide = (...paragraphs: string[][]) =>
  `<p:sld xmlns:a="a" xmlns:p="p"><p:cSld><p:spTree>${paragraphs.map((runs) => `<a:p>${runs.map((t) => `<a:r><a:t>${t}</a:t></a:r>`).join('')}</a:p>`).join('')}</p:spTree></p:cSld></p:sld>`;

describe('office documents', () => {
  it('reads a presentation, one page per slide in slide order, runs joined into paragraphs', async () => {
    const path = await container('deck.pptx', {
      '[Content_Types].xml': '<Types/>',
      'ppt/slides/slide10.xml': slide(['Ten']),
      'ppt/slides/slide2.xml': slide(['Quarterly ', 'review'], ['Revenue &amp; costs']),
      'ppt/slides/slide1.xml': slide(['Welcome']),
    });
    const r = await extract(path, PPTX);
    expect(r.ok && r.output.pages.map((p) => p.text)).toEqual(['Welcome', 'Quarterly review\nRevenue & costs', 'Ten']);
  });

  it('reads a spreadsheet, one page per sheet, rows as tab-separated cells with shared strings', async () => {
    const path = await container('book.xlsx', {
      '[Content_Types].xml': '<Types/>',
      'xl/sharedStrings.xml': '<sst><si><t>Item</t></si><si><t>Amount</t></si><si><t>Paper &lt;A4&gt;</t></si></sst>',
      'xl/worksheets/sheet1.xml':
        '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>12.5</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>Total</t></is></c><c r="B3"><f>SUM(B2)</f><v>12.5</v></c></row></sheetData></worksheet>',
    });
    const r = await extract(path, XLSX);
    expect(r.ok && r.output.pages.map((p) => p.text)).toEqual(['Item\tAmount\nPaper <A4>\t12.5\nTotal\t12.5']);
  });

  it('reads an OpenDocument text: paragraphs and headings, spaces and tabs', async () => {
    const path = await container('letter.bin', {
      mimetype: 'application/vnd.oasis.opendocument.text',
      'content.xml':
        '<office:document-content><office:body><office:text><text:h>Notice</text:h><text:p>Dear <text:span>member</text:span>,<text:s text:c="2"/>welcome.</text:p><text:p/></office:text></office:body></office:document-content>',
    });
    const r = await extract(path, ODT);
    expect(r.ok && r.output.pages.map((p) => p.text)).toEqual(['Notice\nDear member,  welcome.']);
  });

  it('answers a damaged or hollow container with OFFICE_CORRUPT, not a crash', async () => {
    const broken = join(tmp, 'broken.pptx');
    writeFileSync(broken, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const hollow = await container('empty.xlsx', {
      '[Content_Types].xml': '<Types/>',
      'xl/workbook.xml': '<workbook/>',
    });
    for (const path of [broken, hollow]) {
      const r = await extract(path, path.endsWith('.pptx') ? PPTX : XLSX);
      expect(r).toMatchObject({
        ok: false,
        error: { code: ErrorCode.OFFICE_CORRUPT, retryable: false, message: expect.stringContaining('save it again') },
      });
    }
  });
});
