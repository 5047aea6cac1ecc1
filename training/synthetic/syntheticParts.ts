/**
 * The parts synthetic documents are made of: a seeded random source's helpers, people, organisations,
 * places, dates written the ways documents write them, prose wrapped like extracted PDF text, and the
 * character confusions of OCR. Shared by syntheticDocuments.ts (business paper) and syntheticProse.ts
 * (reports, letters, manuals and other running text).
 */
import { tokenize } from '../../electron/understand/textFeatures.js';
import type { DocumentType } from '../../electron/shared/contract/schemas/documentTypes.js';

/** One generated document: its text, its label, and the values put into it. */
export interface SyntheticDocument {
  label: DocumentType;
  source: string;
  text: string;
  /** The values the generator put in, normalized like labels.jsonl (for extractor tests). */
  fields: Record<string, string | string[]>;
  /** Text as OCR of a scan or photo returns it (the classifier's `l:ocr` cue), not a PDF's text layer. */
  ocr?: boolean;
}

export const FIRST = [
  'Anna',
  'James',
  'Maria',
  'Peter',
  'Chen',
  'Sofia',
  'Lukas',
  'Aisha',
  'Tom',
  'Elena',
  'Ravi',
  'Claire',
  'Jonas',
  'Fatima',
  'Mark',
];
export const LAST = [
  'Schmidt',
  'Miller',
  'Rossi',
  'Dubois',
  'Nowak',
  'Okafor',
  'Tanaka',
  'Garcia',
  'Jensen',
  'Kumar',
  'Brown',
  'Weber',
  'Moreau',
  'Silva',
];
export const ORG_A = [
  'Northwind',
  'Bluebird',
  'Acme',
  'Helios',
  'Greenfield',
  'Orion',
  'Summit',
  'Riverside',
  'Lindenhof',
  'Atlas',
  'Cobalt',
  'Meridian',
];
export const ORG_B = [
  'Traders',
  'Systems',
  'Logistics',
  'Consulting',
  'Supplies',
  'Software',
  'Foods',
  'Design',
  'Energy',
  'Media',
];
export const ORG_SUFFIX = ['Ltd', 'GmbH', 'Inc.', 'LLC', 'S.A.', 'B.V.', 'AG', 'plc'];
export const BANKS = [
  'First National Bank',
  'Sparkasse Musterstadt',
  'Banque Populaire',
  'Northern Savings Bank',
  'Volksbank Mitte',
  'City Credit Union',
  'ING Bank',
  'Metro Bank',
];
export const STREETS = [
  'Main Street',
  'Hauptstraße',
  'Rue de la Paix',
  'High Street',
  'Market Square',
  'Bahnhofstraße',
  'Elm Avenue',
  'Kingsway',
];
export const CITIES = [
  'London',
  'Berlin',
  'Paris',
  'Amsterdam',
  'Munich',
  'Lyon',
  'Manchester',
  'Vienna',
  'Zurich',
  'Dublin',
];
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** People's names for the Korean, Chinese and Japanese templates (syntheticAsian.ts). */
export const CJK_PEOPLE = {
  ko: ['김민준', '이서연', '박지훈', '최수아', '정우진', '강하은', '조현우', '윤지민'],
  zh: ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨帆', '赵磊', '黄丽'],
  ja: ['佐藤 健', '鈴木 花子', '高橋 誠', '田中 美咲', '伊藤 翔', '渡辺 結衣', '山本 大輔', '中村 彩'],
} as const;

/**
 * The made-up names the templates draw from (people, companies, cities), lower-cased as the tokenizer
 * writes them. They appear in every generated class, so they would pass the vocabulary's "two sources"
 * rule and teach the model names; training drops them from generated documents' features.
 */
export const GENERATED_NAMES: ReadonlySet<string> = new Set([
  ...[...FIRST, ...LAST, ...ORG_A, ...CITIES].map((name) =>
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase(),
  ),
  // Korean, Chinese and Japanese names as the tokenizer cuts them (character pairs).
  ...Object.values(CJK_PEOPLE).flatMap((names) => names.flatMap((name) => tokenize(name))),
]);

export type Random = () => number;
export const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
export const int = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pad = (n: number): string => String(n).padStart(2, '0');
export const person = (r: Random): string => `${pick(r, FIRST)} ${pick(r, LAST)}`;
export const org = (r: Random): string => `${pick(r, ORG_A)} ${pick(r, ORG_B)} ${pick(r, ORG_SUFFIX)}`;
export const address = (r: Random): string =>
  `${int(r, 1, 180)} ${pick(r, STREETS)}, ${int(r, 10000, 99999)} ${pick(r, CITIES)}`;

export interface Day {
  y: number;
  m: number;
  d: number;
}
export const day = (r: Random): Day => ({ y: int(r, 2015, 2025), m: int(r, 1, 12), d: int(r, 1, 28) });
export const iso = (t: Day): string => `${t.y}-${pad(t.m)}-${pad(t.d)}`;
export const addDays = (t: Day, n: number): Day => {
  const date = new Date(Date.UTC(t.y, t.m - 1, t.d + n));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
};
/** Unambiguous written forms (day > 12 or month spelled out), so labels are certain. */
export function writeDate(r: Random, t: Day, style: 'en' | 'de' | 'us'): string {
  const forms =
    style === 'de'
      ? [`${pad(t.d)}.${pad(t.m)}.${t.y}`, `${t.d}. ${MONTHS[t.m - 1]} ${t.y}`]
      : style === 'us'
        ? [`${MONTHS[t.m - 1]} ${t.d}, ${t.y}`, `${t.m}/${t.d}/${t.y}`]
        : [`${t.d} ${MONTHS[t.m - 1]} ${t.y}`, iso(t), `${pad(t.d)} ${MONTHS[t.m - 1]?.slice(0, 3)} ${t.y}`];
  return pick(r, forms);
}
/** Prose wrapped like extracted PDF text (lines of about 80–95 characters), not one line per paragraph. */
export function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}
export const sentences = (r: Random, pool: readonly string[], n: number): string =>
  wrap(Array.from({ length: n }, () => pick(r, pool)).join(' '), int(r, 70, 100));

/** Confusions a scan's OCR makes: similar glyphs swapped, letters split by spaces, words run together. */
const CONFUSIONS: Record<string, readonly string[]> = {
  l: ['1', 'I', 't'],
  i: ['l', '1'],
  o: ['0', 'a', 'e'],
  e: ['c', 'o'],
  a: ['o', 's'],
  s: ['5', 'a'],
  c: ['e', 'o'],
  n: ['m', 'u'],
  m: ['rn', 'n'],
  h: ['b', 'li'],
  u: ['n', 'v'],
  r: ['t', 'n'],
  t: ['f', 'l'],
  b: ['h', '6'],
  g: ['q', '9'],
  d: ['cl', 'a'],
};

/** Text as a poor OCR of a scan returns it: about `rate` of the letters confused, some spacing broken. */
export function ocrNoise(r: Random, text: string, rate: number): string {
  let out = '';
  for (const ch of text) {
    const roll = r();
    const swaps = CONFUSIONS[ch.toLowerCase()];
    if (roll < rate && swaps) out += pick(r, swaps);
    else if (roll < rate * 1.3 && /\p{L}/u.test(ch)) out += `${ch} `;
    else if (roll < rate * 1.5 && ch === ' ') out += '';
    else out += ch;
  }
  return out;
}
