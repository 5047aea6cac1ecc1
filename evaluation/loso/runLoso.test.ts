import { describe, expect, it } from 'vitest';
import type { DocumentType } from '../../electron/shared/contract/schemas/documentTypes.js';
import { pagesFromText } from '../../electron/understand/testing/pagesFromText.js';
import type { FoldExample } from '../../training/crossValidate.js';
import { trainClassifier } from '../../training/trainClassifier.js';
import { losoFigures } from './losoReport.js';
import { runLoso, type LosoDocument } from './runLoso.js';

const INVOICE = (n: number): string =>
  `INVOICE\nInvoice No. INV-${n}\nInvoice date: 2024-03-${String(10 + (n % 18)).padStart(2, '0')}\nBill to: Someone Ltd\nNet 100.00\nVAT 20.00\nTotal due 120.00\nPayment terms: 30 days`;
const RECEIPT = (n: number): string =>
  `CORNER SHOP\n12 High Street\n${String(10 + (n % 18)).padStart(2, '0')}/03/2024 10:1${n % 10}\nMILK 1.20\nBREAD 2.30\nTOTAL 3.50\nCASH 5.00\nCHANGE 1.50\nTHANK YOU`;

function doc(
  id: string,
  type: DocumentType,
  source: string,
  text: string,
  fields: Record<string, unknown>,
): LosoDocument {
  return {
    label: { id, class: type, fields },
    type,
    source,
    sha256: id,
    group: `${source}:${id}`,
    pages: pagesFromText(text),
    eInvoice: null,
  };
}

describe('runLoso', () => {
  const documents: LosoDocument[] = [
    ...Array.from({ length: 6 }, (_, i) =>
      doc(`a/inv${i}`, 'invoice', 'org/invoices', INVOICE(i), { total: '120.00' }),
    ),
    ...Array.from({ length: 6 }, (_, i) => doc(`b/rec${i}`, 'receipt', 'org/receipts', RECEIPT(i), { total: '3.50' })),
    ...Array.from({ length: 6 }, (_, i) =>
      doc(`c/rec${i}`, 'receipt', 'other/slips', RECEIPT(i + 7).replace('CORNER SHOP', 'KIOSK'), { total: '3.50' }),
    ),
  ];
  const synthetic: FoldExample[] = [
    ...Array.from({ length: 5 }, (_, i) => ({
      pages: pagesFromText(INVOICE(40 + i)),
      label: 'invoice' as const,
      source: 'synthetic:invoice',
      group: `g${i}`,
    })),
    ...Array.from({ length: 5 }, (_, i) => ({
      pages: pagesFromText(RECEIPT(40 + i)),
      label: 'receipt' as const,
      source: 'synthetic:slip',
      group: `h${i}`,
    })),
  ];

  it('judges every source with a model taught neither it nor anything judged, and always the generated documents', () => {
    const taught: string[][] = [];
    const folds = runLoso(documents, synthetic, {
      train: { epochs: 5, minSources: 1, minDocFrequency: 1 },
      temperatureFolds: 2,
      trainModel: (examples, counts) => {
        taught.push(examples.map((e) => e.source));
        return trainClassifier(examples, { epochs: 5, minSources: 1, minDocFrequency: 1 }, counts);
      },
    });
    expect(folds.map((f) => f.source)).toEqual(['org/invoices', 'org/receipts', 'other/slips']);
    folds.forEach((fold, i) => {
      expect(taught[i]).not.toContain(fold.source);
      expect(taught[i]?.filter((s) => s.startsWith('synthetic:'))).toHaveLength(synthetic.length);
      expect(fold.taughtSources).not.toContain(fold.source);
      const judged = documents.filter((d) => d.source === fold.source).map((d) => d.label.id);
      expect(fold.predictions.map((p) => p.id)).toEqual(judged);
      expect(fold.typeForced.map((p) => p.id)).toEqual(judged);
      expect(fold.temperature).toBeGreaterThan(0);
      expect(fold.duplicatesInTraining).toEqual([]);
    });
  });

  it('reports a judged document whose bytes were taught under another source', () => {
    const twin = { ...doc('c/twin', 'receipt', 'other/slips', RECEIPT(3), { total: '3.50' }), sha256: 'b/rec3' };
    const folds = runLoso([...documents, twin], synthetic, {
      train: { epochs: 3, minSources: 1, minDocFrequency: 1 },
      temperatureFolds: 0,
    });
    expect(folds.find((f) => f.source === 'other/slips')?.duplicatesInTraining).toEqual([
      'c/twin (also in org/receipts)',
    ]);
  });

  it('scores types and fields per source with the docpipe eval rules', () => {
    const folds = runLoso(documents, synthetic, {
      train: { epochs: 5, minSources: 1, minDocFrequency: 1 },
      temperatureFolds: 0,
    });
    const figures = losoFigures(
      folds,
      documents.map((d) => d.label),
    );
    expect(figures.documents).toBe(18);
    expect(figures.perSource.map((s) => s.documents)).toEqual([6, 6, 6]);
    // The rules read the receipt total whenever the type is forced, whatever the classifier said.
    expect(figures.typeForcedFields['receipt.total']).toMatchObject({ support: 12, correct: 12 });
    expect(figures.fields['receipt.total']?.support).toBe(12);
    // Only receipts reach ten documents: the headline macro-F1 is theirs alone.
    expect(figures.macroF1Classes).toEqual(['receipt']);
    expect(figures.macroF1).toBeCloseTo(figures.perClass.receipt?.f1 ?? -1, 9);
  });

  it("teaches each fold's field scorer the taught sources and the generated documents, never the judged source", () => {
    const generated = Array.from({ length: 20 }, (_, i) => ({
      type: 'receipt' as const,
      pages: pagesFromText(RECEIPT(60 + i)),
      fields: { total: '3.50' },
      weight: 0.5,
    }));
    const folds = runLoso(documents, synthetic, {
      train: { epochs: 3, minSources: 1, minDocFrequency: 1 },
      temperatureFolds: 0,
      scorerGenerated: generated,
    });
    // Receipts with a total: 6 per receipt source, 20 generated.
    expect(folds.map((f) => f.fieldScorer?.fields['receipt.total']?.taught)).toEqual([32, 26, 26]);
    for (const fold of folds) {
      expect(fold.withoutScorer.map((p) => p.id)).toEqual(fold.predictions.map((p) => p.id));
      expect(fold.unreachable).toEqual({});
    }
    const figures = losoFigures(
      folds,
      documents.map((d) => d.label),
    );
    expect(figures.withoutScorerFields['receipt.total']?.support).toBe(12);
  });

  it('types only the sources asked for, with the types a full run gives, and reads no field', () => {
    const train = { epochs: 5, minSources: 1, minDocFrequency: 1 };
    const full = runLoso(documents, synthetic, { train, temperatureFolds: 2 });
    const quick = runLoso(documents, synthetic, { train, typesOnly: true, sources: ['org/receipts', 'other/slips'] });
    expect(quick.map((f) => f.source)).toEqual(['org/receipts', 'other/slips']);
    for (const fold of quick) {
      const same = full.find((f) => f.source === fold.source);
      expect(fold.predictions.map((p) => [p.id, p.type])).toEqual(same?.predictions.map((p) => [p.id, p.type]));
      expect(fold.predictions.every((p) => p.fields?.length === 0)).toBe(true);
      expect(fold.typeForced).toEqual([]);
      expect(fold.temperature).toBe(1);
    }
  });
});
