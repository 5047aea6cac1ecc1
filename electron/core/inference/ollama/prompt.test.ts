import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../../../understand/testing/pagesFromText.js';
import type { ExtractedPage } from '../../../shared/contract/extract.js';
import { toJsonSchema } from '../../../shared/contract/schemas/jsonSchema.js';
import { classificationPrompt, documentExcerpt, fieldsPrompt, layoutText, newDelimiter } from './prompt.js';

const page = (n: number, length: number): string => `P${n}:`.padEnd(length, String(n % 10));

describe('documentExcerpt (the trimming rule)', () => {
  it('sends a document that fits whole, with page headers and tidied whitespace', () => {
    const excerpt = documentExcerpt(pagesFromText('Total:        12.00\n\n\n\nThanks\fPage two'), 1000);
    expect(excerpt).toEqual({
      text: '--- page 1 ---\nTotal:  12.00\n\nThanks\n--- page 2 ---\nPage two',
      omittedChars: 0,
      positioned: false,
    });
  });

  it('keeps the start of page 1, the end of the last page and the starts of the pages between, within the budget', () => {
    const pages = pagesFromText([page(1, 5000), page(2, 5000), page(3, 5000), page(4, 5000)].join('\f'));
    const excerpt = documentExcerpt(pages, 4000);
    const kept = excerpt.text
      .replace(/--- page \d+ ---\n|\n?\[… \d+ characters omitted …\]\n?/g, '')
      .replace(/\n/g, '');
    expect(kept.length).toBe(4000);
    expect(excerpt.omittedChars).toBe(20000 - 4000);
    // 60 % for page 1, 15 % for the last page, the rest shared by pages 2 and 3.
    expect(excerpt.text).toContain(`--- page 1 ---\nP1:${'1'.repeat(2397)}\n[… 2600 characters omitted …]`);
    expect(excerpt.text).toContain(`--- page 2 ---\nP2:${'2'.repeat(497)}\n[… 4500 characters omitted …]`);
    expect(excerpt.text).toContain(`--- page 3 ---\nP3:${'3'.repeat(497)}\n[… 4500 characters omitted …]`);
    expect(excerpt.text).toMatch(/--- page 4 ---\n\[… 4400 characters omitted …\]\n4{600}$/);
    // With less budget, a page that cannot get 400 characters is left out and marked; its share goes to page 1.
    const tight = documentExcerpt(pages, 2000);
    expect(tight.text).toContain('[… page 3 omitted …]');
    expect(tight.text).toContain(`--- page 1 ---\nP1:${'1'.repeat(1297)}\n[…`);
  });

  it('gives budget a short page does not use back to page 1 first', () => {
    const excerpt = documentExcerpt(pagesFromText([page(1, 5000), 'short'].join('\f')), 1000);
    expect(excerpt.text).toContain(`--- page 1 ---\nP1:${'1'.repeat(992)}\n[…`);
    expect(excerpt.text).toMatch(/--- page 2 ---\nshort$/);
  });

  it('marks the pages it leaves out of a long document', () => {
    const pages = pagesFromText(Array.from({ length: 40 }, (_, i) => page(i + 1, 2000)).join('\f'));
    const excerpt = documentExcerpt(pages, 3000);
    expect(excerpt.text).toMatch(/\[… pages \d+–39 omitted …\]/);
    expect(excerpt.text).toContain('--- page 40 ---');
  });
});

describe('prompts', () => {
  it('use a fresh delimiter per request', () => {
    expect(newDelimiter()).not.toBe(newDelimiter());
    const a = classificationPrompt(pagesFromText('x'), 100);
    const b = classificationPrompt(pagesFromText('x'), 100);
    expect(a.tag).not.toBe(b.tag);
  });
});

/** A receipt photographed slightly tilted: words of one line a few pixels apart vertically, a price column. */
function receiptPage(): ExtractedPage {
  const word = (text: string, x: number, y: number): ExtractedPage['words'][number] => ({
    text,
    box: [x, y, text.length * 10, 20],
    confidence: 0.6,
  });
  return {
    page: 1,
    // The OCR text as read: the price came out on a line of its own.
    text: 'CAFE LUNA\nEspresso\n2,50\nSUMME 2,50',
    method: 'ocr',
    ocrConfidence: 0.55,
    width: 400,
    height: 1000,
    words: [
      word('2,50', 300, 206), // given out of order: the layout comes from the boxes
      word('CAFE', 100, 50),
      word('LUNA', 150, 52),
      word('Espresso', 20, 200),
      word('SUMME', 20, 800),
      word('2,50', 300, 803),
    ],
  };
}

describe('layoutText (words with their place on the page)', () => {
  it('puts words on lines by their boxes, heads each line with its [x,y] in percent, keeps columns apart', () => {
    expect(layoutText(receiptPage())).toBe(
      ['[25,5] CAFE LUNA', '[5,20] Espresso  2,50', '[5,80] SUMME  2,50'].join('\n'),
    );
  });

  it('is null for pages without word boxes or size, which are sent as their text', () => {
    expect(layoutText(pagesFromText('Total: 12.00')[0] as ExtractedPage)).toBeNull();
    expect(layoutText({ ...receiptPage(), width: null })).toBeNull();
    const excerpt = documentExcerpt([receiptPage(), ...pagesFromText('plain').map((p) => ({ ...p, page: 2 }))], 1000, {
      positions: true,
    });
    expect(excerpt.positioned).toBe(true);
    expect(excerpt.text).toBe(
      '--- page 1 ---\n[25,5] CAFE LUNA\n[5,20] Espresso  2,50\n[5,80] SUMME  2,50\n--- page 2 ---\nplain',
    );
    expect(documentExcerpt([receiptPage()], 1000).text).toContain('Espresso\n2,50');
  });

  it('explains the positions and the attached pictures in the prompt, and attaches the pictures', () => {
    const picture = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const prompt = fieldsPrompt('receipt', [receiptPage()], 4000, toJsonSchema('receipt'), {
      positions: true,
      images: [picture],
    });
    const user = prompt.messages[1];
    expect(user?.images).toEqual([picture]);
    expect(user?.content).toMatch(/start with \[x,y\] give where the line begins/);
    expect(user?.content).toMatch(/The first page is attached as an image\. The text below was read .* by OCR/);
    const plain = classificationPrompt([receiptPage()], 4000);
    expect(plain.messages[1]?.images).toBeUndefined();
    expect(plain.messages[1]?.content).not.toMatch(/\[x,y\]|attached/);
  });
});
