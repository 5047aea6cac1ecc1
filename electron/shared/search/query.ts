/**
 * The search query language, parsed once into an AST that both backends (SQLite FTS5, OpenSearch)
 * translate. Runs anywhere (no Node), so the renderer can validate as the user types.
 *
 * Syntax (clauses separated by spaces, all clauses must hold):
 *   word            a word; all words must match (ranking falls back to any word when none match all)
 *   "exact phrase"  consecutive words
 *   pre*            prefix of a word
 *   -word, -"a b"   exclusion (also -type:x, -vendor:y, -path:/x)
 *   type:invoice    document type (several type: clauses mean any of them)
 *   vendor:acme     field contains the value (case and accents ignored); quoted values allowed
 *   total>100       comparison: > >= < <= on numbers, dates (ISO) or text
 *   date:2023-01..2023-06   inclusive range; either side may be empty (date:2023-01..)
 *   path:/home/me/invoices  folder (or file) path prefix
 *
 * Invalid syntax throws AppError(QUERY_INVALID) with a message that says where and how to fix it.
 */
import { AppError, ErrorCode } from '../contract/errors.js';

export type FieldValue = string | number;

/** A free-text clause: matched against title, body and field values. */
export interface TermClause {
  kind: 'term';
  /** The word as typed (lower-cased); the backend's analyzer stems and folds it. */
  text: string;
  /** `pre*`: any word starting with `text`. */
  prefix: boolean;
  negated: boolean;
}

export interface PhraseClause {
  kind: 'phrase';
  /** The phrase's words in order. */
  words: string[];
  negated: boolean;
}

export interface TypeClause {
  kind: 'type';
  value: string;
  negated: boolean;
}

export interface PathClause {
  kind: 'path';
  /** A folder or file path; matches that path and everything below it. */
  prefix: string;
  negated: boolean;
}

export type CompareOp = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';

export interface FieldClause {
  kind: 'field';
  /** Field name, lower-cased (`vendor`, `total`, `date`). */
  name: string;
  op: CompareOp;
  /** Numbers compare numerically; strings compare as text (ISO dates sort as text). `eq` on text means "contains". */
  value: FieldValue;
  negated: boolean;
}

export interface RangeClause {
  kind: 'range';
  name: string;
  /** Inclusive bounds; a missing bound is open. Date prefixes (`2023-06`) cover the whole month/year. */
  from: FieldValue | null;
  to: FieldValue | null;
  negated: boolean;
}

export type Clause = TermClause | PhraseClause | TypeClause | PathClause | FieldClause | RangeClause;

export interface ParsedQuery {
  clauses: Clause[];
}

const MAX_QUERY_LENGTH = 2000;
const MAX_CLAUSES = 64;
const FIELD_NAME = /^[a-z_][a-z0-9_.]*$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE_PREFIX = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

/** A Chinese, Japanese or Korean character: a word by itself (the search analyzer's unigrams). */
export const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Words are letters and digits; everything else separates words (as FTS5 unicode61 and OpenSearch do).
 * A Chinese, Japanese or Korean character is a word of its own, so that `发票` is the phrase of 发 and 票
 * and finds 发票 inside 增值税发票号码 (analyzer.ts scanWords).
 */
const WORD = new RegExp(`${CJK_CHAR.source}|(?:(?!${CJK_CHAR.source})[\\p{L}\\p{N}])+`, 'gu');

function invalid(message: string): AppError {
  return new AppError(ErrorCode.QUERY_INVALID, message, { retryable: false });
}

/** The words of a text as the query language sees them (lower-cased letters and digits). */
export function queryWords(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((w) => w.length > 0);
}

interface RawToken {
  /** Text before any quoted part (`vendor:` of `vendor:"acme corp"`), or the whole bare token. */
  text: string;
  /** Quoted content, when the token (or its value) was quoted. */
  quoted: string | null;
  negated: boolean;
  /** 1-based position in the query, for error messages. */
  position: number;
}

/** Splits the query into whitespace-separated tokens, keeping quoted parts whole. */
function lex(input: string): RawToken[] {
  const tokens: RawToken[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    while (i < n && /\s/.test(input[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let negated = false;
    if (input[i] === '-' && i + 1 < n && !/\s/.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    let text = '';
    let quoted: string | null = null;
    while (i < n && !/\s/.test(input[i]!)) {
      if (input[i] === '"') {
        const close = input.indexOf('"', i + 1);
        if (close < 0) {
          throw invalid(`Unclosed quote at position ${i + 1}: add a closing " to search for an exact phrase.`);
        }
        if (quoted !== null)
          throw invalid(`Two quoted parts in one term at position ${start + 1}: separate them with a space.`);
        quoted = input.slice(i + 1, close);
        i = close + 1;
        if (i < n && !/\s/.test(input[i]!)) {
          throw invalid(`Unexpected "${input[i]}" after the closing quote at position ${i + 1}: add a space.`);
        }
        break;
      }
      text += input[i];
      i++;
    }
    tokens.push({ text, quoted, negated, position: start + 1 });
  }
  return tokens;
}

/** Date fields (`date`, `due_date`, `invoiceDate`) compare as ISO text, so `date:2024..` means the year, not 2024.0. */
function isDateField(name: string): boolean {
  return /date$/.test(name);
}

function parseValue(raw: string, name: string): FieldValue {
  if (isDateField(name) && ISO_DATE_PREFIX.test(raw)) return raw;
  return NUMBER.test(raw) ? Number(raw) : raw.toLowerCase();
}

function parseBound(raw: string, name: string, position: number): FieldValue | null {
  if (raw === '') return null;
  if (isDateField(name) && ISO_DATE_PREFIX.test(raw)) return raw;
  if (NUMBER.test(raw)) return Number(raw);
  if (ISO_DATE_PREFIX.test(raw)) return raw;
  throw invalid(
    `Bad range bound "${raw}" in ${name}: at position ${position}: use numbers (10..20) or dates (2023-01..2023-06).`,
  );
}

const COMPARISON = /^([a-z_][a-z0-9_.]*)(>=|<=|>|<)(.*)$/i;
const FIELD = /^([a-z_][a-z0-9_.]*):(.*)$/i;

function parseToken(token: RawToken): Clause | null {
  const { text, quoted, negated, position } = token;

  const comparison = quoted === null ? COMPARISON.exec(text) : null;
  if (comparison) {
    const name = comparison[1]!.toLowerCase();
    const op = ({ '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' } as const)[comparison[2] as '>' | '>=' | '<' | '<='];
    const rawValue = comparison[3]!;
    if (rawValue === '')
      throw invalid(
        `Missing value after ${name}${comparison[2]} at position ${position}: write e.g. ${name}${comparison[2]}100.`,
      );
    if (!NUMBER.test(rawValue) && !ISO_DATE_PREFIX.test(rawValue)) {
      throw invalid(
        `"${rawValue}" in ${name}${comparison[2]}${rawValue} (position ${position}) is not a number or an ISO date (2023-06-30).`,
      );
    }
    return { kind: 'field', name, op, value: parseValue(rawValue, name), negated };
  }

  const field = FIELD.exec(text);
  // `http://x` and `c:\x` are words, not fields: a field value never starts with a slash after the colon
  // unless the field is path:.
  if (field && (field[1]!.toLowerCase() === 'path' || !/^[/\\]/.test(field[2]!))) {
    const name = field[1]!.toLowerCase();
    const value = quoted ?? field[2]!;
    if (!FIELD_NAME.test(name)) throw invalid(`Bad field name "${field[1]}" at position ${position}.`);
    if (value.trim() === '')
      throw invalid(`Missing value after ${name}: at position ${position}: write e.g. ${name}:value.`);
    if (name === 'path') return { kind: 'path', prefix: value, negated };
    if (name === 'type') return { kind: 'type', value: value.toLowerCase(), negated };
    if (quoted === null && value.includes('..')) {
      const [from, to, ...rest] = value.split('..');
      if (rest.length > 0) throw invalid(`A range has one "..": ${name}:${value} at position ${position}.`);
      const lo = parseBound(from!, name, position);
      const hi = parseBound(to!, name, position);
      if (lo === null && hi === null)
        throw invalid(`An empty range ${name}:.. at position ${position}: give at least one bound.`);
      return { kind: 'range', name, from: lo, to: hi, negated };
    }
    return {
      kind: 'field',
      name,
      op: 'eq',
      value: quoted === null ? parseValue(value, name) : value.toLowerCase(),
      negated,
    };
  }

  if (quoted !== null) {
    if (text !== '') throw invalid(`Unexpected "${text}" before a quote at position ${position}: add a space.`);
    const words = queryWords(quoted);
    if (words.length === 0) return null;
    if (words.length === 1) return { kind: 'term', text: words[0]!, prefix: false, negated };
    return { kind: 'phrase', words, negated };
  }

  const prefix = text.endsWith('*');
  const body = prefix ? text.replace(/\*+$/, '') : text;
  const words = queryWords(body);
  if (prefix && words.length === 0) {
    throw invalid(`A prefix search needs letters before "*" (position ${position}), e.g. invoi*.`);
  }
  if (words.length === 0) return null; // punctuation only: nothing to search for
  if (words.length === 1) return { kind: 'term', text: words[0]!, prefix, negated };
  // `e-mail`, `o'brien`, `3.5`: the analyzer splits them; keep them together as a phrase.
  if (prefix) throw invalid(`A prefix search applies to one word: "${text}" at position ${position}.`);
  return { kind: 'phrase', words, negated };
}

/** Parses a query; throws AppError(QUERY_INVALID) with a readable message. An empty query is valid (no clauses). */
export function parseQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_LENGTH)
    throw invalid(`The query is ${input.length} characters long; the limit is ${MAX_QUERY_LENGTH}.`);
  // Control characters would only hide other errors (and are our highlight markers): treat them as spaces.

  const cleaned = input.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const clauses: Clause[] = [];
  for (const token of lex(cleaned)) {
    const clause = parseToken(token);
    if (clause) clauses.push(clause);
  }
  if (clauses.length > MAX_CLAUSES)
    throw invalid(`The query has ${clauses.length} parts; the limit is ${MAX_CLAUSES}.`);
  return { clauses };
}

/**
 * Natural-language text (an IR test query, a "more like this" seed) as a query: only words, no operators,
 * so a stray `-` or `:` in the text is not read as syntax.
 */
export function parsePlainText(text: string): ParsedQuery {
  return {
    clauses: queryWords(text.slice(0, MAX_QUERY_LENGTH * 4)).map((w) => ({
      kind: 'term',
      text: w,
      prefix: false,
      negated: false,
    })),
  };
}

/** The positive free-text clauses (what ranking and snippets are about). */
export function textClauses(query: ParsedQuery): (TermClause | PhraseClause)[] {
  return query.clauses.filter(
    (c): c is TermClause | PhraseClause => (c.kind === 'term' || c.kind === 'phrase') && !c.negated,
  );
}

/** Back to a canonical query string (for logs and round-trip tests). */
export function formatQuery(query: ParsedQuery): string {
  const quote = (s: string) => (/[\s"]/.test(s) || s === '' ? `"${s.replace(/"/g, '')}"` : s);
  const show = (v: FieldValue | null) => (v === null ? '' : String(v));
  return query.clauses
    .map((c) => {
      const neg = c.negated ? '-' : '';
      switch (c.kind) {
        case 'term':
          return `${neg}${c.text}${c.prefix ? '*' : ''}`;
        case 'phrase':
          return `${neg}"${c.words.join(' ')}"`;
        case 'type':
          return `${neg}type:${quote(c.value)}`;
        case 'path':
          return `${neg}path:${quote(c.prefix)}`;
        case 'field': {
          const op = { eq: ':', gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op];
          return `${neg}${c.name}${op}${typeof c.value === 'number' ? c.value : quote(c.value)}`;
        }
        case 'range':
          return `${neg}${c.name}:${show(c.from)}..${show(c.to)}`;
      }
    })
    .join(' ');
}
