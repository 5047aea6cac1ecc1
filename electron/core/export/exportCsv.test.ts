import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentCatalog } from '../documents/DocumentCatalog.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { exportCsv } from './exportCsv.js';

let t: TempStore;
const at = '2026-01-01T00:00:00.000Z';

function write(
  id: number,
  name: string,
  value: string,
  normalized: string | string[] | { key: string; value: string }[] | null,
  confidence: number,
) {
  t.store.tx(() =>
    t.store.fields.write(id, { name, value, normalized, confidence, source: 'embedded', page: null, box: null }, at),
  );
}

async function exported(request: {
  type?: 'invoice' | 'contract';
  fields?: string[];
  minConfidence?: number;
  bom?: boolean;
}): Promise<{ rows: number; lines: string[]; text: string }> {
  const path = join(t.dir, 'out.csv');
  const result = await exportCsv(
    { store: t.store, catalog: new DocumentCatalog(t.store, 0.8) },
    { path, bom: false, ...request },
  );
  expect(result.path).toBe(path);
  const text = readFileSync(path, 'utf8');
  return { rows: result.rows, lines: text.split('\r\n').filter(Boolean), text };
}

beforeEach(() => {
  t = openTempStore();
  const invoice = t.addDocument({ sha256: 'a', paths: ['/d/b.pdf', '/d/a.pdf'] });
  const contract = t.addDocument({ sha256: 'b', paths: ['/d/c.pdf'] });
  t.addDocument({ sha256: 'c', paths: ['/d/new.pdf'], state: 'queued' });
  t.store.tx(() => {
    t.store.documents.setType(
      invoice,
      { type: 'invoice', confidence: 0.91234, source: 'embedded', probabilities: {} },
      at,
    );
    t.store.documents.setType(contract, { type: 'contract', confidence: 0.5, source: 'llm', probabilities: {} }, at);
  });
  write(invoice, 'total', '1.234,50 €', '1234.50', 0.95);
  write(invoice, 'vendor', '=HYPERLINK("x")', '=HYPERLINK("x")', 0.4);
  write(contract, 'parties', 'A; B', ['ACME Ltd', 'Beta GmbH'], 0.9);
});

afterEach(() => t.dispose());

describe('exportCsv', () => {
  it("writes one row per document of the type, with the type's fields as columns", async () => {
    const { rows, lines } = await exported({ type: 'invoice', fields: ['total', 'vendor'] });
    expect(rows).toBe(1);
    expect(lines).toEqual([
      'id,paths,type,type_confidence,review_status,total,total_confidence,vendor,vendor_confidence',
      // Normalized values, confidences to three places, a formula defused, the review status from the threshold.
      `1,/d/a.pdf | /d/b.pdf,invoice,0.912,needs_review,1234.50,0.95,"'=HYPERLINK(""x"")",0.4`,
    ]);
  });

  it('leaves cells under minConfidence empty, joins lists, and covers every document without a type filter', async () => {
    const { rows, lines } = await exported({ fields: ['total', 'vendor', 'parties'], minConfidence: 0.9 });
    expect(rows).toBe(3);
    expect(lines.slice(1)).toEqual([
      '1,/d/a.pdf | /d/b.pdf,invoice,0.912,needs_review,1234.50,0.95,,,,',
      '2,/d/c.pdf,contract,0.5,needs_review,,,,,ACME Ltd; Beta GmbH,0.9',
      '3,/d/new.pdf,,,pending,,,,,,',
    ]);
  });

  it('defaults to every field of the type, and starts with a BOM when asked', async () => {
    const { lines, text } = await exported({ type: 'contract', bom: true });
    expect(text.startsWith('\uFEFFid,')).toBe(true);
    expect(lines[0]).toContain('parties,parties_confidence');
    expect(lines[0]).not.toContain('total');
    expect(lines).toHaveLength(2);
  });
});
