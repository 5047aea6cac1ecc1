import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DOCUMENT_STATES } from '../../shared/contract/jobs.js';
import {
  LIBRARY_COLUMNS,
  LIBRARY_TYPES,
  LibraryRequest,
  REVIEW_STATUSES,
  type LibraryColumn,
  type LibraryFilter,
  type LibraryRow,
  type LibraryRequestInput,
} from '../../shared/contract/library.js';
import type { DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { KEY_FIELDS, keyFieldRows, type KeyRole } from '../../shared/contract/schemas/keyFields.js';
import type { Store } from '../store/Store.js';
import { generateArchive } from '../testing/generatedArchive.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { DocumentCatalog } from './DocumentCatalog.js';
import { uncertainties } from './documentViews.js';
import { Library } from './Library.js';

const THRESHOLD = 0.8;
const at = '2026-01-01T00:00:00.000Z';
let t: TempStore;
let store: Store;
let library: Library;

function useStore(open: () => TempStore): void {
  t = open();
  store = t.store;
  library = new Library(store, THRESHOLD);
}

const page = (input: LibraryRequestInput) => {
  const answer = library.page(LibraryRequest.parse(input));
  return { rows: answer.rows, ...answer.counts! };
};

function field(
  name: string,
  value: string,
  normalized: FieldValue['normalized'],
  confidence: number,
  source: FieldValue['source'] = 'embedded',
): FieldValue {
  return { name, value, normalized, confidence, source, page: null, box: null };
}

function typed(sha: string, path: string, type: DocumentType, confidence: number, fields: FieldValue[]): number {
  const id = t.addDocument({ sha256: sha, paths: [path] });
  store.tx(() => {
    store.documents.setType(id, { type, confidence, source: 'embedded', probabilities: {} }, at);
    for (const f of fields) store.fields.write(id, f, at);
  });
  return id;
}

describe('key fields', () => {
  beforeEach(() => useStore(openTempStore));
  afterEach(() => t.dispose());

  it("are the type's date, party and total, each the value the document shows", () => {
    const id = typed('a', '/in/b/invoice-7.pdf', 'invoice', 0.93, [
      field('date', '03/04/2024', null, 0.55),
      field('vendor', 'ACME Ltd', 'ACME Ltd', 0.7),
      field('vendor', 'ACME Tools Ltd', 'ACME Tools Ltd', 0.9, 'llm'),
      field('amount_due', '1.200,00', '1200.00', 0.95),
      field('currency', '€', 'EUR', 0.99),
      field('buyer', 'Foo Corp', 'Foo Corp', 0.62),
    ]);
    let row = page({}).rows[0]!;
    expect(row).toMatchObject({
      id,
      name: 'invoice-7.pdf',
      path: '/in/b/invoice-7.pdf',
      pathCount: 1,
      type: 'invoice',
      // Not read as a date without guessing: shown as written.
      date: '03/04/2024',
      // The more confident of two sources.
      party: 'ACME Tools Ltd',
      // No total: the amount due stands in.
      total: { amount: 1200, currency: 'EUR' },
      lowestConfidence: 0.55,
      review: 'needs_review',
    });

    // A person's value wins whatever its confidence, and leaves the lowest confidence.
    store.tx(() => {
      store.fields.write(id, field('date', '2024-04-03', '2024-04-03', 1, 'user'), at);
      store.fields.write(id, field('total', '1.250,00', '1250.00', 0.81, 'llm'), at);
    });
    row = page({}).rows[0]!;
    expect(row).toMatchObject({ date: '2024-04-03', total: { amount: 1250, currency: 'EUR' }, lowestConfidence: 0.62 });

    // Another type, other key fields: a letter's party is its sender; an invoice's fields are not a letter's.
    store.tx(() => {
      store.documents.setType(id, { type: 'letter', confidence: 1, source: 'user', probabilities: {} }, at);
      store.fields.write(id, field('sender', 'Jane Doe', 'Jane Doe', 0.88), at);
    });
    row = page({}).rows[0]!;
    expect(row).toMatchObject({ type: 'letter', party: 'Jane Doe', date: '2024-04-03', total: null });
  });

  it('agree with uncertainties() on the lowest confidence and the review status, and follow the paths', () => {
    const docs = generateArchive(store, { count: 300, seed: 7 });
    const catalog = new DocumentCatalog(store, THRESHOLD);
    const rows = new Map(page({ limit: 500 }).rows.map((r) => [r.id, r]));
    for (const doc of docs) {
      const record = store.documents.get(doc.id)!;
      const summary = catalog.summary(record);
      const row = rows.get(doc.id)!;
      expect(row.review).toBe(summary.review);
      expect(row.lowestConfidence).toBe(
        record.type === null ? null : uncertainties(record, summary.fields, THRESHOLD).lowest,
      );
      expect(row.party).toBe(expectedKey(record.type, summary.fields, 'party'));
      expect(row.date).toBe(expectedKey(record.type, summary.fields, 'date'));
      expect(row.name).toBe(record.paths[0]!.split('/').pop());
    }
    // A second path sorted before the first one gives the name; removing it gives the old one back.
    const id = docs[0]!.id;
    store.tx(() => store.locations.upsert('/a/first.pdf', id, 1, 0, at));
    expect(page({ filter: { q: 'first.pdf' } }).rows[0]).toMatchObject({ id, name: 'first.pdf', pathCount: 2 });
    store.tx(() => store.locations.delete('/a/first.pdf'));
    expect(page({ filter: { q: docs[0]!.path } }).rows[0]).toMatchObject({ id, pathCount: 1 });
  });

  it('are filled for documents stored before the key fields were known (a new docpipe on an old store)', () => {
    const id = typed('a', '/x/r.pdf', 'receipt', 0.9, [field('company', 'Shop', 'Shop', 0.8)]);
    store.db.prepare("DELETE FROM key_fields WHERE doc_type = 'receipt'").run();
    store.db.prepare('UPDATE documents SET key_party = NULL WHERE id = ?').run(id);
    expect(page({}).rows[0]!.party).toBeNull();
    expect(store.library.syncKeyFields(keyFieldRows())).toBe(true);
    expect(page({}).rows[0]!.party).toBe('Shop');
    expect(store.library.syncKeyFields(keyFieldRows())).toBe(false);
  });
});

describe('the text filter', () => {
  beforeEach(() => useStore(openTempStore));
  afterEach(() => t.dispose());

  it('takes the text literally and ignores case', () => {
    t.addDocument({ sha256: 'plain', paths: ['/x/100 done.txt'] });
    const id = t.addDocument({ sha256: 'odd', paths: ['/x/100%_done [final].txt'] });
    expect(page({ filter: { q: '100%_DONE' } }).rows.map((r) => r.id)).toEqual([id]);
    expect(page({ filter: { q: '100_' } }).total).toBe(0);
    expect(page({ filter: { q: '%' } }).rows.map((r) => r.id)).toEqual([id]);
  });
});

describe('sorting, filtering and counts on a generated archive', () => {
  // One archive for the tests that only read it. Untyped, failed and field-less documents among them:
  // empty values and ties are exercised.
  let expected: Expected[];
  beforeAll(() => {
    useStore(openTempStore);
    generateArchive(store, { count: 400, seed: 3 });
    expected = referenceRows();
  });
  afterAll(() => t.dispose());

  it.each(LIBRARY_COLUMNS.flatMap((c) => [[c, 'asc'] as const, [c, 'desc'] as const]))(
    'sorts by %s %s, empty values last, ties by id, in pages that fit together',
    (sort, direction) => {
      const want = sortReference(expected, sort, direction).map((r) => r.id);
      const got: number[] = [];
      for (let offset = 0; offset < want.length; offset += 70) {
        got.push(...page({ sort, direction, offset, limit: 70 }).rows.map((r) => r.id));
      }
      expect(got).toEqual(want);
      expect(library.ids({ filter: {}, sort, direction, offset: 10, limit: 25 })).toEqual(want.slice(10, 35));
    },
  );

  it.each(LIBRARY_COLUMNS.flatMap((c) => [[c, 'asc'] as const, [c, 'desc'] as const]))(
    'walks one covering index for %s %s, filtered or not, and never sorts',
    (sort, direction) => {
      for (const filter of [
        {},
        { type: ['invoice'], state: ['completed'], review: ['needs_review'], minConfidence: 0.2 },
      ] as LibraryFilter[]) {
        const plan = store.library.explainIds(filter, sort, direction, THRESHOLD);
        expect(plan).toEqual([expect.stringMatching(/^(SCAN|SEARCH) documents USING COVERING INDEX documents_by_/)]);
      }
    },
  );

  const filters: [string, LibraryFilter][] = [
    ['type', { type: ['invoice', 'receipt'] }],
    ['untyped', { type: ['untyped'] }],
    ['state', { state: ['failed'] }],
    ['review', { review: ['needs_review'] }],
    ['review ok or reviewed', { review: ['ok', 'reviewed'] }],
    ['text', { q: 'ACME' }],
    ['confidence range', { minConfidence: 0.6, maxConfidence: 0.9 }],
    [
      'all at once',
      { type: ['invoice'], state: ['completed'], review: ['needs_review'], q: 'invoice', minConfidence: 0.5 },
    ],
  ];

  it.each(filters)('filters by %s and counts documents per state, type and review status', (_, filter) => {
    const result = page({ filter, sort: 'date', direction: 'desc', limit: 500 });
    const matching = expected.filter((r) => matches(r, filter));
    expect(result.total).toBe(matching.length);
    expect(library.page(LibraryRequest.parse({ filter, counts: false })).counts).toBeNull();
    expect(result.rows.map((r) => r.id)).toEqual(sortReference(matching, 'date', 'desc').map((r) => r.id));
    expect(result.archive).toBe(expected.length);
    for (const state of DOCUMENT_STATES)
      expect(result.state[state]).toBe(expected.filter((r) => matches(r, { ...filter, state: [state] })).length);
    for (const type of LIBRARY_TYPES)
      expect(result.type[type]).toBe(expected.filter((r) => matches(r, { ...filter, type: [type] })).length);
    for (const review of REVIEW_STATUSES)
      expect(result.review[review]).toBe(expected.filter((r) => matches(r, { ...filter, review: [review] })).length);
    expect(library.resolve({ filter, except: [] })).toEqual(matching.map((r) => r.id).sort((a, b) => a - b));
  });

  it('resolves a selection: ids that exist, or all matching a filter except some', () => {
    const ids = expected.slice(0, 5).map((r) => r.id);
    expect(library.resolve({ ids: [...ids, 999_999, ids[0]!] })).toEqual(ids);
    const failed = expected.filter((r) => r.state === 'failed').map((r) => r.id);
    expect(library.resolve({ filter: { state: ['failed'] }, except: [failed[0]!] })).toEqual(failed.slice(1));
  });
});

// --- A reference in plain JavaScript: the same answers from the documents as the API shows them. ---

type Expected = Pick<
  LibraryRow,
  'id' | 'name' | 'size' | 'state' | 'review' | 'type' | 'date' | 'party' | 'lowestConfidence'
> & {
  total: number | null;
  paths: string[];
};

function expectedKey(type: string | null, fields: readonly FieldValue[], role: KeyRole): string | null {
  if (!type) return null;
  for (const name of KEY_FIELDS[type as DocumentType][role] ?? []) {
    const f = fields.find((x) => x.name === name);
    if (!f) continue;
    if (role === 'party') return f.value.trim() || null;
    return typeof f.normalized === 'string' ? f.normalized : f.value.trim() || null;
  }
  return null;
}

function referenceRows(): Expected[] {
  const catalog = new DocumentCatalog(store, THRESHOLD);
  return store.documents.list({}).map((record) => {
    const summary = catalog.summary(record);
    const total = expectedKey(record.type, summary.fields, 'total');
    return {
      id: record.id,
      name: record.paths[0]!.split('/').pop()!,
      paths: record.paths,
      size: record.size,
      state: record.state,
      review: summary.review,
      type: record.type,
      date: expectedKey(record.type, summary.fields, 'date'),
      party: expectedKey(record.type, summary.fields, 'party'),
      total: total === null ? null : Number(total),
      lowestConfidence: record.type === null ? null : uncertainties(record, summary.fields, THRESHOLD).lowest,
    };
  });
}

/** SQLite's NOCASE folds ASCII letters only; strings compare by code unit (UTF-8 order, for these). */
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

function sortReference(rows: readonly Expected[], sort: LibraryColumn, direction: 'asc' | 'desc'): Expected[] {
  const value = (r: Expected): string | number | null => {
    switch (sort) {
      case 'name':
        return nocase(r.name);
      case 'party':
        return r.party === null ? null : nocase(r.party);
      case 'added':
        return r.id;
      case 'confidence':
        return r.lowestConfidence;
      default:
        return r[sort];
    }
  };
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? sign * (a.id - b.id) : x === null ? 1 : -1;
    if (x !== y) return sign * (x < y ? -1 : 1);
    return sign * (a.id - b.id);
  });
}

function matches(r: Expected, f: LibraryFilter): boolean {
  if (f.state && !f.state.includes(r.state)) return false;
  if (f.type && !f.type.includes((r.type ?? 'untyped') as never)) return false;
  if (f.review && !f.review.includes(r.review)) return false;
  if (f.q && !r.paths.some((p) => p.toLowerCase().includes(f.q!.toLowerCase()))) return false;
  if (f.minConfidence !== undefined && (r.lowestConfidence === null || r.lowestConfidence < f.minConfidence))
    return false;
  if (f.maxConfidence !== undefined && (r.lowestConfidence === null || r.lowestConfidence > f.maxConfidence))
    return false;
  return true;
}
