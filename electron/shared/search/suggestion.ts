/**
 * "Did you mean": a query with misspelt words replaced by words of the index's own vocabulary. The backend
 * decides what to suggest (SQLite: sqlite/suggest.ts); this file holds what every side shares: the edit
 * distance, which words may be corrected at all, and how the corrected query is written.
 */

/** A query word that looks misspelt, and the indexed word suggested for it. */
export interface WordSuggestion {
  word: string;
  suggestion: string;
}

/**
 * Whether a query word may get a suggestion: three letters or more and letters only. Numbers, codes
 * (INV-2024, 4711) and words with digits are written on purpose; Chinese, Japanese and Korean are not
 * spelt letter by letter.
 */
export function isCorrectableWord(word: string): boolean {
  if (word.length < 3 || word.length > 24) return false;
  if (/^[a-z]+$/.test(word)) return true;
  return (
    /^\p{L}+$/u.test(word) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(word)
  );
}

/** Edits a suggestion may be from the word typed: one for short words (two would reach almost any), else two. */
export function maxEdits(word: string): number {
  return word.length >= 6 ? 2 : 1;
}

/**
 * Edit distance with adjacent transpositions counting as one edit ("optimal string alignment"): `recieve`
 * is one edit from `receive`. Stops early and answers `limit + 1` once the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let before = new Array<number>(n + 1).fill(0);
  let previous = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[n]!, limit + 1);
}

/**
 * The query with each suggested word put in place of the word typed: whole bare words only (not inside
 * `vendor:acme`, `"a phrase"` or `-word`), case ignored, everything else kept as written.
 */
export function correctedQuery(query: string, words: readonly WordSuggestion[]): string {
  const byWord = new Map(words.map((w) => [w.word.toLowerCase(), w.suggestion]));
  // Tokens are runs without spaces, except that a quote keeps spaces inside it (as the parser reads them).
  const tokens = query.match(/(?:[^\s"]+|"[^"]*"?)+|\s+/g) ?? [];
  return tokens
    .map((token) => {
      if (/^\s/.test(token) || !/^[^\s"'():<>=-][^\s"'():<>=]*$/.test(token)) return token;
      return byWord.get(token.toLowerCase()) ?? token;
    })
    .join('');
}
