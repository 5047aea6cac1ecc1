/**
 * Exports as every shell sees them: which documents and columns (`ExportRequest`), the preview the export
 * screen shows, and the address of the streamed CSV download. The address is built and read here, once,
 * for the server's route and the renderer's link alike.
 *
 * The API never writes to a path a web page chose: the browser downloads the CSV from a GET route, the
 * desktop app asks where to save it (a native dialog in the main process), and only the CLI names a file.
 */
import { z } from 'zod';
import { DocumentSummary } from './documents.js';
import { DOCUMENT_STATES } from './jobs.js';
import { DOCUMENT_TYPES, DocumentType, FIELD_SPECS } from './schemas/documentTypes.js';

/** Review statuses a document can have (see DocumentSummary.review). */
export const REVIEW_STATES = DocumentSummary.shape.review.options;

/** Ids the address of an export may name (the library sends its selection up to this many; larger ones as filters). */
export const MAX_EXPORT_IDS = 1000;

/** Every field name of every type, in type order. */
export const ALL_FIELD_NAMES: readonly string[] = [
  ...new Set(DOCUMENT_TYPES.flatMap((t) => FIELD_SPECS[t].map((f) => f.name))),
];

/**
 * The columns of an export of every type when none are chosen: the fields that two or more types share
 * (date, total, currency, title, subject…), instead of all of them (over a hundred columns, mostly empty).
 */
export const SHARED_FIELD_NAMES: readonly string[] = ALL_FIELD_NAMES.filter(
  (name) => DOCUMENT_TYPES.filter((t) => FIELD_SPECS[t].some((f) => f.name === name)).length >= 2,
);

/** The field columns an export writes when none are chosen: the type's fields, or the shared ones. */
export function defaultExportFields(type: DocumentType | undefined): string[] {
  return type ? FIELD_SPECS[type].map((f) => f.name) : [...SHARED_FIELD_NAMES];
}

/** Which documents, and which columns. Every filter is optional; together they all must hold. */
export const ExportRequest = z.object({
  /** Only documents of this type; its fields are the default columns. */
  type: DocumentType.optional(),
  /** Field columns, each with a `<name>_confidence` column (default: defaultExportFields; [] for none). */
  fields: z
    .array(
      z
        .string()
        .min(1)
        .refine((name) => ALL_FIELD_NAMES.includes(name), {
          message: `not a field of any type (fields: ${ALL_FIELD_NAMES.join(', ')})`,
        }),
    )
    .max(ALL_FIELD_NAMES.length)
    .optional(),
  /** Leave a field's cell empty when its confidence is below this. */
  minConfidence: z.number().min(0).max(1).optional(),
  /** Only documents in this state. */
  state: z.enum(DOCUMENT_STATES).optional(),
  /** Only documents with this review status. */
  review: z.enum(REVIEW_STATES).optional(),
  /** Only documents this search query finds (the query language; every word must match). */
  q: z.string().trim().max(2000).optional(),
  /** Only these documents (a selection). */
  ids: z.array(z.number().int().positive()).min(1).max(MAX_EXPORT_IDS).optional(),
  /** Start with a UTF-8 byte order mark so Excel opens the file as UTF-8. */
  bom: z.boolean().default(false),
});
export type ExportRequest = z.output<typeof ExportRequest>;
export type ExportRequestInput = z.input<typeof ExportRequest>;

export const ExportPreviewRequest = ExportRequest.omit({ bom: true }).extend({
  /** Rows shown. */
  limit: z.number().int().min(1).max(100).default(20),
});

export const ExportCell = z.union([z.string(), z.number(), z.null()]);
export type ExportCell = z.infer<typeof ExportCell>;

export const ExportPreview = z.object({
  /** The CSV's header. */
  columns: z.array(z.string()),
  /** The first rows, as they will be written (before CSV quoting). */
  rows: z.array(z.array(ExportCell)),
  /** Documents the export will write (one row each). */
  total: z.number().int(),
  /** The file name a download gets. */
  filename: z.string(),
});
export type ExportPreview = z.infer<typeof ExportPreview>;

/** What a streamed export is in the process that runs it: its name and its text, produced as it is read. */
export interface CsvStream {
  filename: string;
  columns: string[];
  /** The CSV text, a row (or the BOM and header) at a time; read it once. */
  chunks: Iterable<string>;
}

export const CsvStreamSchema = z.custom<CsvStream>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<CsvStream>).chunks?.[Symbol.iterator] === 'function',
  'a CSV stream',
);

/** `docpipe-invoice-2026-12-07.csv`: the type (or `all`) and the day. */
export function exportFilename(type: DocumentType | undefined, now: Date): string {
  return `docpipe-${type ?? 'all'}-${now.toISOString().slice(0, 10)}.csv`;
}

/** The streamed CSV's route (GET; relative to the server's origin). */
export const EXPORT_CSV_PATH = '/api/export.csv';

/** The address of a streamed export: `/api/export.csv?type=invoice&fields=date%2Ctotal&bom=1`. */
export function exportCsvPath(request: ExportRequestInput): string {
  const params: [string, string][] = [];
  if (request.type) params.push(['type', request.type]);
  if (request.fields) params.push(['fields', request.fields.join(',')]);
  if (request.minConfidence !== undefined) params.push(['minConfidence', String(request.minConfidence)]);
  if (request.state) params.push(['state', request.state]);
  if (request.review) params.push(['review', request.review]);
  if (request.q) params.push(['q', request.q]);
  if (request.ids?.length) params.push(['ids', request.ids.join(',')]);
  if (request.bom) params.push(['bom', '1']);
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return query ? `${EXPORT_CSV_PATH}?${query}` : EXPORT_CSV_PATH;
}

/** What reading an address's query needs (a URLSearchParams). */
export interface QueryParams {
  get(name: string): string | null;
}

/**
 * The request an address's query names, unparsed (the api parses it with `ExportRequest`): lists are
 * comma-separated, numbers are numbers, `bom` is 1 or true. The library's route parameters read the same.
 */
export function exportRequestOfQuery(params: QueryParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const text = (name: string): string | undefined => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const list = (name: string): string[] | undefined =>
    text(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const number = (value: string): number | string => (/^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value);
  for (const name of ['type', 'state', 'review', 'q'] as const) {
    const value = text(name);
    if (value !== undefined) out[name] = value;
  }
  // `fields=` (present, empty) asks for no field columns; absent, for the default ones.
  const fields = params.get('fields');
  if (fields !== null) out.fields = list('fields') ?? [];
  const ids = list('ids');
  if (ids) out.ids = ids.map(number);
  const min = text('minConfidence');
  if (min !== undefined) out.minConfidence = number(min);
  const bom = text('bom');
  if (bom !== undefined) out.bom = bom === '1' || bom === 'true';
  return out;
}
