/**
 * A Factur-X / ZUGFeRD PDF through the whole engine: the extract stage finds the XML, the store keeps
 * it, the understand stage takes the invoice's values from it — also after a person's correction of
 * another field and after re-processing. Uses one PDF of the dev corpus (skipped without ../shared).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from './createCore.js';
import { settle } from './testing/settle.js';

// ZUGFeRD 1.0 sample whose page names the seller "Acme GmbH" in its letterhead; its XML says "Seller Inc.".
const sample = resolve(import.meta.dirname, '../../../shared/corpus/docs/invoice/zugferd/v1_Konik_acme_invoice-42_ZUGFeRD.pdf');

describe.skipIf(!existsSync(sample))('an e-invoice PDF through the engine (skipped without ../shared/corpus)', () => {
  let root: string;
  let core: Core;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'docpipe-einvoice-'));
    mkdirSync(join(root, 'in'));
    copyFileSync(sample, join(root, 'in', 'invoice.pdf'));
    core = await createCore({ dataDir: join(root, 'data'), workers: 1, queue: { pollMs: 50 } });
    await core.api.ingest({ paths: [join(root, 'in')] });
    await settle(core);
  }, 60_000);

  afterAll(async () => {
    await core?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('takes the type and the invoice fields from the embedded XML', async () => {
    const [summary] = await core.api.listDocuments({});
    const doc = await core.api.getDocument({ ref: String(summary!.id) });
    expect(doc).toMatchObject({ type: 'invoice', typeConfidence: 0.99 });
    const field = (name: string) => doc.fields.find((f) => f.name === name);
    expect(field('vendor')).toMatchObject({ normalized: 'Seller Inc.', confidence: 0.99, source: 'embedded' });
    // This specimen's page prints other values (invoice 42 of Acme GmbH) than its XML states: the XML is
    // the invoice in law, so its values are kept, and nothing on the page is claimed as their place.
    expect(field('invoice_number')).toMatchObject({ normalized: '20131122-42', page: null, box: null });
    expect(field('date')?.normalized).toBe('2014-11-08');
    expect(Number(field('total')?.normalized)).toBe(119);
  });

  it('keeps a person\'s correction over the XML, and the XML\'s values through re-processing', async () => {
    const [summary] = await core.api.listDocuments({});
    await core.api.setField({ ref: summary!.id, field: 'buyer', value: 'Buyer Incorporated' });
    await settle(core);
    await core.api.reprocess({ all: true });
    await settle(core);
    const doc = await core.api.getDocument({ ref: String(summary!.id) });
    expect(doc.fields.find((f) => f.name === 'buyer')).toMatchObject({ value: 'Buyer Incorporated', source: 'user' });
    expect(doc.fields.find((f) => f.name === 'vendor')).toMatchObject({ normalized: 'Seller Inc.', source: 'embedded' });
  });
});
