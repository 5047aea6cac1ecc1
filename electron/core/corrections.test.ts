import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from './createCore.js';
import { writeFile } from './testing/fixtureFiles.js';
import { settle } from './testing/settle.js';

let root: string;
let core: Core;

/** Documents of one made-up house style (a port's cargo manifest), varied but alike. */
function manifest(i: number): string {
  const ports = ['Rotterdam', 'Hamburg', 'Antwerp', 'Valencia', 'Gdansk', 'Genoa', 'Piraeus', 'Le Havre'];
  return [
    `CARGO MANIFEST No. CM-${4100 + i}`,
    `Vessel: MV ${['Aurora', 'Baltic Star', 'Cape Wind', 'Delta Queen'][i % 4]}   Voyage ${20 + i}`,
    `Port of loading: ${ports[i % ports.length]}   Port of discharge: ${ports[(i + 3) % ports.length]}`,
    'Container   Seal   Packages   Gross weight (kg)   Description of goods',
    ...Array.from(
      { length: 6 },
      (_, r) =>
        `MSKU${700000 + i * 10 + r}  SL${90 + r}  ${10 + r} pallets  ${1200 + 37 * r}  ${['machine parts', 'textiles', 'ceramic tiles', 'olive oil', 'paper rolls', 'steel coils'][r]}`,
    ),
    'Master signature ______   Agent stamp ______',
  ].join('\n');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'docpipe-corrections-'));
  for (let i = 0; i < 16; i++) writeFile(join(root, 'docs', `manifest-${i}.txt`), manifest(i));
  writeFile(
    join(root, 'docs', 'invoice.txt'),
    'ACME Supplies Ltd\nINVOICE\nInvoice number: INV-2024-001\nInvoice date: 2024-03-15\nDue date: 2024-04-14\nSubtotal: 100.00 EUR\nVAT 20%: 20.00 EUR\nTotal: 120.00 EUR\n',
  );
  core = await createCore({ dataDir: join(root, 'data'), workers: 1, queue: { pollMs: 50 } });
  await core.api.ingest({ paths: [join(root, 'docs')] });
  await settle(core);
}, 120_000);

afterAll(async () => {
  await core?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('corrections', () => {
  it('after correcting a handful of documents of a kind, similar documents are classified better', async () => {
    const docs = (await core.api.listDocuments({})).filter((d) => d.paths[0]!.includes('manifest-'));
    expect(docs).toHaveLength(16);
    const before = new Map(docs.map((d) => [d.id, d.type]));
    // The person's label is one the shipped model does not give these documents.
    const counts = new Map<string, number>();
    for (const t of before.values()) counts.set(t!, (counts.get(t!) ?? 0) + 1);
    const target = (['form', 'report', 'letter', 'receipt'] as const).find((t) => (counts.get(t) ?? 0) <= 2)!;
    const taught = docs.slice(0, 6);
    const heldOut = docs.slice(6);
    const accuracyBefore = heldOut.filter((d) => before.get(d.id) === target).length / heldOut.length;

    for (const d of taught) await core.api.setType({ ref: d.id, type: target });
    await settle(core);
    await core.api.reprocess({ all: true });
    await settle(core);

    const after = await core.api.listDocuments({});
    const accuracyAfter =
      heldOut.filter((d) => after.find((a) => a.id === d.id)?.type === target).length / heldOut.length;
    expect(accuracyBefore).toBeLessThanOrEqual(0.2);
    expect(accuracyAfter).toBeGreaterThan(accuracyBefore + 0.5);
    // The unrelated invoice is still an invoice.
    expect(after.find((a) => a.paths[0]!.endsWith('invoice.txt'))?.type).toBe('invoice');
  });

  it('a corrected type and field survive ingest again and re-processing', async () => {
    const invoice = (await core.api.listDocuments({})).find((d) => d.paths[0]!.endsWith('invoice.txt'))!;
    await core.api.setField({ ref: invoice.id, field: 'vendor', value: 'ACME Supplies Limited' });
    await core.api.setField({ ref: invoice.id, field: 'total', value: '120,00' });
    await core.api.confirm({ ref: invoice.id });
    const manifestDoc = (await core.api.listDocuments({})).find((d) => d.paths[0]!.endsWith('manifest-15.txt'))!;
    await core.api.setType({ ref: manifestDoc.id, type: 'report' });
    await settle(core);

    await core.api.ingest({ paths: [join(root, 'docs')] });
    await core.api.reprocess({ all: true });
    await settle(core);

    const doc = await core.api.getDocument({ ref: invoice.id });
    const vendor = doc.fields.find((f) => f.name === 'vendor');
    expect(vendor).toMatchObject({ value: 'ACME Supplies Limited', source: 'user', confidence: 1 });
    expect(doc.fields.find((f) => f.name === 'total')).toMatchObject({ normalized: '120.00', source: 'user' });
    expect(doc.review).toBe('reviewed');
    expect(await core.api.getDocument({ ref: manifestDoc.id })).toMatchObject({
      type: 'report',
      typeSource: 'user',
      typeConfidence: 1,
    });
  });

  it('refuses corrections it cannot interpret, with a message that says how', async () => {
    const invoice = (await core.api.listDocuments({})).find((d) => d.paths[0]!.endsWith('invoice.txt'))!;
    await expect(core.api.setField({ ref: invoice.id, field: 'due_date', value: '03/04/2024' })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
    await expect(core.api.setField({ ref: invoice.id, field: 'colour', value: 'red' })).rejects.toThrow(
      /not a field of invoice/,
    );
    await expect(core.api.setType({ ref: invoice.id, type: 'banana' as never })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
