import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import { FIELD_SPECS, type DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import type { FieldValue, Understanding } from '../../shared/contract/schemas/fieldValue.js';
import type { Correction } from '../../understand/index.js';
import { DocumentCatalog } from '../documents/DocumentCatalog.js';
import { JobQueue } from '../queue/JobQueue.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { Corrections, storedTypeCorrections } from './Corrections.js';

let t: TempStore;
let queue: JobQueue;
let learned: (readonly Correction[])[];
let understood: (DocumentType | undefined)[];
let wakes: number;
const at = '2026-01-01T00:00:00.000Z';

/** What the stand-in classifier reads: each type's first two fields, one sure and one not. */
function reading(type: DocumentType): Understanding {
  const [sure, unsure] = FIELD_SPECS[type];
  const field = (name: string, confidence: number): FieldValue => ({
    name,
    value: `${name} value`,
    normalized: null,
    confidence,
    source: 'embedded',
    page: 1,
    box: [10, 20, 30, 40],
  });
  return {
    type,
    typeConfidence: 0.7,
    probabilities: { invoice: 0.6, receipt: 0.4 },
    fields: [field(sure!.name, 0.95), field(unsure!.name, 0.4)],
  };
}

function corrections(withModels = true): Corrections {
  const models = withModels
    ? {
        relearn: async (c: readonly Correction[]) => void learned.push(c),
        idle: async () => undefined,
        understand: async (_pages: unknown, forced?: DocumentType) => {
          understood.push(forced);
          return reading(forced ?? 'invoice');
        },
      }
    : null;
  return new Corrections({
    store: t.store,
    queue,
    catalog: new DocumentCatalog(t.store, 0.8),
    models,
    reviewThreshold: 0.8,
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
  understood = [];
  wakes = 0;
});

afterEach(() => t.dispose());

describe('Corrections', () => {
  it('a new type is kept as a correction, brings its own fields at once and teaches the classifier', async () => {
    const id = invoice();
    corrections().confirm(id);
    const detail = await corrections().setType(`/docs/inv.txt`, 'receipt');
    expect(detail).toMatchObject({ id, type: 'receipt', typeConfidence: 1, typeSource: 'user', state: 'completed' });
    expect(understood).toEqual(['receipt']);
    // The invoice's total is gone with its type; the receipt's fields are the ones read for it.
    const [first, second] = FIELD_SPECS.receipt;
    expect(detail.fields.map((f) => f.name).sort()).toEqual([first!.name, second!.name].sort());
    expect(detail.fieldCandidates.every((f) => FIELD_SPECS.receipt.some((s) => s.name === f.name))).toBe(true);
    // The confirmation was of the invoice's reading: the receipt's unsure field needs a look.
    expect(detail.review).toBe('needs_review');
    expect(detail.uncertain).toEqual([{ name: second!.name, confidence: 0.4 }]);
    expect(detail.typeProbabilities).toEqual({ invoice: 0.6, receipt: 0.4 });
    expect(t.store.jobs.getByKey('inv:index')).toMatchObject({ state: 'queued', max_attempts: 3 });
    expect(t.store.jobs.getByKey('inv:understand')).toBeUndefined();
    expect(wakes).toBe(1);
    expect(t.events.map((e) => e.type)).toEqual(['document.corrected', 'document.understood']);
    expect(learned).toHaveLength(1);
    expect(learned[0]).toEqual([{ label: 'receipt', pages: t.store.pages.list(id) }]);
  });

  it("the same type again reads nothing again; without a classifier the old type's fields still go", async () => {
    const same = invoice('a');
    await corrections().setType(same, 'invoice');
    expect(understood).toEqual([]);
    expect(t.store.jobs.getByKey('a:understand')).toBeUndefined();
    expect(t.store.documents.get(same)?.state).toBe('completed');
    expect(t.store.fields.list(same).map((f) => f.name)).toEqual(['total']);

    const other = invoice('b');
    t.store.tx(() =>
      t.store.fields.write(
        other,
        { name: 'vendor', value: 'ACME', normalized: 'ACME', confidence: 1, source: 'user', page: null, box: null },
        at,
      ),
    );
    const detail = await corrections(false).setType(other, 'contract');
    expect(t.store.jobs.getByKey('b:understand')).toBeUndefined();
    expect(detail).toMatchObject({ state: 'completed', type: 'contract', typeSource: 'user', fields: [] });
  });

  it('refuses a type for a document that is not completed, writing nothing', async () => {
    const id = t.addDocument({ sha256: 'q', state: 'processing' });
    await expect(corrections().setType(id, 'receipt')).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
    expect(t.store.corrections.count()).toBe(0);
    await expect(corrections().setType(999, 'receipt')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });

  it('a field is normalized by its kind, keeps where it was found, and the document is indexed again', async () => {
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
    // One field settled is not the document reviewed: its type (0.6) still needs a look.
    expect(detail.review).toBe('needs_review');
    expect(detail.uncertain).toEqual([{ name: 'type', confidence: 0.6 }]);
    expect(t.store.documents.get(id)?.reviewedAt).toBeNull();
    expect(t.store.jobs.getByKey('inv:index')).toMatchObject({ state: 'queued' });
    expect(wakes).toBe(1);
    // Once the type is settled too, nothing uncertain is left: a person has been through it all.
    expect((await corrections(false).setType(id, 'invoice')).review).toBe('reviewed');
  });

  it("undoes a field correction: the machine's value shows again, the history stays", async () => {
    const id = invoice();
    const c = corrections();
    c.setField(id, 'total', '99.00');
    const d = await c.clearCorrection(id, 'total');
    expect(d.fields.find((f) => f.name === 'total')).toMatchObject({ value: '120.00', source: 'embedded' });
    expect(d.fieldCandidates.some((f) => f.source === 'user')).toBe(false);
    expect(t.store.corrections.count()).toBe(2);
    expect(t.events.map((e) => e.type)).toEqual(['document.corrected', 'document.corrected']);
  });

  it('refuses to undo what nobody corrected', async () => {
    const id = invoice();
    await expect(corrections().clearCorrection(id, 'total')).rejects.toThrow(/no correction to undo/);
    await expect(corrections().clearCorrection(id, 'type')).rejects.toThrow(/no correction to undo/);
  });

  it("undoes a type correction: the classifier's type and its fields come back, and it is no longer learned", async () => {
    const id = invoice();
    const c = corrections();
    await c.setType(id, 'receipt');
    const detail = await c.clearCorrection(id, 'type');
    // Read again with no type forced: the stand-in classifier says invoice, with the invoice's fields.
    expect(understood).toEqual(['receipt', undefined]);
    expect(detail).toMatchObject({ type: 'invoice', typeSource: 'embedded', typeConfidence: 0.7 });
    const [first, second] = FIELD_SPECS.invoice;
    expect(detail.fields.map((f) => f.name).sort()).toEqual([first!.name, second!.name].sort());
    expect(learned.at(-1)).toEqual([]);
    expect(storedTypeCorrections(t.store)).toEqual([]);
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

  it('confirms the documents of a type whose every uncertain value is sure enough, or only counts them', () => {
    const low = invoice('low'); // type 0.6, total 0.5
    const high = invoice('high');
    t.store.tx(() =>
      t.store.documents.setType(high, { type: 'invoice', confidence: 0.75, source: 'embedded', probabilities: {} }, at),
    );
    t.store.tx(() =>
      t.store.fields.write(
        high,
        { name: 'total', value: '1', normalized: '1', confidence: 0.7, source: 'embedded', page: null, box: null },
        at,
      ),
    );
    const receipt = invoice('r');
    t.store.tx(() =>
      t.store.documents.setType(
        receipt,
        { type: 'receipt', confidence: 0.7, source: 'embedded', probabilities: {} },
        at,
      ),
    );
    const c = corrections();
    expect(c.confirmConfident({ type: 'invoice', above: 0.65, dryRun: true })).toEqual({
      ids: [high],
      confirmed: false,
    });
    expect(t.store.documents.get(high)?.reviewedAt).toBeNull();
    expect(c.confirmConfident({ type: 'invoice', above: 0.5, dryRun: false })).toEqual({
      ids: [low, high],
      confirmed: true,
    });
    expect(t.store.documents.get(low)?.reviewedAt).toBe(at);
    expect(t.store.documents.get(receipt)?.reviewedAt).toBeNull();
    // Confirmed documents are not counted again.
    expect(c.confirmConfident({ type: 'invoice', above: 0, dryRun: true }).ids).toEqual([]);
  });

  it('the classifier learns the latest type per document, of documents that still have their pages', async () => {
    const a = invoice('a');
    const b = invoice('b');
    const c = corrections(false);
    await c.setType(a, 'receipt');
    t.store.tx(() =>
      t.store.documents.setType(a, { type: 'invoice', confidence: 0.6, source: 'embedded', probabilities: {} }, at),
    );
    await c.setType(a, 'contract');
    await c.setType(b, 'receipt');
    t.store.tx(() => t.store.pages.replace(b, []));
    expect(storedTypeCorrections(t.store).map((x) => x.label)).toEqual(['contract']);
  });
});
