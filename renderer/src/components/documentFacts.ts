/** Small, pure presentation facts about documents, shared by the table and the document view. */
import type { DocumentSummary } from '../../../electron/shared/contract/documents.js';

/** The last path segment, for a compact label (the full path stays available as a title). */
export function fileName(path: string | undefined): string {
  if (!path) return '(no path)';
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * The document type once the understand stage has set one, with its confidence ("invoice · 92%").
 * Read defensively: `type` and `typeConfidence` join DocumentSummary with the classifier, and the
 * table shows them as soon as the engine sends them.
 */
export function documentType(doc: DocumentSummary): string | null {
  const { type, typeConfidence } = doc as { type?: unknown; typeConfidence?: unknown };
  if (typeof type !== 'string' || type.length === 0) return null;
  return typeof typeConfidence === 'number' ? `${type} · ${Math.round(typeConfidence * 100)}%` : type;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
