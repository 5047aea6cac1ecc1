/** createUnderstandPool end to end: a real understanding thread (TS entry via boot.mjs) with the shipped model. */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import { MODEL_FILE_NAME, understandDocument, type ClassifierModel } from '../../understand/index.js';
import { pagesFromText } from '../../understand/testing/pagesFromText.js';
import { loadClassifierModel } from '../inference/modelStorage.js';
import { createUnderstandPool } from './WorkerPool.js';

const shipped = { path: resolve(import.meta.dirname, '../../../resources/models', MODEL_FILE_NAME), stamp: 'shipped' };
const documents = {
  invoice:
    'ACME Supplies Ltd\nINVOICE\nInvoice number: INV-2024-001\nInvoice date: 2024-03-15\nDue date: 2024-04-14\nSubtotal: 100.00 EUR\nVAT 20%: 20.00 EUR\nTotal: 120.00 EUR',
  receipt:
    'CORNER SHOP\n12 High Street\n14/03/2024 10:21\nMILK 1L      1.20\nBREAD        2.10\nTOTAL        3.30\nCASH         5.00\nCHANGE       1.70\nTHANK YOU',
  email:
    'From: Ann Example <ann@example.org>\nTo: bob@example.org\nSubject: Quarterly numbers\nDate: Tue, 12 Mar 2024 09:30:00 +0100\n\nBob, the numbers are attached.',
  contract:
    'SERVICES AGREEMENT\nThis Services Agreement is made on 1 March 2024 between Alpha Ltd ("Client") and Beta GmbH ("Contractor").\n1. Services. The Contractor shall provide consulting services.\n2. Governing law. This Agreement is governed by the laws of England.\f Signed for Alpha Ltd ______  Signed for Beta GmbH ______',
};

let base: ClassifierModel;
beforeAll(async () => {
  base = await loadClassifierModel(shipped.path);
});

describe('createUnderstandPool', () => {
  const pool = createUnderstandPool();
  afterAll(() => pool.dispose());

  it('answers what the library answers on the calling thread, classified or with a forced type', async () => {
    const fieldCalibration = base.fieldCalibration;
    for (const text of Object.values(documents)) {
      const pages = pagesFromText(text);
      expect(await pool.understand({ pages, model: shipped, fieldCalibration })).toEqual(
        understandDocument(pages, base, { fieldCalibration }),
      );
      expect(await pool.understand({ pages, forceType: 'letter', model: shipped, fieldCalibration })).toEqual(
        understandDocument(pages, base, { forceType: 'letter', fieldCalibration }),
      );
    }
    // The model was read once, by one thread, for all of them.
    expect(pool.stats).toMatchObject({ threads: 1, busy: 0, queued: 0 });
  });

  it('describes a model by what the host needs of it', async () => {
    await expect(pool.describe(shipped)).resolves.toEqual({
      trainingFingerprint: base.trainingFingerprint,
      correctionsApplied: base.correctionsApplied,
      ...(base.fieldCalibration && { fieldCalibration: base.fieldCalibration }),
      hasFieldScorer: base.fieldScorer !== undefined,
    });
  });

  it('reports a model file it cannot read as a retryable INTERNAL error that names the file', async () => {
    const missing = { path: resolve(import.meta.dirname, 'no-such-model.json'), stamp: 'missing' };
    await expect(pool.understand({ pages: pagesFromText(documents.invoice), model: missing })).rejects.toMatchObject({
      code: ErrorCode.INTERNAL,
      retryable: true,
      message: expect.stringContaining('no-such-model.json'),
    });
  });
});

describe('a failing understanding thread', () => {
  const pool = createUnderstandPool({ entry: new URL('../testing/crashingUnderstandWorker.ts', import.meta.url) });
  afterAll(() => pool.dispose());

  it('rejects a crash as WORKER_CRASHED, retryable, and answers the next document from a new thread', async () => {
    await expect(pool.understand({ pages: pagesFromText('CRASH'), model: shipped })).rejects.toMatchObject({
      code: ErrorCode.WORKER_CRASHED,
      retryable: true,
    });
    await expect(pool.understand({ pages: pagesFromText(documents.invoice), model: shipped })).resolves.toMatchObject({
      type: 'invoice',
    });
  });

  it('stops a thread over its time limit with STAGE_TIMEOUT, retryable', async () => {
    const impatient = createUnderstandPool({ timeoutMs: 1 });
    try {
      // 1 ms is shorter than reading and checking the 1.9 MB model, which a new thread must do first.
      await expect(
        impatient.understand({ pages: pagesFromText(documents.invoice), model: shipped }),
      ).rejects.toMatchObject({ code: ErrorCode.STAGE_TIMEOUT, retryable: true });
    } finally {
      await impatient.dispose();
    }
  });
});
