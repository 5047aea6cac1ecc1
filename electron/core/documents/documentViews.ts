import type { DocumentDetail, DocumentSummary } from '../../shared/contract/documents.js';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import type { DocumentRecord } from '../store/repos/DocumentsRepo.js';
import type { Store } from '../store/Store.js';

/** How a review reason reads: "type invoice 0.62". */
export function typeReason(type: string | null, confidence: number): string {
  return `type ${type} ${confidence.toFixed(2)}`;
}

/** How a review reason reads: "total 0.41". */
export function fieldReason(name: string, confidence: number): string {
  return `${name} ${confidence.toFixed(2)}`;
}

/**
 * What is uncertain about a document: the type and every field nobody corrected, under `threshold`.
 * The review queue (ReviewRepo.queue) asks the same in SQL for all documents at once; its test holds the two
 * to the same answers.
 */
export function uncertainties(
  record: DocumentRecord,
  fields: readonly FieldValue[],
  threshold: number,
): { lowest: number; reasons: string[] } {
  const reasons: string[] = [];
  let lowest = 1;
  if (record.typeSource !== 'user' && record.typeConfidence !== null) {
    lowest = Math.min(lowest, record.typeConfidence);
    if (record.typeConfidence < threshold) reasons.push(typeReason(record.type, record.typeConfidence));
  }
  for (const f of fields) {
    if (f.source === 'user') continue;
    lowest = Math.min(lowest, f.confidence);
    if (f.confidence < threshold) reasons.push(fieldReason(f.name, f.confidence));
  }
  return { lowest, reasons };
}

/** The type and the fields nobody corrected that are under `threshold`, least sure first. */
function uncertainItems(
  record: DocumentRecord,
  fields: readonly FieldValue[],
  threshold: number,
): DocumentDetail['uncertain'] {
  const items: DocumentDetail['uncertain'] = [];
  if (record.typeSource !== 'user' && record.typeConfidence !== null && record.typeConfidence < threshold)
    items.push({ name: 'type', confidence: record.typeConfidence });
  for (const f of fields)
    if (f.source !== 'user' && f.confidence < threshold) items.push({ name: f.name, confidence: f.confidence });
  return items.sort((a, b) => a.confidence - b.confidence);
}

/**
 * reviewed: a person confirmed the document, or corrected it until nothing uncertain was left (Corrections
 * records both as `reviewed_at`, the one column the library's filters and counts read too); a correction
 * of one field settles that field only (the others may still need a look), so it alone is not a review.
 */
function reviewStatus(
  record: DocumentRecord,
  fields: readonly FieldValue[],
  threshold: number,
): DocumentSummary['review'] {
  if (record.state !== 'completed' || record.type === null) return 'pending';
  if (record.reviewedAt !== null) return 'reviewed';
  return uncertainties(record, fields, threshold).reasons.length > 0 ? 'needs_review' : 'ok';
}

export function toSummary(store: Store, record: DocumentRecord, threshold: number): DocumentSummary {
  const { attachments: _attachments, reviewedAt: _reviewedAt, ...rest } = record;
  const fields = store.fields.list(record.id);
  return { ...rest, fields, review: reviewStatus(record, fields, threshold) };
}

export function toDetail(store: Store, record: DocumentRecord, threshold: number): DocumentDetail {
  const summary = toSummary(store, record, threshold);
  return {
    ...summary,
    uncertain: summary.review === 'needs_review' ? uncertainItems(record, summary.fields, threshold) : [],
    attachments: record.attachments,
    fieldCandidates: store.fields.listAll(record.id),
    typeProbabilities: store.documents.typeProbabilities(record.id),
    pageTexts: store.pages.listTexts(record.id),
    jobs: store.jobs.listForDocument(record.id).map((j) => ({
      id: j.id,
      stage: j.stage,
      state: j.state,
      attempt: j.attempt,
      maxAttempts: j.max_attempts,
      errors: JSON.parse(j.errors) as DocumentDetail['jobs'][number]['errors'],
    })),
  };
}
