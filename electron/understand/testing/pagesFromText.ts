/**
 * Pages from plain text (form feeds separate pages, as pdftotext writes them) for the text-only paths:
 * the training cache, plain-text documents and tests. No words, so fields found here have no box.
 */
import type { ExtractedPage } from '../../shared/contract/extract.js';

export function pagesFromText(text: string, method: 'text' | 'ocr' = 'text'): ExtractedPage[] {
  const parts = text.split('\f');
  // pdftotext ends the last page with a form feed too; an empty tail is not a page.
  if (parts.length > 1 && (parts[parts.length - 1] ?? '').trim() === '') parts.pop();
  return parts.map((pageText, i) => ({
    page: i + 1,
    text: pageText,
    method,
    ocrConfidence: null,
    width: null,
    height: null,
    words: [],
  }));
}
