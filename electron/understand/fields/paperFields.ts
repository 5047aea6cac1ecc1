/** Scientific paper rules: identifiers by their shapes (arXiv, DOI), title and authors from the first page. */
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { field, type RuleContext } from './fieldBuilder.js';

export function paperFields(ctx: RuleContext): FieldValue[] {
  const fields: FieldValue[] = [];
  const arxiv = /\barXiv\s*:\s*(\d{4}\.\d{4,5})(v\d+)?|arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})/i.exec(ctx.text);
  if (arxiv) {
    const id = (arxiv[1] ?? arxiv[3]) as string;
    fields.push(field(ctx, 'arxiv_id', arxiv[0], id, 0.9));
  }
  const doi = /\b(10\.\d{4,9}\/[^\s"<>,;]+)/.exec(ctx.text);
  if (doi) {
    const value = (doi[1] as string).replace(/[.)\]]+$/, '');
    fields.push(field(ctx, 'doi', value, value, 0.85));
  }
  const firstPage = ctx.lines
    .filter((l) => l.page === (ctx.lines[0]?.page ?? 1))
    .map((l) => ({ ...l, text: l.text.trim() }));
  const isHeader = (t: string): boolean =>
    /arxiv|journal|proceedings|conference|vol\.|volume|preprint|copyright|©|doi|issn|http|page\s+\d|^\d+$/i.test(t);
  // Not a numbered section heading ("4.3 Ablation study": a page from the middle) or a sentence's tail.
  const titleAt = firstPage.findIndex(
    (l) =>
      l.text.split(/\s+/).length >= 3 &&
      l.text.length <= 200 &&
      !isHeader(l.text) &&
      /\p{L}{3}/u.test(l.text) &&
      !/[.:]$/.test(l.text) &&
      !/^(?:\d+(?:\.\d+)*\.?\s|\p{Ll})/u.test(l.text),
  );
  if (titleAt >= 0) {
    const title = (firstPage[titleAt] as { text: string }).text.replace(/\s{2,}/g, ' ');
    fields.push(field(ctx, 'title', title, title, 0.45, firstPage[titleAt]?.page ?? null));
    const authorLine = firstPage
      .slice(titleAt + 1, titleAt + 4)
      .find((l) =>
        /^[\p{Lu}][\p{L}.'-]+(?:\s+[\p{Lu}][\p{L}.'-]*){1,3}(?:\s*[,∗*†‡\d¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*|\s+and\s+|,\s*|\s{3,}(?=\p{Lu}))/u.test(
          l.text,
        ),
      );
    if (authorLine) {
      const authors = authorLine.text
        .replace(/[∗*†‡§¶\d¹²³⁴⁵⁶⁷⁸⁹⁰]+/gu, '')
        .split(/\s*,\s*|\s+and\s+|\s{3,}/)
        .map((a) => a.trim())
        .filter((a) => /^[\p{Lu}][\p{L}.'-]+(?:\s+[\p{L}.'-]+){1,3}$/u.test(a));
      if (authors.length) fields.push(field(ctx, 'authors', authors.join('; '), authors, 0.35, authorLine.page));
    }
  }
  const journal = firstPage.find(
    (l) => /\b(?:Journal\s+of|Proceedings\s+of|Transactions\s+on|Letters|Review)\b/.test(l.text) && l.text.length < 120,
  );
  if (journal) fields.push(field(ctx, 'journal', journal.text, journal.text, 0.3, journal.page));
  // The year: the arXiv id's, a copyright line's, or the one the journal or proceedings line names.
  const year = arxiv
    ? `20${(arxiv[1] ?? arxiv[3] ?? '').slice(0, 2)}`
    : (/(?:©|\(c\)|copyright)\s*((?:19|20)\d{2})/i.exec(ctx.text)?.[1] ??
      (journal ? /\b((?:19|20)\d{2})\b/.exec(journal.text)?.[1] : undefined));
  if (year) fields.push(field(ctx, 'year', year, year, arxiv ? 0.7 : 0.5));
  return fields;
}
