import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import type { Correction } from '../../understand/index.js';
import { DocumentCatalog } from '../documents/DocumentCatalog.js';
import { JobQueue } from '../queue/JobQueue.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { Corrections, storedTypeCorrections } from './Corrections.js';

let t: TempStore;
let queue: JobQueue;
let learned: (readonly Correction[])[];
let wakes: number;
const at = '2026-01-01T00:00:00.000Z';

function corrections(withModels = true): Corrections {
  const models = withModels ? { relearn: async (c: readonly Correction[]) => void learned.push(c) } : null;
  return new Corrections({
    store: t.store,
    queue,
    catalog: new DocumentCatalog(t.store, 0.8),
    models,
    maxAttempts: 3,
    wake: () => wakes++,
    now: () => at,
  });
}

/** A completed invoice with a page of text and a machine-found total. */
function invoice(sha = 'inv'): number {
  const id = t.addDocument({ sha256: sha, paths: [`/docs/${sha}.txt`] });
  t.store.tx(() => {
    t.store.pages.replace(id, [
      {
        page: 1,
        text: 'INVOICE Total 120.00 EUR',
        method: 'text',
        ocrConfidence: null,
        width: null,
        height: null,
        words: [],
      },
    ]);
    t.store.documents.setType(
      id,
      { type: 'invoice', confidence: 0.6, source: 'embedded', probabilities: { invoice: 0.6, receipt: 0.4 } },
      at,
    );
    t.store.fields.write(
      id,
      {
        name: 'total',
        value: '120.00',
        normalized: '120.00',
        confidence: 0.5,
        source: 'embedded',
        page: 1,
        box: [1, 2, 3, 4],
      },
      at,
    );
  });
  return id;
}

beforeEach(() => {
  t = openTempStore();
  queue = new JobQueue(t.store);
  learned = [];
  wakes = 0;
});

afterEach(() => t.dispose());

describe('Corrections', () => {
  it('a new type is kept as a correction, re-runs understanding and teaches the classifier', () => {
    const id = invoice();
    const detail = corrections().setType(`/docs/inv.txt`, 'receipt');
    expect(detail).toMatchObject({
      id,
      type: 'receipt',
      typeConfidence: 1,
      typeSource: 'user',
      state: 'processing',
      review: 'pending',
    });
    expect(detail.typeProbabilities).toEqual({ invoice: 0.6, receipt: 0.4 });
    expect(t.store.documents.get(id)?.reviewedAt).toBe(at);
    expect(t.store.jobs.getByKey('inv:understand')).toMatchObject({ state: 'queued', max_attempts: 3 });
    expect(wakes).toBe(1);
    expect(t.events.map((e) => e.type)).toEqual(['document.corrected']);
    expect(learned).toHaveLength(1);
    expect(learned[0]).toEqual([{ label: 'receipt', pages: t.store.pages.list(id) }]);
  });

  it('the same type again changes nothing in the pipeline; without a classifier nothing re-runs', () => {
    const same = invoice('a');
    corrections().setType(same, 'invoice');
    expect(t.store.jobs.getByKey('a:understand')).toBeUndefined();
    expect(t.store.documents.get(same)?.state).toBe('completed');

    const other = invoice('b');
    corrections(false).setType(other, 'receipt');
    expect(t.store.jobs.getByKey('b:understand')).toBeUndefined();
    expect(t.store.documents.get(other)).toMatchObject({ state: 'completed', type: 'receipt', typeSource: 'user' });
  });

  it('refuses a type for a document that is not completed, writing nothing', () => {
    const id = t.addDocument({ sha256: 'q', state: 'processing' });
    expect(() => corrections().setType(id, 'receipt')).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }),
    );
    expect(t.store.corrections.count()).toBe(0);
    expect(() => corrections().setType(999, 'receipt')).toThrow(expect.objectContaining({ code: ErrorCode.NOT_FOUND }));
  });

  it('a field is normalized by its kind, keeps where it was found, and the document is indexed again', () => {
    const id = invoice();
    const detail = corrections().setField(id, 'total', '1.234,50');
    expect(detail.fields.find((f) => f.name === 'total')).toEqual({
      name: 'total',
      value: '1.234,50',
      normalized: '1234.50',
      confidence: 1,
      source: 'user',
      page: 1,
      box: [1, 2, 3, 4],
    });
    // The machine's value stays as a candidate; the person's is the one shown.
    expect(
      detail.fieldCandidates
        .filter((f) => f.name === 'total')
        .map((f) => f.source)
        .sort(),
    ).toEqual(['embedded', 'user']);
    expect(detail.review).toBe('reviewed');
    expect(t.store.jobs.getByKey('inv:index')).toMatchObject({ state: 'queued' });
    expect(wakes).toBe(1);
  });

  it('refuses what is not a field of the type, or not a value of its kind', () => {
    const id = invoice();
    expect(() => corrections().setField(id, 'parties', 'x')).toThrow(
      /"parties" is not a field of invoice\. Fields: .*total/,
    );
    expect(() => corrections().setField(id, 'date', '03/04/2024')).toThrow(/YYYY-MM-DD/);
    const untyped = t.addDocument({ sha256: 'u' });
    expect(() => corrections().setField(untyped, 'total', '1')).toThrow(/no type yet/);
    expect(t.store.corrections.count()).toBe(0);
  });

  it('confirming takes the document out of review without changing a value', () => {
    const id = invoice();
    expect(corrections().confirm(id)).toMatchObject({ review: 'reviewed', type: 'invoice', typeSource: 'embedded' });
    expect(t.store.corrections.count()).toBe(0);
  });

  it('the classifier learns the latest type per document, of documents that still have their pages', () => {
    const a = invoice('a');
    const b = invoice('b');
    const c = corrections(false);
    c.setType(a, 'receipt');
    t.store.tx(() =>
      t.store.documents.setType(a, { type: 'invoice', confidence: 0.6, source: 'embedded', probabilities: {} }, at),
    );
    c.setType(a, 'contract');
    c.setType(b, 'receipt');
    t.store.tx(() => t.store.pages.replace(b, []));
    expect(storedTypeCorrections(t.store).map((x) => x.label)).toEqual(['contract']);
  });
});
