/**
 * The text budget (maxTextChars), applied in the extraction thread: what extractFile answers is never
 * longer, whatever the format, and formats that build text step by step stop making it there.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_EXTRACT_LIMITS,
  type ExtractOutput,
  type ExtractResponse,
} from '../../electron/shared/contract/extract.js';
import { makeDocx, makeZip } from './testing/containers.js';
import { DOCX_MIME, extractFile, utf8Head } from './extractFile.js';
import { MAMMOTH_MAX_XML_BYTES } from './office/docx.js';

const tmp = mkdtempSync(join(tmpdir(), 'text-budget-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function extract(
  name: string,
  content: string | Uint8Array,
  mime: string,
  maxTextChars: number,
): Promise<ExtractOutput> {
  const path = join(tmp, name);
  writeFileSync(path, content);
  const response: ExtractResponse = await extractFile({
    path,
    mime,
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    limits: { ...DEFAULT_EXTRACT_LIMITS, maxTextChars },
    languages: ['eng'],
  });
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.output;
}

const total = (out: ExtractOutput) => out.pages.reduce((n, p) => n + p.text.length, 0);
const CUT = /cut at [\d,]+ characters \(maxTextChars\)/;

const WORDS = 'invoice total amount due payment contract agreement party report summary'.split(' ');
const prose = (seed: number, n: number): string =>
  Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(' ');

describe('maxTextChars', () => {
  it('cuts a one-line text file, reading no more of it than the budget needs', async () => {
    const out = await extract('line.txt', 'word '.repeat(200_000), 'text/plain', 5000);
    expect(total(out)).toBe(5000);
    expect(out.warnings).toEqual([expect.stringMatching(CUT)]);
  });

  it('keeps multi-byte UTF-8 whole where the bytes are cut (no fallback to windows-1252)', async () => {
    const out = await extract('accents.txt', 'é'.repeat(50_000), 'text/plain', 1001);
    expect(out.pages[0]!.text).toBe('é'.repeat(1001));
  });

  it('leaves a PDF’s pages past the budget without text (not read), cutting the one it ends in with its words', async () => {
    const pdf = readFileSync(new URL('./fixtures/two-pages.pdf', import.meta.url));
    const whole = await extract('book.pdf', pdf, 'application/pdf', 1_000_000);
    const first = whole.pages[0]!;
    const budget = Math.floor(first.text.length / 2); // ends halfway through page 1
    const out = await extract('book.pdf', pdf, 'application/pdf', budget);
    expect(out.pages.map((p) => p.text)).toEqual([first.text.slice(0, budget), '']);
    const cutWords = out.pages[0]!.words;
    expect(cutWords.length).toBeGreaterThan(0);
    expect(cutWords.length).toBeLessThan(first.words.length);
    expect(out.pages[1]!.words).toEqual([]);
    expect(out.warnings).toContainEqual(expect.stringMatching(CUT));
  });

  it('stops reading a spreadsheet’s rows and sheets at the budget', async () => {
    const row = (i: number) => `<row><c t="inlineStr"><is><t>Row ${i} ${prose(i, 8)}</t></is></c></row>`;
    const sheet = `<worksheet><sheetData>${Array.from({ length: 2000 }, (_, i) => row(i)).join('')}</sheetData></worksheet>`;
    const xlsx = makeZip([
      { name: '[Content_Types].xml', content: '<Types/>' },
      { name: 'xl/worksheets/sheet1.xml', content: sheet },
      { name: 'xl/worksheets/sheet2.xml', content: sheet },
    ]);
    const out = await extract(
      'book.xlsx',
      xlsx,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      3000,
    );
    expect(out.pages.map((p) => p.text.length)).toEqual([3000, 0]);
  });

  it(`reads a DOCX with over ${MAMMOTH_MAX_XML_BYTES / 1024 / 1024} MiB of XML without a DOM, within the budget`, async () => {
    const paragraphs = Array.from({ length: 12_000 }, (_, i) => `Paragraph ${i}: ${prose(i, 50)}`);
    const big = makeDocx(paragraphs);
    const out = await extract('big.docx', big, DOCX_MIME, 20_000);
    expect(out.pages[0]!.text.startsWith(`Paragraph 0: ${prose(0, 50)}\n\nParagraph 1:`)).toBe(true);
    expect(total(out)).toBe(20_000);
    expect(out.warnings).toContainEqual(expect.stringContaining('read without formatting'));
    // The same words through mammoth, for a small one.
    const small = await extract('small.docx', makeDocx(paragraphs.slice(0, 3)), DOCX_MIME, 20_000);
    expect(small.pages[0]!.text).toBe(paragraphs.slice(0, 3).join('\n\n'));
  });
});

describe('utf8Head', () => {
  it('never ends inside a UTF-8 sequence', () => {
    const bytes = Buffer.from('a€b', 'utf8'); // 61 e2 82 ac 62
    expect([2, 3, 4, 5].map((n) => Buffer.from(utf8Head(bytes, n)).toString('utf8'))).toEqual(['a', 'a', 'a€', 'a€b']);
  });
});
