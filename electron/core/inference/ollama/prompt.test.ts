import { describe, expect, it } from 'vitest';
import { pagesFromText } from '../../../understand/testing/pagesFromText.js';
import { classificationPrompt, documentExcerpt, newDelimiter } from './prompt.js';

const page = (n: number, length: number): string => `P${n}:`.padEnd(length, String(n % 10));

describe('documentExcerpt (the trimming rule)', () => {
  it('sends a document that fits whole, with page headers and tidied whitespace', () => {
    const excerpt = documentExcerpt(pagesFromText('Total:        12.00\n\n\n\nThanks\fPage two'), 1000);
    expect(excerpt).toEqual({
      text: '--- page 1 ---\nTotal:  12.00\n\nThanks\n--- page 2 ---\nPage two',
      omittedChars: 0,
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
