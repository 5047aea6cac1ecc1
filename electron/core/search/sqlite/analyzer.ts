/**
 * Text -> index terms for our packed postings (packedPostings.ts): words of letters and digits (as FTS5 unicode61 splits them),
 * lower-cased, accents folded (as remove_diacritics 2), Porter-stemmed (as FTS5's porter tokenizer, which
 * implements the same published algorithm). Done in JavaScript because reading FTS5's own postings through
 * fts5vocab costs microseconds per row (measured: ~2.5 µs/row, 8 ms for four common Cranfield terms), which
 * is the whole latency budget; our own packed postings read one BLOB per term and chunk.
 */
import { CJK_CHAR } from '../../../shared/search/query.js';

const CJK_ANY = new RegExp(CJK_CHAR.source, 'u');
const CJK_CHARS = new RegExp(CJK_CHAR.source, 'gu');
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit: 0 not yet known, 1 not a word character, 2 a word character, 3 a CJK character (a word by itself). */
const bmpClass = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++)
  bmpClass[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 2 : 1;

const classOf = (ch: string): number => (CJK_CHAR.test(ch) ? 3 : WORD_CHAR.test(ch) ? 2 : 1);

/**
 * The word character at `i`: 0 when it is none, else its length in code units, negated for a Chinese,
 * Japanese or Korean character (a word of its own, see scanWords).
 */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) {
    let k = bmpClass[c]!;
    if (k === 0) bmpClass[c] = k = classOf(String.fromCharCode(c));
    return k === 2 ? 1 : k === 3 ? -1 : 0;
  }
  const cp = text.codePointAt(i)!;
  if (cp <= 0xffff) return 0;
  const k = classOf(String.fromCodePoint(cp));
  return k === 2 ? 2 : k === 3 ? -2 : 0;
}

/**
 * Calls `visit(start, end)` for every word of `text`: runs of letters and digits (as FTS5 unicode61 splits
 * them), except that every Chinese, Japanese or Korean character is a word by itself. Those scripts write
 * no spaces between words (Korean glues particles to them), so a run is a clause, not a word; character by
 * character, a query's characters found next to each other (a phrase, see query.ts `queryWords`) find a
 * word anywhere in a sentence, as CJK search engines' unigram analysers do. FTS5 gets the same words from
 * `cjkSpaced`. A character scan, several times faster than a Unicode regular expression on long text.
 */
export function scanWords(text: string, visit: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let w = wordCharAt(text, i);
    if (w === 0) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    if (w < 0) {
      visit(i, i - w);
      i -= w;
      continue;
    }
    const start = i;
    while (w > 0) {
      i += w;
      w = i < n ? wordCharAt(text, i) : 0;
    }
    visit(start, i);
  }
}

/**
 * The text as FTS5 should tokenize it: a space on each side of every Chinese, Japanese or Korean
 * character, so that unicode61 makes each a token, as scanWords does (FTS5 has no CJK tokenizer of its own).
 */
export function cjkSpaced(text: string): string {
  return hasCjk(text) ? text.replace(CJK_CHARS, ' $& ') : text;
}

/** Whether the text holds a Chinese, Japanese or Korean character. */
export const hasCjk = (text: string): boolean => CJK_ANY.test(text);

/** Lower-case, without combining marks (é -> e, ß stays). */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  // Fast path: ASCII needs no normalisation.

  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  const folded = lower.normalize('NFD').replace(/\p{M}+/gu, '');
  // NFD splits a Hangul syllable into its letters (which are not marks): put it back together.
  return /[\u1100-\u11ff]/u.test(folded) ? folded.normalize('NFC') : folded;
}

/** Folded words of a text, not stemmed (stopword tests happen on these). */
export function words(text: string): string[] {
  const out: string[] = [];
  scanWords(text, (start, end) => out.push(foldWord(text.slice(start, end))));
  return out;
}

/** Index terms of a text: folded, stemmed words. */
export function analyze(text: string, isStopword?: (word: string) => boolean): string[] {
  const out: string[] = [];
  for (const w of words(text)) if (!isStopword?.(w)) out.push(stem(w));
  return out;
}

const STEP2: Record<string, string> = {
  ational: 'ate',
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  izer: 'ize',
  bli: 'ble',
  alli: 'al',
  entli: 'ent',
  eli: 'e',
  ousli: 'ous',
  ization: 'ize',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  iveness: 'ive',
  fulness: 'ful',
  ousness: 'ous',
  aliti: 'al',
  iviti: 'ive',
  biliti: 'ble',
  logi: 'log',
};
const STEP3: Record<string, string> = {
  icate: 'ic',
  ative: '',
  alize: 'al',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
};

// Porter's measure m of a stem, as regular expressions over consonant (C) and vowel (V) runs.
const c = '[^aeiou]';
const v = '[aeiouy]';
const C = `${c}[^aeiouy]*`;
const V = `${v}[aeiou]*`;
const MGR0 = new RegExp(`^(${C})?${V}${C}`); // m > 0
const MEQ1 = new RegExp(`^(${C})?${V}${C}(${V})?$`); // m = 1
const MGR1 = new RegExp(`^(${C})?${V}${C}${V}${C}`); // m > 1
const HAS_VOWEL = new RegExp(`^(${C})?${v}`);
const CVC = new RegExp(`^${C}${v}[^aeiouwxy]$`);

const cache = new Map<string, string>();

/** The Porter (1980) stemmer. Words shorter than 3 letters, and words with digits, are returned as they are. */
export function stem(word: string): string {
  if (word.length < 3 || /\d/.test(word)) return word;
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const result = porter(word);
  if (cache.size > 100_000) cache.clear();
  cache.set(word, result);
  return result;
}

function porter(input: string): string {
  let w = input;
  const yFirst = w[0] === 'y';
  if (yFirst) w = `Y${w.slice(1)}`;

  // Step 1a
  let m: RegExpExecArray | null;
  if ((m = /^(.+?)(ss|i)es$/.exec(w))) w = m[1]! + m[2]!;
  else if ((m = /^(.+?)([^s])s$/.exec(w))) w = m[1]! + m[2]!;

  // Step 1b
  if ((m = /^(.+?)eed$/.exec(w))) {
    if (MGR0.test(m[1]!)) w = w.slice(0, -1);
  } else if ((m = /^(.+?)(ed|ing)$/.exec(w))) {
    const s = m[1]!;
    if (HAS_VOWEL.test(s)) {
      w = s;
      if (/(at|bl|iz)$/.test(w)) w += 'e';
      else if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
      else if (CVC.test(w)) w += 'e';
    }
  }

  // Step 1c
  if ((m = /^(.+?)y$/.exec(w)) && HAS_VOWEL.test(m[1]!)) w = `${m[1]!}i`;

  // Step 2
  if (
    (m =
      /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/.exec(
        w,
      ))
  ) {
    if (MGR0.test(m[1]!)) w = m[1]! + STEP2[m[2]!]!;
  }

  // Step 3
  if ((m = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/.exec(w))) {
    if (MGR0.test(m[1]!)) w = m[1]! + STEP3[m[2]!]!;
  }

  // Step 4
  if ((m = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/.exec(w))) {
    if (MGR1.test(m[1]!)) w = m[1]!;
  } else if ((m = /^(.+?)(s|t)(ion)$/.exec(w))) {
    const s = m[1]! + m[2]!;
    if (MGR1.test(s)) w = s;
  }

  // Step 5
  if ((m = /^(.+?)e$/.exec(w))) {
    const s = m[1]!;
    if (MGR1.test(s) || (MEQ1.test(s) && !CVC.test(s))) w = s;
  }
  if (/ll$/.test(w) && MGR1.test(w)) w = w.slice(0, -1);

  if (yFirst) w = `y${w.slice(1)}`;
  return w;
}
