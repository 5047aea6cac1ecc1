/** Small, pure presentation facts about documents, shared by the table, the document view and review. */
import type { DocumentSummary } from '../../../electron/shared/contract/documents.js';
import type { NormalizedValue } from '../../../electron/shared/contract/schemas/fieldValue.js';

/** The last path segment, for a compact label (the full path stays available as a title). */
export function fileName(path: string | undefined): string {
  if (!path) return '(no path)';
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** A probability as a whole percentage ("92%"). */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/**
 * How sure a value is, for colour: `high` at 0.8 and above (the engine's default review threshold),
 * `medium` from 0.5, else `low`. The colour always comes with the number, never instead of it.
 */
export function confidenceLevel(value: number): 'high' | 'medium' | 'low' {
  if (value >= 0.8) return 'high';
  if (value >= 0.5) return 'medium';
  return 'low';
}

/** The document type with its confidence ("invoice · 92%"), or null before the document is understood. */
export function documentType(doc: Pick<DocumentSummary, 'type' | 'typeConfidence'>): string | null {
  if (!doc.type) return null;
  return doc.typeConfidence === null ? doc.type : `${doc.type} · ${percent(doc.typeConfidence)}`;
}

/** Review states in the words the UI uses. */
export const REVIEW_LABEL: Record<DocumentSummary['review'], string> = {
  pending: 'not understood yet',
  needs_review: 'needs review',
  ok: 'confident',
  reviewed: 'reviewed',
};

/** A normalized field value on one line (lists joined, form pairs as "key: value"). */
export function formatNormalized(value: NormalizedValue | null): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return value.map((v) => (typeof v === 'string' ? v : `${v.key}: ${v.value}`)).join('; ');
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
