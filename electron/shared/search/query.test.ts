import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../contract/errors.js';
import { formatQuery, parsePlainText, parseQuery, queryWords, textClauses, type Clause } from './query.js';

const clauses = (q: string): Clause[] => parseQuery(q).clauses;

function rejects(q: string, message?: RegExp): void {
  let error: unknown;
  try {
    parseQuery(q);
  } catch (e) {
    error = e;
  }
  expect(AppError.is(error), `expected ${JSON.stringify(q)} to be rejected`).toBe(true);
  expect((error as AppError).code).toBe(ErrorCode.QUERY_INVALID);
  expect((error as AppError).retryable).toBe(false);
  if (message) expect((error as AppError).message).toMatch(message);
}

describe('queryWords', () => {
  it('makes every Chinese, Japanese or Korean character a word, so that a run of them is a phrase', () => {
    expect(queryWords('发票No1 보험금')).toEqual(['发', '票', 'no1', '보', '험', '금']);
    expect(parseQuery('发票').clauses).toEqual([{ kind: 'phrase', words: ['发', '票'], negated: false }]);
    expect(parseQuery('票').clauses).toEqual([{ kind: 'term', text: '票', prefix: false, negated: false }]);
  });
});

describe('parseQuery', () => {
  it('parses words, lower-cased', () => {
    expect(clauses('Invoice ACME')).toEqual([
      { kind: 'term', text: 'invoice', prefix: false, negated: false },
      { kind: 'term', text: 'acme', prefix: false, negated: false },
    ]);
  });

  it('parses phrases, exclusions and prefixes', () => {
    expect(clauses('"standing desks" -chairs invoi* -"net 14"')).toEqual([
      { kind: 'phrase', words: ['standing', 'desks'], negated: false },
      { kind: 'term', text: 'chairs', prefix: false, negated: true },
      { kind: 'term', text: 'invoi', prefix: true, negated: false },
      { kind: 'phrase', words: ['net', '14'], negated: true },
    ]);
  });

  it('parses type, path and field clauses', () => {
    expect(clauses('type:Invoice path:/home/me/docs vendor:acme -type:receipt')).toEqual([
      { kind: 'type', value: 'invoice', negated: false },
      { kind: 'path', prefix: '/home/me/docs', negated: false },
      { kind: 'field', name: 'vendor', op: 'eq', value: 'acme', negated: false },
      { kind: 'type', value: 'receipt', negated: true },
    ]);
    expect(clauses('path:"/My Docs/2023"')).toEqual([{ kind: 'path', prefix: '/My Docs/2023', negated: false }]);
    expect(clauses('vendor:"ACME Corp"')).toEqual([
      { kind: 'field', name: 'vendor', op: 'eq', value: 'acme corp', negated: false },
    ]);
  });

  it('parses comparisons on numbers and dates', () => {
    expect(clauses('total>100 total>=10 total<5.5 total<=0 amount:-3')).toEqual([
      { kind: 'field', name: 'total', op: 'gt', value: 100, negated: false },
      { kind: 'field', name: 'total', op: 'gte', value: 10, negated: false },
      { kind: 'field', name: 'total', op: 'lt', value: 5.5, negated: false },
      { kind: 'field', name: 'total', op: 'lte', value: 0, negated: false },
      { kind: 'field', name: 'amount', op: 'eq', value: -3, negated: false },
    ]);
    expect(clauses('date>2023-06-30')).toEqual([
      { kind: 'field', name: 'date', op: 'gt', value: '2023-06-30', negated: false },
    ]);
  });

  it('parses ranges with open ends', () => {
    expect(clauses('date:2023-01..2023-06 total:10..20 date:2024.. date:..2022-12-31')).toEqual([
      { kind: 'range', name: 'date', from: '2023-01', to: '2023-06', negated: false },
      { kind: 'range', name: 'total', from: 10, to: 20, negated: false },
      { kind: 'range', name: 'date', from: '2024', to: null, negated: false },
      { kind: 'range', name: 'date', from: null, to: '2022-12-31', negated: false },
    ]);
  });

  it('keeps words with inner punctuation together as a phrase', () => {
    expect(clauses('e-mail')).toEqual([{ kind: 'phrase', words: ['e', 'mail'], negated: false }]);
    expect(clauses("o'brien")).toEqual([{ kind: 'phrase', words: ['o', 'brien'], negated: false }]);
  });

  it('treats URLs and Windows drive paths as words, not fields', () => {
    expect(clauses('http://example.com').every((c) => c.kind === 'phrase' || c.kind === 'term')).toBe(true);
    expect(clauses('c:\\temp').every((c) => c.kind === 'phrase' || c.kind === 'term')).toBe(true);
  });

  it('folds nothing itself but keeps accents for the analyzer', () => {
    expect(clauses('Café')).toEqual([{ kind: 'term', text: 'café', prefix: false, negated: false }]);
  });

  it('accepts empty and whitespace-only queries as "everything"', () => {
    expect(clauses('')).toEqual([]);
    expect(clauses('   \t\n ')).toEqual([]);
  });

  it('drops punctuation-only tokens and FTS5 operators lose their meaning', () => {
    expect(clauses('( ) ^ ; , .')).toEqual([]);
    expect(clauses('NEAR(a b)')).toEqual([
      { kind: 'phrase', words: ['near', 'a'], negated: false },
      { kind: 'term', text: 'b', prefix: false, negated: false },
    ]);
    expect(clauses('a OR b AND NOT c').map((c) => c.kind === 'term' && c.text)).toEqual([
      'a',
      'or',
      'b',
      'and',
      'not',
      'c',
    ]);
    expect(clauses("'; DROP TABLE docs; --").length).toBeGreaterThan(0);
  });

  it('treats a lone minus as nothing and a control character as a space', () => {
    expect(clauses('- invoice')).toEqual([{ kind: 'term', text: 'invoice', prefix: false, negated: false }]);
    expect(clauses('a\u0000b\u0002c')).toHaveLength(3);
  });

  it('rejects invalid syntax with readable messages', () => {
    rejects('"unbalanced', /Unclosed quote at position 1/);
    rejects('invoice "acme', /Unclosed quote at position 9/);
    rejects('"a"b', /after the closing quote/);
    rejects('x"a b"', /before a quote/);
    rejects('total>abc', /not a number or an ISO date/);
    rejects('total>', /Missing value/);
    rejects('vendor:', /Missing value after vendor:/);
    rejects('vendor:""', /Missing value/);
    rejects('path:', /Missing value/);
    rejects('date:..', /empty range/);
    rejects('date:2023-13..2024', /Bad range bound/);
    rejects('date:1..2..3', /one "\.\."/);
    rejects('*', /prefix search needs letters/);
    rejects('**', /prefix search needs letters/);
    rejects('e-ma*', /one word/);
    rejects('x'.repeat(2001), /limit is 2000/);
    rejects(Array.from({ length: 65 }, (_, i) => `w${i}`).join(' '), /limit is 64/);
  });

  it('never throws anything but QUERY_INVALID on random input', () => {
    const alphabet = [
      '"',
      '-',
      '*',
      ':',
      '..',
      '>',
      '<',
      '=',
      '(',
      ')',
      'a',
      'b',
      ' ',
      '\\',
      '/',
      '😀',
      'é',
      '\u0000',
      'type',
      'path',
      '1',
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const q = Array.from(
        { length: Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      try {
        parseQuery(q);
      } catch (error) {
        expect(AppError.is(error) && error.code === ErrorCode.QUERY_INVALID, JSON.stringify(q)).toBe(true);
      }
    }
  });

  it('round-trips through formatQuery', () => {
    for (const q of [
      'invoice -acme "net 14" invoi* type:invoice path:"/My Docs" vendor:"acme corp" total>=10 date:2023-01..2023-06',
      '-type:receipt total:..5',
    ]) {
      expect(parseQuery(formatQuery(parseQuery(q)))).toEqual(parseQuery(q));
    }
  });

  it('textClauses keeps the positive words and phrases', () => {
    expect(textClauses(parseQuery('a -b "c d" type:x')).map((c) => c.kind)).toEqual(['term', 'phrase']);
  });
});

describe('parsePlainText', () => {
  it('reads prose as words only: no operators', () => {
    expect(
      parsePlainText('what is -the "flow" rate: 3.5 type:x?').clauses.map((c) => (c.kind === 'term' ? c.text : '?')),
    ).toEqual(['what', 'is', 'the', 'flow', 'rate', '3', '5', 'type', 'x']);
  });
});
