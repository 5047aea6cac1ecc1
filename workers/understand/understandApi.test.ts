import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_FILE_NAME, parseClassifierModel, serializeClassifierModel } from '../../electron/understand/index.js';
import { pagesFromText } from '../../electron/understand/testing/pagesFromText.js';
import { createUnderstandApi } from './understandApi.js';

const shipped = resolve(import.meta.dirname, '../../resources/models', MODEL_FILE_NAME);
const root = mkdtempSync(join(tmpdir(), 'docpipe-understand-api-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createUnderstandApi', () => {
  it('keeps a model while its stamp stays the same, and reads the file again under a new stamp', async () => {
    const path = join(root, MODEL_FILE_NAME);
    copyFileSync(shipped, path);
    const api = createUnderstandApi();
    const invoice = pagesFromText(
      'ACME Supplies Ltd\nINVOICE\nInvoice number: INV-7\nInvoice date: 2024-03-15\nTotal: 120.00 EUR',
    );
    expect((await api.understand({ pages: invoice, model: { path, stamp: 'a' } })).type).toBe('invoice');

    // The file now holds a model that calls everything a receipt.
    const model = parseClassifierModel(readFileSync(shipped, 'utf8'), shipped);
    const receipt = model.classes.indexOf('receipt');
    writeFileSync(
      path,
      serializeClassifierModel({ ...model, bias: model.bias.map((b, i) => (i === receipt ? b + 1000 : b)) }),
    );
    // Same stamp: the model read before still answers (nothing re-read per document).
    expect((await api.understand({ pages: invoice, model: { path, stamp: 'a' } })).type).toBe('invoice');
    // A new stamp: the file is read again.
    expect((await api.understand({ pages: invoice, model: { path, stamp: 'b' } })).type).toBe('receipt');
  });
});
