import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createUnderstandPool, type UnderstandService } from '../pipeline/WorkerPool.js';
import type { ModelRef } from '../../../workers/understand/understandApi.js';
import type { Correction } from '../../understand/classifier.js';
import { understandDocument } from '../../understand/index.js';
import { trainClassifier } from '../../../training/trainClassifier.js';
import { MODEL_FILE_NAME } from '../../understand/modelFile.js';
import { loadClassifierModel, saveClassifierModel } from './modelStorage.js';
import { pagesFromText } from '../../understand/testing/pagesFromText.js';
import { generateSyntheticDocuments } from '../../../training/synthetic/syntheticDocuments.js';
import { ModelHost } from './ModelHost.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
// One understanding thread for every host here: each host's stamps are its own, so none sees another's model.
const pool = createUnderstandPool();
afterAll(() => pool.dispose());

function baseModel(seed: number) {
  const docs = generateSyntheticDocuments(2, seed);
  return trainClassifier(
    docs.map((d) => ({ pages: pagesFromText(d.text), label: d.label, source: d.source })),
    { epochs: 2, minSources: 1 },
    undefined,
    `sha256:test-base-${seed}`,
  );
}

describe('ModelHost', () => {
  it('learns the stored corrections again when the shipped model changed since they were learned', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docpipe-modelhost-'));
    roots.push(root);
    const resources = join(root, 'resources');
    const data = join(root, 'data');
    const { log } = createLogger({ file: join(root, 'logs', 'docpipe.log'), stderrLevel: 'silent' });
    const corrections: Correction[] = Array.from({ length: 3 }, (_, i) => ({
      pages: pagesFromText(`CARGO MANIFEST CM-${i}\nVessel: MV Aurora\nPort of loading: Genoa`),
      label: 'report',
    }));

    // The user's model was learned on an older shipped model.
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), baseModel(1));
    const first = new ModelHost(resources, data, log, pool, () => corrections);
    await first.load();
    await first.relearn(corrections);
    expect((await loadClassifierModel(join(data, 'models', MODEL_FILE_NAME))).trainingFingerprint).toBe(
      'sha256:test-base-1',
    );

    // An upgrade ships another model: the old user model is not used, the corrections are learned again on the new base.
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), baseModel(2));
    const second = new ModelHost(resources, data, log, pool, () => corrections);
    await second.load();
    await second.idle();
    expect(second.model.trainingFingerprint).toBe('sha256:test-base-2');
    expect(second.model.correctionsApplied).toBe(3);
    expect((await loadClassifierModel(join(data, 'models', MODEL_FILE_NAME))).trainingFingerprint).toBe(
      'sha256:test-base-2',
    );

    // Loaded again with the same base, the learned model is used as it is.
    const third = new ModelHost(resources, data, log, pool, () => {
      throw new Error('corrections must not be read when the user model is current');
    });
    await third.load();
    expect(third.model.correctionsApplied).toBe(3);

    // A learned model that is gone (deleted by hand) is learned again from the stored corrections.
    rmSync(join(data, 'models', MODEL_FILE_NAME));
    const fourth = new ModelHost(resources, data, log, pool, () => corrections);
    await fourth.load();
    await fourth.idle();
    expect(fourth.model.correctionsApplied).toBe(3);
    expect(existsSync(join(data, 'models', MODEL_FILE_NAME))).toBe(true);
  });
  it("scores fields with the shipped model's calibration, also with a user model learned before it had one", async () => {
    const root = mkdtempSync(join(tmpdir(), 'docpipe-modelhost-'));
    roots.push(root);
    const resources = join(root, 'resources');
    const { log } = createLogger({ file: join(root, 'logs', 'docpipe.log'), stderrLevel: 'silent' });
    const base = { ...baseModel(3), fieldCalibration: { invoice: { a: 1, b: 3 } } };
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), base);
    const host = new ModelHost(resources, join(root, 'data'), log, pool, () => []);
    await host.load();
    const invoice = pagesFromText('INVOICE\nInvoice Number: INV-7\nInvoice Date: 2024-03-14\nTotal 120.00 EUR');
    const calibrated =
      (await host.understand(invoice, 'invoice')).fields.find((f) => f.name === 'invoice_number')?.confidence ?? 0;
    // b = 3 lifts every score: the scale is applied.
    expect(calibrated).toBeGreaterThan(0.95);
    // A user model learned before the shipped model carried scales (same base, none of its own).
    const { fieldCalibration: _, ...older } = base;
    await saveClassifierModel(join(root, 'data', 'models', MODEL_FILE_NAME), { ...older, correctionsApplied: 1 });
    const again = new ModelHost(resources, join(root, 'data'), log, pool, () => []);
    await again.load();
    expect(again.model.correctionsApplied).toBe(1);
    expect(again.model.fieldCalibration).toBeUndefined();
    expect(
      (await again.understand(invoice, 'invoice')).fields.find((f) => f.name === 'invoice_number')?.confidence,
    ).toBe(calibrated);
  });

  it('learns the corrections again when the shipped model has a field scorer that the user model, learned before, lacks', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docpipe-modelhost-'));
    roots.push(root);
    const resources = join(root, 'resources');
    const data = join(root, 'data');
    const { log } = createLogger({ file: join(root, 'logs', 'docpipe.log'), stderrLevel: 'silent' });
    const shipped = await loadClassifierModel(resolve('resources/models', MODEL_FILE_NAME));
    expect(shipped.fieldScorer).toBeDefined();
    const corrections: Correction[] = [{ pages: pagesFromText('CARGO MANIFEST\nVessel: MV Aurora'), label: 'report' }];
    const base = { ...baseModel(4), fieldScorer: shipped.fieldScorer };
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), base);
    // Learned on the same shipped classifier, before that carried a scorer.
    const { fieldScorer: _, ...older } = base;
    await saveClassifierModel(join(data, 'models', MODEL_FILE_NAME), { ...older, correctionsApplied: 1 });
    const host = new ModelHost(resources, data, log, pool, () => corrections);
    await host.load();
    await host.idle();
    expect(host.model.hasFieldScorer).toBe(true);
    expect((await loadClassifierModel(join(data, 'models', MODEL_FILE_NAME))).fieldScorer).toEqual(shipped.fieldScorer);
  });

  it('understands the next document with a model relearned just before, in the thread, as the library would with that model', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docpipe-modelhost-'));
    roots.push(root);
    const resources = join(root, 'resources');
    const { log } = createLogger({ file: join(root, 'logs', 'docpipe.log'), stderrLevel: 'silent' });
    const shipped = await loadClassifierModel(
      resolve(import.meta.dirname, '../../../resources/models', MODEL_FILE_NAME),
    );
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), shipped);
    const host = new ModelHost(resources, join(root, 'data'), log, pool, () => []);
    await host.load();
    const manifest = (i: number) =>
      pagesFromText(
        `CARGO MANIFEST No. CM-${4100 + i}\nVessel: MV Aurora   Voyage ${20 + i}\nPort of loading: Genoa   Port of discharge: Piraeus\nContainer   Seal   Packages   Gross weight (kg)\nMSKU${700000 + i}  SL9${i}  1${i} pallets  ${1200 + i}  steel coils`,
      );
    const heldOut = manifest(99);
    const before = await host.understand(heldOut);
    const target = (['letter', 'report', 'form'] as const).find((t) => t !== before.type)!;

    await host.relearn(Array.from({ length: 6 }, (_, i) => ({ pages: manifest(i), label: target })));
    const after = await host.understand(heldOut);
    expect(after.type).toBe(target);
    expect(host.model.correctionsApplied).toBe(6);
    const learned = await loadClassifierModel(host.userModelPath);
    expect(after).toEqual(understandDocument(heldOut, learned, { fieldCalibration: shipped.fieldCalibration }));

    // Learned again into the same file (the person changed their mind): the thread reads it again.
    const other = (['letter', 'report', 'form'] as const).find((t) => t !== before.type && t !== target)!;
    await host.relearn(Array.from({ length: 6 }, (_, i) => ({ pages: manifest(i), label: other })));
    expect((await host.understand(heldOut)).type).toBe(other);
  });

  it('keeps the model in use when learning fails, and stays usable', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docpipe-modelhost-'));
    roots.push(root);
    const resources = join(root, 'resources');
    const { log } = createLogger({ file: join(root, 'logs', 'docpipe.log'), stderrLevel: 'silent' });
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), baseModel(4));
    // A file where the models folder should be: the learned model cannot be written (also as root).
    writeFileSync(join(root, 'data'), 'not a folder');
    const host = new ModelHost(resources, join(root, 'data'), log, pool, () => []);
    await host.load();
    await expect(host.relearn([{ pages: pagesFromText('CARGO MANIFEST'), label: 'report' }])).resolves.toBeUndefined();
    await expect(host.idle()).resolves.toBeUndefined();
    expect(host.model.correctionsApplied).toBe(0);
    await expect(host.understand(pagesFromText('INVOICE\nTotal 120.00 EUR'))).resolves.toMatchObject({
      probabilities: expect.any(Object),
    });
  });

  it('names the learned model anew after each write, so that no thread keeps an older copy of the file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docpipe-modelhost-'));
    roots.push(root);
    const { log } = createLogger({ file: join(root, 'logs', 'docpipe.log'), stderrLevel: 'silent' });
    const asked: ModelRef[] = [];
    let learned = 0;
    const facts = { trainingFingerprint: 'sha256:base', correctionsApplied: 0 };
    // A stand-in for the threads that records which model each document was understood with.
    const threads: UnderstandService = {
      describe: async () => facts,
      learn: async ({ corrections }) => ({
        text: `learned ${++learned}\n`,
        facts: { ...facts, correctionsApplied: corrections.length },
      }),
      understand: async ({ model }) => {
        asked.push(model);
        return { type: 'other', typeConfidence: 1, probabilities: { other: 1 }, fields: [] };
      },
    };
    const host = new ModelHost(join(root, 'resources'), join(root, 'data'), log, threads, () => []);
    await host.load();
    const pages = pagesFromText('CARGO MANIFEST');
    await host.understand(pages);
    for (const n of [1, 2]) {
      await host.relearn(Array.from({ length: n }, () => ({ pages, label: 'report' as const })));
      await host.understand(pages);
      await host.understand(pages);
    }
    expect(asked.map((m) => m.path)).toEqual([host.baseModelPath, ...new Array<string>(4).fill(host.userModelPath)]);
    // One name per written content: the same for documents between two writes, a new one after each.
    expect(new Set(asked.map((m) => m.stamp)).size).toBe(3);
    expect(asked[1]!.stamp).toBe(asked[2]!.stamp);
    expect(readFileSync(host.userModelPath, 'utf8')).toBe('learned 2\n');
  });
});
