/**
 * Splits a document into passages for embedding, each with its page. Passages end at whitespace, overlap a
 * little so a sentence cut at a boundary is still whole in one of them, and the first carries the title
 * (the title says what the document is about more densely than any passage).
 */
import type { IndexDocument } from './SearchBackend.js';

export interface TextChunk {
  /** 1-based page, null when the document came without pages. */
  page: number | null;
  text: string;
}

/** Target passage length in characters (~200 tokens: small enough for any embedding model's window). Default 900. */
export function chunkDocument(
  doc: Pick<IndexDocument, 'title' | 'text' | 'pages'>,
  size = 900,
  overlap = 100,
): TextChunk[] {
  const pages =
    doc.pages && doc.pages.length > 0
      ? doc.pages.map((p) => ({ page: p.page as number | null, text: p.text }))
      : [{ page: null, text: doc.text }];
  const chunks: TextChunk[] = [];
  for (const { page, text } of pages) {
    const clean = text.replace(/\s+/g, ' ').trim();
    let start = 0;
    while (start < clean.length) {
      let end = Math.min(start + size, clean.length);
      if (end < clean.length) {
        const space = clean.lastIndexOf(' ', end);
        if (space > start + size / 2) end = space;
      }
      chunks.push({ page, text: clean.slice(start, end) });
      if (end >= clean.length) break;
      const next = clean.indexOf(' ', Math.max(end - overlap, start + 1));
      start = next < 0 || next >= end ? end : next + 1;
    }
  }
  if (chunks.length === 0) chunks.push({ page: null, text: '' });
  const first = chunks[0]!;
  if (doc.title.trim() !== '') first.text = `${doc.title.trim()}\n${first.text}`;
  return chunks;
}
