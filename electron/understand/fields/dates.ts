/**
 * Finding and normalising dates in many written forms and languages. Numeric dates whose day and month
 * could be swapped (03/04/2024) are only normalised when something decides: a `.` separator (day first
 * throughout Europe), another date in the same document that can only be read one way, or a locale.
 * Otherwise they are reported as ambiguous with `iso: null`, never guessed.
 */

export type DateOrder = 'dmy' | 'mdy';

export interface DateCandidate {
  /** As written. */
  raw: string;
  /** Character offset in the searched text. */
  index: number;
  /** ISO 8601 date, or null when the written date is ambiguous and nothing decided it. */
  iso: string | null;
  /** How it was read: written month name, year first, or a numeric order (decided or not). */
  form: 'named' | 'ymd' | 'numeric';
  /** For numeric dates whose day and month could be swapped. */
  ambiguous: boolean;
  /** The two readings of an ambiguous numeric date, day first and month first. */
  readings?: { dmy: string; mdy: string };
}

const MONTHS: Record<string, number> = {};
const NAMES: Array<[number, string[]]> = [
  [1, ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene', 'januari', 'gennaio', 'janeiro']],
  [
    2,
    [
      'february',
      'feb',
      'februar',
      'février',
      'fevrier',
      'févr',
      'fevr',
      'febrero',
      'februari',
      'febbraio',
      'fevereiro',
    ],
  ],
  [3, ['march', 'mar', 'märz', 'marz', 'mars', 'marzo', 'maart', 'mär', 'março']],
  [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile']],
  [5, ['may', 'mai', 'mayo', 'mei', 'maggio', 'maio']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'junho']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'julho']],
  [8, ['august', 'aug', 'août', 'aout', 'agosto', 'augustus', 'ago']],
  [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'setembro', 'set']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'outubro', 'out']],
  [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro']],
  [
    12,
    ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro'],
  ],
];
for (const [month, names] of NAMES) for (const name of names) MONTHS[name] = month;
const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const pad = (n: number): string => String(n).padStart(2, '0');

/** Month names of five letters or more: long enough that one OCR slip leaves them recognisable. */
const LONG_NAMES = NAMES.flatMap(([month, names]) =>
  names.filter((n) => n.length >= 5 && /^\p{L}+$/u.test(n)).map((n) => [n, month] as const),
);

/** True when a and b differ by at most one substitution, insertion or deletion. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * The month a word names, tolerating one OCR slip in a long name ("Septcmber", "N0vember",
 * "Decernber"): digits read for letters are mapped back first, "rn" for "m" is undone, and the word
 * must be within one edit of exactly one month's names.
 */
export function ocrMonth(word: string): number | null {
  const w = word.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l').replace(/5/g, 's');
  const exact = MONTHS[w];
  if (exact) return exact;
  if (w.length < 5) return null;
  const months = new Set<number>();
  for (const candidate of [w, w.replace(/rn/g, 'm')])
    for (const [name, month] of LONG_NAMES) if (withinOneEdit(candidate, name)) months.add(month);
  return months.size === 1 ? ([...months][0] as number) : null;
}

/** Two-digit years: 00–49 → 2000s, 50–99 → 1900s (contracts of the 1990s, invoices of the 2020s). */
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 50 ? 2000 + n : 1900 + n;
}

/** ISO date when y/m/d is a real calendar date in a plausible range. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

// (Spanish and Portuguese put "de" around the month: "5 de marzo de 2020".)
const NAMED_DMY = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th|er|\\.)?(?:\\s+day\\s+of|\\s+de)?[\\s\\-/]*(${MONTH_ALT})\\.?,?(?:\\s+de(?:l)?)?[\\s\\-/]*(\\d{4}|'?\\d{2})\\b`,
  'giu',
);
// Text layers and OCR often put a space before the comma of a long date ("August 3 , 2014"), and OCR
// may lose the space after the month ("May11, 2018").
const NAMED_MDY = new RegExp(`\\b(${MONTH_ALT})\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s?,?\\s+(\\d{4})\\b`, 'giu');
// The same with a word that may be an OCR-garbled month name, perhaps split by a space ("Octob er",
// "J uly"); only with a four-digit year, and only where an exact form did not already read the span.
const LOOSE_DMY =
  /\b(\d{1,2})(?:st|nd|rd|th|er|\.)?[\s\-/]*([\p{L}015]{1,11}(?: \p{L}{1,10})?)\.?,?[\s\-/]*(\d{4})\b/gu;
const LOOSE_MDY = /\b([\p{L}015]{1,11}(?: \p{L}{1,10})?)\.?\s*(\d{1,2})(?:st|nd|rd|th)?\s?,?\s+(\d{4})\b/gu;
/** The month of a loose match's word, its one inner space (if any) removed ("J uly" is July too). */
const looseMonth = (word: string): number | null => {
  const joined = word.replace(' ', '');
  if (joined.length >= 5 && joined.length <= 11) return ocrMonth(joined);
  return word.includes(' ') && joined.length === 4 ? (MONTHS[joined.toLowerCase()] ?? null) : null;
};
const YMD = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g;
/**
 * Chinese, Japanese and Korean dates, year first: 2023年11月8日, 2024년 3월 5일, and Korean official
 * style 2024. 5. 14. (a space after each dot).
 */
const CJK_YMD =
  /(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})(?!\d)\s*[日일号]?|\b(\d{4})\.\s(\d{1,2})\.\s(\d{1,2})\.(?!\d)/g;
// A till's OCR loses the space between the date and the time ("22.09.202109:32:32", "17/12/1907:22:41"):
// a year glued to a time ends where the time begins, a two-digit year first (1907:22 is 19 + 07:22).
/** German typesetting's spaced dotted date ("26. 5. 2015"): day first, like every dotted date. */
const SPACED_DOTTED = /\b(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})\b/g;
const NUMERIC = /\b(\d{1,2})([./-])(\d{1,2})\2(\d{2}(?=\d{1,2}:\d{2})|\d{4}(?=\d{1,2}:\d{2})|\d{4}\b|\d{2}\b)/g;
/** `20180605`-style dates, only trusted right after a date label (see parseDateValue). */
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * All dates in a text, in order. `order` decides ambiguous numeric dates (from a locale or from the
 * document's other dates, see decideOrder); `.`-separated numeric dates are always day first.
 */
export function findDates(text: string, order: DateOrder | null = null): DateCandidate[] {
  const found: DateCandidate[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (start: number, end: number): boolean => taken.some(([a, b]) => start < b && end > a);
  const push = (candidate: DateCandidate, length: number): void => {
    if (overlaps(candidate.index, candidate.index + length)) return;
    taken.push([candidate.index, candidate.index + length]);
    found.push(candidate);
  };
  for (const m of text.matchAll(NAMED_MDY)) {
    const month = MONTHS[(m[1] as string).toLowerCase()];
    const iso = month ? isoDate(Number(m[3]), month, Number(m[2])) : null;
    if (iso) push({ raw: m[0], index: m.index, iso, form: 'named', ambiguous: false }, m[0].length);
  }
  for (const m of text.matchAll(NAMED_DMY)) {
    const month = MONTHS[(m[2] as string).toLowerCase()];
    const iso = month ? isoDate(fullYear((m[3] as string).replace("'", '')), month, Number(m[1])) : null;
    if (iso) push({ raw: m[0], index: m.index, iso, form: 'named', ambiguous: false }, m[0].length);
  }
  for (const m of text.matchAll(LOOSE_MDY)) {
    const month = looseMonth(m[1] as string);
    const iso = month ? isoDate(Number(m[3]), month, Number(m[2])) : null;
    if (iso) push({ raw: m[0], index: m.index, iso, form: 'named', ambiguous: false }, m[0].length);
  }
  for (const m of text.matchAll(LOOSE_DMY)) {
    const month = looseMonth(m[2] as string);
    const iso = month ? isoDate(Number(m[3]), month, Number(m[1])) : null;
    if (iso) push({ raw: m[0], index: m.index, iso, form: 'named', ambiguous: false }, m[0].length);
  }
  for (const m of text.matchAll(CJK_YMD)) {
    const iso = isoDate(Number(m[1] ?? m[4]), Number(m[2] ?? m[5]), Number(m[3] ?? m[6]));
    if (iso) push({ raw: m[0], index: m.index, iso, form: 'ymd', ambiguous: false }, m[0].length);
  }
  for (const m of text.matchAll(YMD)) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) push({ raw: m[0], index: m.index, iso, form: 'ymd', ambiguous: false }, m[0].length);
  }
  for (const m of text.matchAll(SPACED_DOTTED)) {
    const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
    if (iso) push({ raw: m[0], index: m.index, iso, form: 'numeric', ambiguous: false }, m[0].length);
  }
  for (const m of text.matchAll(NUMERIC)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(m[4] as string);
    const dmy = isoDate(y, b, a);
    const mdy = isoDate(y, a, b);
    if (!dmy && !mdy) continue;
    const dotted = m[2] === '.';
    let iso: string | null;
    let ambiguous = false;
    if (dmy && mdy && dmy !== mdy) {
      ambiguous = true;
      iso = dotted ? dmy : order === 'dmy' ? dmy : order === 'mdy' ? mdy : null;
    } else iso = dmy ?? mdy;
    push(
      {
        raw: m[0],
        index: m.index,
        iso,
        form: 'numeric',
        ambiguous,
        ...(ambiguous && dmy && mdy ? { readings: { dmy, mdy } } : {}),
      },
      m[0].length,
    );
  }
  return found.sort((x, y) => x.index - y.index);
}

/**
 * The numeric date order a document itself proves: a `/` or `-` date with a first number above 12 is
 * day first, one with a second number above 12 is month first. Null when the document does not say
 * (or says both, which happens in mixed documents).
 */
export function decideOrder(text: string): DateOrder | null {
  let dmy = 0;
  let mdy = 0;
  for (const m of text.matchAll(NUMERIC)) {
    if (m[2] === '.') continue;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && b <= 12) dmy++;
    else if (b > 12 && a <= 12) mdy++;
  }
  if (dmy && !mdy) return 'dmy';
  if (mdy && !dmy) return 'mdy';
  return null;
}

/** Date order customary for a BCP 47 locale: month first only in the US and a few others. */
export function orderForLocale(locale: string | null | undefined): DateOrder | null {
  if (!locale) return null;
  return /^(en-US|en-PH|en-CA|es-US)$/i.test(locale) || /^en$/i.test(locale) ? 'mdy' : 'dmy';
}

/** The first date in a short value string (after a label); also accepts compact `20180605`. */
export function parseDateValue(value: string, order: DateOrder | null): DateCandidate | null {
  const compact = COMPACT.exec(value.trim());
  if (compact) {
    const iso = isoDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    if (iso) return { raw: value.trim(), index: 0, iso, form: 'ymd', ambiguous: false };
  }
  return findDates(value, order)[0] ?? null;
}

/** RFC 2822 e-mail dates ("Wed, 16 Jul 2008 09:24:06 +0300") as the calendar date written. */
export function parseRfc2822Date(value: string): string | null {
  const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(value);
  if (!m) return null;
  const month = MONTHS[(m[2] as string).toLowerCase()];
  return month ? isoDate(Number(m[3]), month, Number(m[1])) : null;
}
