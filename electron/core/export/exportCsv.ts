import { resolve } from 'node:path';
import type { z } from 'zod';
import type { ExportCsvInput } from '../../shared/contract/api.js';
import { DOCUMENT_TYPES, FIELD_SPECS } from '../../shared/contract/schemas/documentTypes.js';
import type { NormalizedValue } from '../../shared/contract/schemas/fieldValue.js';
import type { DocumentCatalog } from '../documents/DocumentCatalog.js';
import type { Store } from '../store/Store.js';
import { writeCsv } from './csv.js';

type Cell = string | number | null;

export interface CsvExportDeps {
  store: Store;
  catalog: DocumentCatalog;
}

/**
 * The documents' metadata as CSV, one row per document: id, paths, type, its confidence, review status,
 * then a value and a confidence column per field. Rows are built page by page (keyset pagination) while
 * csv.ts streams them, so memory stays flat however many documents there are.
 */
export async function exportCsv(
  deps: CsvExportDeps,
  request: z.output<typeof ExportCsvInput>,
): Promise<{ path: string; rows: number }> {
  const { type, minConfidence } = request;
  const columns = request.fields ?? [
    ...new Set((type ? FIELD_SPECS[type] : DOCUMENT_TYPES.flatMap((t) => FIELD_SPECS[t])).map((f) => f.name)),
  ];
  const header = [
    'id',
    'paths',
    'type',
    'type_confidence',
    'review_status',
    ...columns.flatMap((c) => [c, `${c}_confidence`]),
  ];
  function* rows(): Generator<Cell[]> {
    for (let after = 0; ;) {
      const page = deps.store.documents.listAfter(after, 500, type);
      if (page.length === 0) return;
      for (const doc of page) {
        const summary = deps.catalog.summary(doc);
        const byName = new Map(summary.fields.map((f) => [f.name, f]));
        const cells: Cell[] = [
          doc.id,
          doc.paths.join(' | '),
          doc.type,
          doc.typeConfidence === null ? null : round(doc.typeConfidence),
          summary.review,
        ];
        for (const c of columns) {
          const f = byName.get(c);
          // Below minConfidence a cell is left empty: a guess is not written where the reader may take it as fact.
          const shown = f && (minConfidence === undefined || f.confidence >= minConfidence) ? f : undefined;
          cells.push(
            shown ? formatNormalized(shown.normalized ?? shown.value) : null,
            shown ? round(shown.confidence) : null,
          );
        }
        yield cells;
      }
      after = page[page.length - 1]!.id;
    }
  }
  const path = resolve(request.path);
  const count = await writeCsv(path, header, rows(), { bom: request.bom });
  return { path, rows: count };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** A list prints as "a; b", key-values as "key: value; key: value". */
function formatNormalized(value: NormalizedValue | string): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : `${v.key}: ${v.value}`)).join('; ');
  return String(value);
}
