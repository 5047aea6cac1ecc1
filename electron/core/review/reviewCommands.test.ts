/**
 * The review commands through the core, as the review screen calls them: real SQLite, the real
 * classifier in its understanding thread, the pipeline settled between steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_SPECS } from '../../shared/contract/schemas/documentTypes.js';
import { settle } from '../testing/settle.js';
import { testCore, type TestCore } from '../testing/testCore.js';

const INVOICE = [
  'ACME Supplies Ltd',
  'INVOICE',
  'Invoice number: INV-2024-001',
  'Invoice date: 2024-03-15',
  'Due date: 2024-04-14',
  'Subtotal: 100.00 EUR',
  'VAT 20%: 20.00 EUR',
  'Total: 120.00 EUR',
].join('\n');

let t: TestCore;
let invoiceId: number;

beforeAll(async () => {
  t = await testCore(
    {
      'invoice.txt': INVOICE,
      'invoice-2.txt': INVOICE.replace('INV-2024-001', 'INV-2024-002').replace('120.00', '240.00'),
    },
    { ingest: true },
  );
  const docs = await t.core.api.listDocuments({});
  invoiceId = docs.find((d) => d.paths[0]!.endsWith('/invoice.txt'))!.id;
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

const names = (fields: readonly { name: string }[]) => fields.map((f) => f.name).sort();

describe('review commands through the core', () => {
  it("a type change answers with the new type's fields, and the old type's are gone", async () => {
    const before = await t.core.api.getDocument({ ref: invoiceId });
    expect(before.type).toBe('invoice');
    expect(before.fields.some((f) => f.name === 'invoice_number')).toBe(true);

    const letter = await t.core.api.setType({ ref: invoiceId, type: 'letter' });
    expect(letter).toMatchObject({ type: 'letter', typeSource: 'user', state: 'completed' });
    const letterFields = FIELD_SPECS.letter.map((f) => f.name);
    expect(letter.fields.length).toBeGreaterThan(0);
    expect(letter.fieldCandidates.every((f) => letterFields.includes(f.name))).toBe(true);
    await settle(t.core);
    // The pipeline's own run (the index job) leaves them as they are.
    expect(names((await t.core.api.getDocument({ ref: invoiceId })).fields)).toEqual(names(letter.fields));
  });

  it("undoing the type goes back to the classifier's type and its fields", async () => {
    const back = await t.core.api.clearCorrection({ ref: invoiceId, field: 'type' });
    expect(back).toMatchObject({ type: 'invoice', typeSource: 'embedded' });
    expect(back.fields.some((f) => f.name === 'invoice_number')).toBe(true);
    await settle(t.core);
  });

  it('a field correction settles that field only; undo brings back what the machine read', async () => {
    const before = await t.core.api.getDocument({ ref: invoiceId });
    const corrected = await t.core.api.setField({ ref: invoiceId, field: 'total', value: '121.00' });
    expect(corrected.fields.find((f) => f.name === 'total')).toMatchObject({ value: '121.00', source: 'user' });
    // What else was uncertain still is: the document is reviewed only when nothing uncertain is left.
    const left = before.uncertain.filter((u) => u.name !== 'total');
    expect(corrected.uncertain).toEqual(left);
    expect(corrected.review).toBe(left.length > 0 ? 'needs_review' : 'reviewed');
    // The library's row says the same as the document (its filters and counts read the same column).
    const libraryRow = async () =>
      (await t.core.api.library({ limit: 100 })).rows.find((r) => r.id === invoiceId)?.review;
    expect(await libraryRow()).toBe(corrected.review);
    const undone = await t.core.api.clearCorrection({ ref: invoiceId, field: 'total' });
    // An undo that brings an uncertain value back puts the document back in the queue.
    expect(undone.review).toBe(before.review === 'needs_review' ? 'needs_review' : corrected.review);
    expect(await libraryRow()).toBe(undone.review);
    expect(undone.fields.find((f) => f.name === 'total')).toMatchObject({ normalized: '120.00' });
    expect(undone.fields.find((f) => f.name === 'total')?.source).not.toBe('user');
    await expect(t.core.api.clearCorrection({ ref: invoiceId, field: 'total' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('confirms every invoice waiting for review above a threshold, after saying how many', async () => {
    const waiting = (await t.core.api.listDocuments({})).filter((d) => d.review === 'needs_review');
    const count = await t.core.api.confirmConfident({ type: 'invoice', above: 0, dryRun: true });
    expect(count.confirmed).toBe(false);
    expect(count.ids.sort()).toEqual(
      waiting
        .filter((d) => d.type === 'invoice')
        .map((d) => d.id)
        .sort(),
    );
    // Nothing is that sure: a threshold of 1 finds none.
    expect((await t.core.api.confirmConfident({ type: 'invoice', above: 1 })).ids).toEqual([]);
    const done = await t.core.api.confirmConfident({ type: 'invoice', above: 0 });
    expect(done).toEqual({ ids: count.ids, confirmed: true });
    for (const id of done.ids) expect((await t.core.api.getDocument({ ref: id })).review).toBe('reviewed');
    expect(await t.core.api.review({})).toEqual([]);
  });
});
