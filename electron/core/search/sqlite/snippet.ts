/**
 * Snippets for word and prefix queries, computed in JavaScript on the stored text. FTS5's snippet() cost
 * about 170 µs per hit (it re-reads the hit's position lists for every query phrase and re-tokenizes the
 * text), a third of a natural-language query's budget; this costs a few µs. Same window choice as FTS5's
 * snippet(): the `tokens`-word window with the most distinct matched terms (each first occurrence counts
 * 1000, repeats 1), a bonus for starting a sentence, centred on its matches. Phrase queries keep FTS5's
 * snippet() (it highlights whole phrase occurrences only).
 */
import { foldWord, scanWords, stem } from './analyzer.js';

const SENTENCE_END = /[.:!?]\s*$/;

/** Which index terms a query highlights: exact terms, and prefixes (already stemmed, as FTS5 does). */
export interface HighlightTerms {
  terms: Set<string>;
  prefixes: string[];
}

export interface SnippetMarks {
  start: string;
  end: string;
  ellipsis: string;
}

/** A snippet of `text` around its matches, or null when no word of `text` matches. */
export function snippetOf(text: string, highlight: HighlightTerms, marks: SnippetMarks, tokens = 24): string | null {
  const starts: number[] = [];
  const ends: number[] = [];
  const term: number[] = [];
  const ids = new Map<string, number>();
  // Stemming never changes a word's first letter: only words starting like a query term are stemmed.
  const initials = new Set<string>();
  for (const t of highlight.terms) initials.add(t[0]!);
  for (const p of highlight.prefixes) initials.add(p[0]!);
  scanWords(text, (from, to) => {
    starts.push(from);
    ends.push(to);
    let matched: string | null = null;
    const c = text.charCodeAt(from);
    if (c > 0x7f || initials.has(String.fromCharCode(c).toLowerCase())) {
      const t = stem(foldWord(text.slice(from, to)));
      if (highlight.terms.has(t) || highlight.prefixes.some((p) => t.startsWith(p))) matched = t;
    }
    if (matched === null) term.push(-1);
    else {
      let id = ids.get(matched);
      if (id === undefined) ids.set(matched, (id = ids.size));
      term.push(id);
    }
  });
  const n = starts.length;
  const hits: number[] = [];
  for (let i = 0; i < n; i++) if (term[i]! >= 0) hits.push(i);
  if (hits.length === 0) return null;

  // Slide a window over the matches: `count[id]` is how often term `id` occurs in it.
  const count = new Int32Array(ids.size);
  let distinct = 0;
  let end = 0;
  let best = -1;
  let bestStart = 0;
  for (let h = 0; h < hits.length; h++) {
    const first = hits[h]!;
    while (end < hits.length && hits[end]! < first + tokens) {
      if (count[term[hits[end]!]!]!++ === 0) distinct++;
      end++;
    }
    const last = hits[end - 1]!;
    let score = distinct * 1000 + (end - h - distinct);
    // Centre the matches in the window, within the text.
    let from = first - Math.floor((tokens - (last - first + 1)) / 2);
    from = Math.max(0, Math.min(from, n - tokens));
    if (score + 100 > best && (from === 0 || SENTENCE_END.test(text.slice(ends[from - 1]!, starts[from]!))))
      score += 100;
    if (score > best) {
      best = score;
      bestStart = from;
    }
    if (--count[term[first]!]! === 0) distinct--;
  }
  const to = Math.min(n, bestStart + tokens);
  let out = bestStart > 0 ? marks.ellipsis : '';
  for (let i = bestStart; i < to; i++) {
    if (i > bestStart) out += text.slice(ends[i - 1]!, starts[i]!);
    const word = text.slice(starts[i]!, ends[i]!);
    out += term[i]! >= 0 ? `${marks.start}${word}${marks.end}` : word;
  }
  out += to < n ? marks.ellipsis : text.slice(ends[n - 1]!);
  return out;
}
