/**
 * The generated half of every training set (`npm run train` and the leave-one-source-out evaluation
 * build theirs alike): the synthetic documents, and their feature counts without the template pools'
 * made-up names, which would otherwise be learned as marks of a class.
 */
import { pagesFromText } from '../electron/understand/testing/pagesFromText.js';
import type { FeatureCounts } from '../electron/understand/textFeatures.js';
import type { FoldExample } from './crossValidate.js';
import { generateSyntheticDocuments, type SyntheticDocument } from './synthetic/syntheticDocuments.js';
import { photographedPages, type RenderOptions, type RenderRequest } from './synthetic/renderedPhotos.js';
import { GENERATED_NAMES } from './synthetic/syntheticParts.js';

/** Generated documents per template and variant in the shipped model's training set. */
export const SYNTHETIC_PER_TEMPLATE = 12;

/**
 * The paper a generated document is printed on, as the extraction measures a real one (PDF points): a
 * till slip on an 80 mm roll as long as its lines, the rest on US letter or A4; e-mails and software
 * documentation are plain text, without paper. Without it only real documents and the photographed ones
 * had a page shape, and "page-shaped" was learned from the few kinds those are.
 */
export function paperOf(doc: SyntheticDocument, i: number): { width: number; height: number } | null {
  if (doc.label === 'email' || /software|readme|manpage|tex/.test(doc.source)) return null;
  if (doc.label === 'receipt') return { width: 227, height: 160 + 16 * doc.text.split('\n').length };
  return i % 3 === 0 ? { width: 595, height: 842 } : { width: 612, height: 792 };
}

/** The generated training documents as examples (source `synthetic:<template>`), deterministic. */
export function syntheticExamples(perTemplate = SYNTHETIC_PER_TEMPLATE): Array<FoldExample & { text: string }> {
  return generateSyntheticDocuments(perTemplate).map((doc, i) => ({
    pages: pagesFromText(doc.text, doc.ocr ? 'ocr' : 'text').map((page) => ({ ...page, ...paperOf(doc, i) })),
    label: doc.label,
    source: doc.source,
    group: `${doc.source}:${i}`,
    text: doc.text,
  }));
}

/** Generated documents per template taught as photographs (below). */
export const PHOTOS_PER_TEMPLATE = 12;

/**
 * Which generated documents are also taught as photographs: till slips on their roll, forms on their
 * page. Not the templates that imitate a scan's OCR already (`_scan`, scanned paper forms), Latin
 * script only (the OCR reads English). Pure, so that tests can check the choice without OCR.
 */
export function photoRequests(perTemplate = SYNTHETIC_PER_TEMPLATE, photos = PHOTOS_PER_TEMPLATE): RenderRequest[] {
  const requests: RenderRequest[] = [];
  const quota = (label: string): number => (label === 'receipt' || label === 'form' ? photos : 0);
  // Forms twice over (a second generation, another seed): the dev set has one source of them, so the
  // generated ones teach most of what a form from elsewhere looks like, and they vary more than slips.
  for (const [seed, labels] of [
    [2026, ['receipt', 'form']],
    [2027, ['form']],
  ] as const) {
    const taken = new Map<string, number>();
    generateSyntheticDocuments(perTemplate, seed).forEach((doc, i) => {
      if (!(labels as readonly string[]).includes(doc.label) || /cjk|paper|_scan/.test(doc.source)) return;
      const n = taken.get(doc.source) ?? 0;
      if (n >= quota(doc.label)) return;
      taken.set(doc.source, n + 1);
      requests.push({
        doc,
        paper: doc.label === 'receipt' ? 'slip' : 'page',
        seed: (seed - 2026) * 100_000 + 1000 + i,
      });
    });
  }
  return requests;
}

/**
 * Generated slips and forms as docpipe reads phone photos of them (source `synthetic:<template>_photo`):
 * the OCR engine's own mistakes on short, noisy text, which rules cannot imitate. Read from the cache of
 * synthetic/renderedPhotos.ts, OCR'd where it lacks them.
 */
export async function photographedExamples(
  options: RenderOptions = {},
): Promise<Array<FoldExample & { text: string }>> {
  const requests = photoRequests();
  const pages = await photographedPages(requests, options);
  return requests.map((request, i) => ({
    pages: pages[i] as FoldExample['pages'],
    label: request.doc.label,
    source: `${request.doc.source}_photo`,
    group: `${request.doc.source}_photo:${i}`,
    text: (pages[i] ?? []).map((p) => p.text).join('\f'),
  }));
}

export const isSyntheticSource = (source: string): boolean => source.startsWith('synthetic:');

/** A generated document's features without the template pools' made-up names (words and bigrams holding one). */
export function withoutGeneratedNames(counts: FeatureCounts): FeatureCounts {
  const out = new Map<string, number>();
  for (const [name, count] of counts) {
    const tokens = name.startsWith('w:') || name.startsWith('b:') ? name.slice(2).split('_') : [];
    if (!tokens.some((t) => GENERATED_NAMES.has(t))) out.set(name, count);
  }
  return out;
}
