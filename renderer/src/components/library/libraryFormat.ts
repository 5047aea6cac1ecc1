/** How the library writes its cells: pure, so they are tested without a browser. */
import type { LibraryColumn, LibraryRow, ReviewStatus } from '../../../../electron/shared/contract/library.js';

/** Types whose first page the engine can show as a picture (PDF pages rendered, images as they are). */
const PICTURED: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

export function hasThumbnail(mime: string): boolean {
  return PICTURED.has(mime);
}

/** A short label for a file without a picture ("TXT", "DOCX", "EML"), from its type. */
export function fileKind(row: Pick<LibraryRow, 'mime' | 'name'>): string {
  const known: Record<string, string> = {
    'application/pdf': 'PDF',
    'text/plain': 'TXT',
    'text/markdown': 'MD',
    'text/csv': 'CSV',
    'text/html': 'HTML',
    'message/rfc822': 'EML',
    'application/vnd.ms-outlook': 'MSG',
    'application/xml': 'XML',
    'text/xml': 'XML',
    'image/tiff': 'TIFF',
    'image/bmp': 'BMP',
  };
  if (known[row.mime]) return known[row.mime]!;
  const extension = /\.([a-z0-9]{1,5})$/i.exec(row.name)?.[1];
  return extension ? extension.toUpperCase() : 'FILE';
}

/** The folder of a path, for the line under a file name. */
export function folderOf(path: string | null): string {
  if (!path) return '';
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : '';
}

/** An amount with its currency in the reader's locale ("€1,250.00"); without a known currency, just the number. */
export function formatTotal(total: LibraryRow['total'], locale?: string): string {
  if (!total) return '';
  if (total.currency && /^[A-Z]{3}$/.test(total.currency)) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency: total.currency }).format(total.amount);
    } catch {
      // An ISO-looking code Intl does not know: the number and the code.
    }
  }
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    total.amount,
  );
  return total.currency ? `${number} ${total.currency}` : number;
}

/** Why a document failed, in words: its message with the path shortened to the file's name (the row shows the folder). */
export function plainError(row: Pick<LibraryRow, 'error' | 'path' | 'name'>): string {
  if (!row.error) return '';
  return row.path ? row.error.message.split(row.path).join(row.name) : row.error.message;
}

export function typeLabel(type: string | null): string {
  return type ? type.replace(/_/g, ' ') : '';
}

export const REVIEW_WORDS: Record<ReviewStatus, string> = {
  pending: 'not understood yet',
  needs_review: 'needs review',
  ok: 'confident',
  reviewed: 'reviewed',
};

export const COLUMN_LABEL: Record<LibraryColumn, string> = {
  name: 'Name',
  type: 'Type',
  date: 'Date',
  party: 'From',
  total: 'Total',
  confidence: 'Confidence',
  state: 'State',
  added: 'Added',
  size: 'Size',
};

/** The direction a column sorts in when first clicked: words A→Z, amounts and dates newest or largest first, confidence least sure first. */
export function firstDirection(column: LibraryColumn): 'asc' | 'desc' {
  return column === 'date' || column === 'total' || column === 'added' || column === 'size' ? 'desc' : 'asc';
}

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}
