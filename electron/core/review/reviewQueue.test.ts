import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../shared/contract/api.js';
import { DOCUMENT_STATES } from '../../shared/contract/jobs.js';
import type { FieldSource } from '../../shared/contract/schemas/fieldValue.js';
import { DocumentCatalog } from '../documents/DocumentCatalog.js';
import { uncertainties } from '../documents/documentViews.js';
import type { Store } from '../store/Store.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { Corrections } from './Corrections.js';
import { reviewQueue } from './reviewQueue.js';

let t: TempStore;
let store: Store;
const at = '2026-01-01T00:00:00.000Z';

beforeEach(() => {
  t = openTempStore();
  store = t.store;
});

afterEach(() => t.dispose());

/** The review queue as the API computed it before it was one query: every document through `uncertainties`. */
function reviewQueueDocumentByDocument(below: number, limit: number): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (let after = 0; ;) {
    const page = store.documents.listAfter(after, 500);
    if (page.length === 0) break;
    for (const record of page) {
      if (record.state !== 'completed' || record.reviewedAt !== null || record.type === null) continue;
      const { lowest, reasons } = uncertainties(record, store.fields.list(record.id), below);
      if (reasons.length === 0) continue;
      items.push({
        id: record.id,
        paths: record.paths,
        type: record.type,
        typeConfidence: record.typeConfidence,
        lowestConfidence: lowest,
        reasons,
      });
    }
    after = page[page.length - 1]!.id;
  }
  return items.sort((a, b) => a.lowestConfidence - b.lowestConfidence || a.id - b.id).slice(0, limit);
}

/** Small deterministic generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function newDocument(sha256: string, paths: string[], state: (typeof DOCUMENT_STATES)[number] = 'completed'): number {
  return t.addDocument({ sha256, paths, state });
}

/**
 * A store with a bit of everything the rules look at: every state, documents without a type, types set by
 * a person, reviewed documents, fields from several sources (a person's value hides the machine's), and
 * confidences on the thresholds and tied between documents.
 */
function generateStore(seed: number, documents: number): void {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Repeated values make ties (ordering by id) and values equal to a threshold (strictly under counts).
  const confidence = () => (random() < 0.4 ? pick([0.3, 0.5, 0.62, 0.8, 0.95, 1]) : Math.round(random() * 1e6) / 1e6);
  const names = ['total', 'date', 'vendor', 'Vendor', 'currency', 'type', 'iban', 'due_date'];
  const sources: FieldSource[] = ['embedded', 'llm', 'user'];
  for (let i = 0; i < documents; i++) {
    const state = random() < 0.75 ? 'completed' : pick(DOCUMENT_STATES);
    const paths = Array.from(
      { length: Math.floor(random() * 3) },
      (_, k) => `/docs/${pick(['b', 'a', 'c'])}/d${i}-${k}.pdf`,
    );
    const id = newDocument(`sha-${i}`, paths, state);
    store.tx(() => {
      if (random() < 0.9) {
        const source = pick(['embedded', 'llm', 'user'] as const);
        store.documents.setType(
          id,
          {
            type: pick(['invoice', 'receipt', 'contract']),
            confidence: source === 'user' ? 1 : confidence(),
            source,
            probabilities: {},
          },
          at,
        );
      }
      for (let f = Math.floor(random() * 7); f > 0; f--) {
        store.fields.write(
          id,
          {
            name: pick(names),
            value: `v${f}`,
            normalized: null,
            confidence: confidence(),
            source: pick(sources),
            page: null,
            box: null,
          },
          at,
        );
      }
      if (random() < 0.15) store.documents.markReviewed(id, at);
    });
  }
}

describe('review queue', () => {
  it('gives the same documents, order and reasons as the per-document rules, on a generated store', async () => {
    generateStore(20260101, 400);
    // Corrections through the service, as a person makes them.
    const catalog = new DocumentCatalog(store, 0.8);
    const corrections = new Corrections({
      store,
      queue: { enqueue: () => null },
      catalog,
      models: null,
      reviewThreshold: 0.8,
      maxAttempts: 3,
      wake: () => {},
    });
    const completedInvoices = store.documents
      .list({ state: 'completed' })
      .filter((d) => d.type === 'invoice')
      .slice(0, 9);
    await corrections.setType(completedInvoices[0]!.id, 'receipt');
    corrections.setField(completedInvoices[1]!.id, 'total', '12.50');
    corrections.confirm(completedInvoices[2]!.id);

    let compared = 0;
    for (const below of [0, 0.3, 0.5, 0.62, 0.8, 0.95, 1]) {
      for (const limit of [1, 7, 100, 10_000]) {
        const expected = reviewQueueDocumentByDocument(below, limit);
        expect(reviewQueue(store, { below, limit }), `below ${below}, limit ${limit}`).toEqual(expected);
        compared += expected.length;
      }
    }
    // The comparison is not vacuous: many documents are in the queues compared, with ties and several reasons.
    expect(compared).toBeGreaterThan(1000);
    const queue = reviewQueue(store, { below: 0.8, limit: 10_000 });
    expect(queue.some((item) => item.reasons.length >= 3)).toBe(true);
    expect(new Set(queue.map((i) => i.lowestConfidence)).size).toBeLessThan(queue.length);
    // A confirmed document leaves the queue; a correction settles only what it corrected.
    const item = (id: number) => queue.find((i) => i.id === id);
    expect(item(completedInvoices[2]!.id)).toBeUndefined();
    expect(item(completedInvoices[0]!.id)?.reasons.some((r) => r.startsWith('type')) ?? false).toBe(false);
    expect(item(completedInvoices[1]!.id)?.reasons.some((r) => r.startsWith('total')) ?? false).toBe(false);
  });

  it('says what is uncertain: the type unless a person set it, and the fields nobody corrected', () => {
    const invoice = newDocument('a', ['/docs/z.pdf', '/docs/a.pdf']);
    const confident = newDocument('b', ['/docs/b.pdf']);
    const userTyped = newDocument('c', ['/docs/c.pdf']);
    store.tx(() => {
      store.documents.setType(
        invoice,
        { type: 'invoice', confidence: 0.62, source: 'embedded', probabilities: {} },
        at,
      );
      store.fields.write(
        invoice,
        { name: 'total', value: '1', normalized: null, confidence: 0.41, source: 'embedded', page: null, box: null },
        at,
      );
      // The most confident machine value is the one shown: 0.9 from the LLM, not 0.2.
      store.fields.write(
        invoice,
        { name: 'date', value: 'x', normalized: null, confidence: 0.2, source: 'embedded', page: null, box: null },
        at,
      );
      store.fields.write(
        invoice,
        { name: 'date', value: 'y', normalized: null, confidence: 0.9, source: 'llm', page: null, box: null },
        at,
      );
      // A person wrote the vendor: its machine value no longer counts.
      store.fields.write(
        invoice,
        { name: 'vendor', value: 'v', normalized: null, confidence: 0.1, source: 'embedded', page: null, box: null },
        at,
      );
      store.fields.write(
        invoice,
        { name: 'vendor', value: 'V', normalized: null, confidence: 1, source: 'user', page: null, box: null },
        at,
      );
      store.documents.setType(confident, { type: 'receipt', confidence: 0.97, source: 'llm', probabilities: {} }, at);
      store.documents.setType(userTyped, { type: 'contract', confidence: 0.3, source: 'user', probabilities: {} }, at);
      store.fields.write(
        userTyped,
        { name: 'parties', value: 'p', normalized: null, confidence: 0.7, source: 'embedded', page: null, box: null },
        at,
      );
    });
    expect(reviewQueue(store, { below: 0.8, limit: 10 })).toEqual([
      {
        id: invoice,
        paths: ['/docs/a.pdf', '/docs/z.pdf'],
        type: 'invoice',
        typeConfidence: 0.62,
        lowestConfidence: 0.41,
        reasons: ['type invoice 0.62', 'total 0.41'],
      },
      {
        id: userTyped,
        paths: ['/docs/c.pdf'],
        type: 'contract',
        typeConfidence: 0.3,
        lowestConfidence: 0.7,
        reasons: ['parties 0.70'],
      },
    ]);
    expect(reviewQueue(store, { below: 0.8, limit: 1 }).map((i) => i.id)).toEqual([invoice]);
  });
});
