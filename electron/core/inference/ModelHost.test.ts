import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import type { Correction } from '../../understand/classifier.js';
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
    const corrections: Correction[] = Array.from({ length: 3 }, (_, i) => ({ pages: pagesFromText(`CARGO MANIFEST CM-${i}\nVessel: MV Aurora\nPort of loading: Genoa`), label: 'report' }));

    // The user's model was learned on an older shipped model.
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), baseModel(1));
    const first = new ModelHost(resources, data, log, () => corrections);
    await first.load();
    await first.relearn(corrections);
    expect((await loadClassifierModel(join(data, 'models', MODEL_FILE_NAME))).trainingFingerprint).toBe('sha256:test-base-1');

    // An upgrade ships another model: the old user model is not used, the corrections are learned again on the new base.
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), baseModel(2));
    const second = new ModelHost(resources, data, log, () => corrections);
    await second.load();
    await second.idle();
    expect(second.model.trainingFingerprint).toBe('sha256:test-base-2');
    expect(second.model.correctionsApplied).toBe(3);
    expect((await loadClassifierModel(join(data, 'models', MODEL_FILE_NAME))).trainingFingerprint).toBe('sha256:test-base-2');

    // Loaded again with the same base, the learned model is used as it is.
    const third = new ModelHost(resources, data, log, () => {
      throw new Error('corrections must not be read when the user model is current');
    });
    await third.load();
    expect(third.model.correctionsApplied).toBe(3);

    // A learned model that is gone (deleted by hand) is learned again from the stored corrections.
    rmSync(join(data, 'models', MODEL_FILE_NAME));
    const fourth = new ModelHost(resources, data, log, () => corrections);
    await fourth.load();
    await fourth.idle();
    expect(fourth.model.correctionsApplied).toBe(3);
    expect(existsSync(join(data, 'models', MODEL_FILE_NAME))).toBe(true);
  });
  it('scores fields with the shipped model\'s calibration, also with a user model learned before it had one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docpipe-modelhost-'));
    roots.push(root);
    const resources = join(root, 'resources');
    const { log } = createLogger({ file: join(root, 'logs', 'docpipe.log'), stderrLevel: 'silent' });
    const base = { ...baseModel(3), fieldCalibration: { invoice: { a: 1, b: 3 } } };
    await saveClassifierModel(join(resources, 'models', MODEL_FILE_NAME), base);
    const host = new ModelHost(resources, join(root, 'data'), log, () => []);
    await host.load();
    const invoice = pagesFromText('INVOICE\nInvoice Number: INV-7\nInvoice Date: 2024-03-14\nTotal 120.00 EUR');
    const calibrated = host.understand(invoice, 'invoice').fields.find((f) => f.name === 'invoice_number')?.confidence ?? 0;
    // b = 3 lifts every score: the scale is applied.
    expect(calibrated).toBeGreaterThan(0.95);
    // A user model learned before the shipped model carried scales (same base, none of its own).
    const { fieldCalibration: _, ...older } = base;
    await saveClassifierModel(join(root, 'data', 'models', MODEL_FILE_NAME), { ...older, correctionsApplied: 1 });
    const again = new ModelHost(resources, join(root, 'data'), log, () => []);
    await again.load();
    expect(again.model.correctionsApplied).toBe(1);
    expect(again.model.fieldCalibration).toBeUndefined();
    expect(again.understand(invoice, 'invoice').fields.find((f) => f.name === 'invoice_number')?.confidence).toBe(calibrated);
  });
});
