import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { z } from 'zod';
import type { ExportCsvInput } from '../../shared/contract/api.js';
import type { DocumentSummary } from '../../shared/contract/documents.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import {
  defaultExportFields,
  exportFilename,
  type CsvStream,
  type ExportCell,
  type ExportPreview,
  type ExportPreviewRequest,
  type ExportRequest,
} from '../../shared/contract/exports.js';
import type { NormalizedValue } from '../../shared/contract/schemas/fieldValue.js';
import type { DocumentCatalog } from '../documents/DocumentCatalog.js';
import type { SearchBackend } from '../search/SearchBackend.js';
import type { DocumentRecord } from '../store/repos/DocumentsRepo.js';
import type { Store } from '../store/Store.js';
import { csvLines, writeCsv } from './csv.js';

export interface CsvExportDeps {
  store: Store;
  catalog: DocumentCatalog;
  /** Answers an export's `q` (the documents a query finds). */
  search: Pick<SearchBackend, 'search'>;
  /** docpipe's data folder: a file export never writes into it. */
  dataDir: string;
  /** Clock for file names, injectable for tests. */
  now?: () => Date;
}

/** Documents read from the store at a time (keyset pagination). */
const PAGE = 500;
/** Search hits fetched per request when an export names a query. */
const SEARCH_PAGE = 1000;
/** Most documents an export by query can name (the search API pages up to this far). */
const MAX_QUERY_MATCHES = 11_000;

/** An export's selection, resolved: the header and the rows, each built when it is read. */
interface Selection {
  columns: string[];
  /** Matching documents in id order, with what the API says about them (fields, review status). */
  documents(): Generator<{ record: DocumentRecord; summary: DocumentSummary }>;
  row(item: { record: DocumentRecord; summary: DocumentSummary }): ExportCell[];
  /** A count that needs no row to be built, when the filters allow one; else null. */
  quickCount: number | null;
}

/**
 * The documents' metadata as CSV, one row per document: id, paths, type, its confidence, review status,
 * then a value and a confidence column per field. One selection feeds the preview, the streamed
 * download, the desktop's save and the CLI's file; rows are built page by page (keyset pagination) as
 * the consumer reads them, so memory stays flat however many documents there are.
 */
export class CsvExports {
  private readonly now: () => Date;

  constructor(private readonly deps: CsvExportDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The columns, the first rows and the number of rows the export will write. */
  async preview(request: z.output<typeof ExportPreviewRequest>): Promise<ExportPreview> {
    const selection = await this.select(request);
    const rows: ExportCell[][] = [];
    let total = 0;
    for (const item of selection.documents()) {
      if (rows.length < request.limit) rows.push(selection.row(item));
      total++;
      if (rows.length >= request.limit && selection.quickCount !== null) break;
    }
    return {
      columns: selection.columns,
      rows,
      total: selection.quickCount ?? total,
      filename: exportFilename(request.type, this.now()),
    };
  }

  /** The CSV text as it is read, for a download or a file the person chose. */
  async stream(request: ExportRequest): Promise<CsvStream> {
    const selection = await this.select(request);
    function* rows(): Generator<ExportCell[]> {
      for (const item of selection.documents()) yield selection.row(item);
    }
    return {
      filename: exportFilename(request.type, this.now()),
      columns: selection.columns,
      chunks: csvLines(selection.columns, rows(), { bom: request.bom }),
    };
  }

  /**
   * Writes the CSV to a file (the CLI's `export --csv FILE`). Refused, with what to do instead, for a
   * file inside the data folder, an existing file unless `force`, and a folder that does not exist.
   */
  async toFile(request: z.output<typeof ExportCsvInput>): Promise<{ path: string; rows: number }> {
    const path = resolve(request.path);
    this.checkTarget(path, request.force);
    const selection = await this.select(request);
    function* rows(): Generator<ExportCell[]> {
      for (const item of selection.documents()) yield selection.row(item);
    }
    const count = await writeCsv(path, selection.columns, rows(), { bom: request.bom });
    return { path, rows: count };
  }

  private checkTarget(path: string, force: boolean): void {
    const folder = dirname(path);
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `The folder ${folder} does not exist. Create it first, or write the CSV somewhere else.`,
      );
    // Compared after following links: a link into the data folder is the data folder.
    const dataDir = existsSync(this.deps.dataDir) ? realpathSync(this.deps.dataDir) : resolve(this.deps.dataDir);
    const within = relative(dataDir, resolve(realpathSync(folder), basename(path)));
    if (within === '' || (!within.startsWith('..') && !isAbsolute(within)))
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `${path} is inside docpipe's data folder (${this.deps.dataDir}), which holds the archive itself. Write the CSV somewhere else.`,
      );
    if (existsSync(path)) {
      if (statSync(path).isDirectory())
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `${path} is a folder. Name a file to write, such as ${path}/documents.csv.`,
        );
      if (!force)
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `${path} exists already. Add --force to replace it, or name another file.`,
        );
    }
  }

  private async select(request: Omit<ExportRequest, 'bom'>): Promise<Selection> {
    const { type, state, review, minConfidence } = request;
    const fields = request.fields ?? defaultExportFields(type);
    const columns = [
      'id',
      'paths',
      'type',
      'type_confidence',
      'review_status',
      ...fields.flatMap((c) => [c, `${c}_confidence`]),
    ];
    let ids = request.ids ? [...new Set(request.ids)].sort((a, b) => a - b) : null;
    if (request.q) {
      const found = new Set(await this.queryIds(request.q));
      ids = (ids ?? [...found].sort((a, b) => a - b)).filter((id) => found.has(id));
    }
    const { store, catalog } = this.deps;
    function* records(): Generator<DocumentRecord> {
      if (ids !== null) {
        for (const id of ids) {
          const record = store.documents.get(id);
          if (record && (!type || record.type === type) && (!state || record.state === state)) yield record;
        }
        return;
      }
      for (let after = 0; ;) {
        const page = store.documents.listAfter(after, PAGE, type, state);
        if (page.length === 0) return;
        yield* page;
        after = page[page.length - 1]!.id;
      }
    }
    return {
      columns,
      *documents() {
        for (const record of records()) {
          const summary = catalog.summary(record);
          if (!review || summary.review === review) yield { record, summary };
        }
      },
      row({ record, summary }) {
        const byName = new Map(summary.fields.map((f) => [f.name, f]));
        const cells: ExportCell[] = [
          record.id,
          record.paths.join(' | '),
          record.type,
          record.typeConfidence === null ? null : round(record.typeConfidence),
          summary.review,
        ];
        for (const c of fields) {
          const f = byName.get(c);
          // Below minConfidence a cell is left empty: a guess is not written where the reader may take it as fact.
          const shown = f && (minConfidence === undefined || f.confidence >= minConfidence) ? f : undefined;
          cells.push(
            shown ? formatNormalized(shown.normalized ?? shown.value) : null,
            shown ? round(shown.confidence) : null,
          );
        }
        return cells;
      },
      quickCount: ids === null && !review ? store.documents.countWhere(type, state) : null,
    };
  }

  /** The ids of the documents a query finds (every word; no any-word fallback: an export is not a ranking). */
  private async queryIds(q: string): Promise<number[]> {
    const ids: number[] = [];
    for (let offset = 0; ; offset += SEARCH_PAGE) {
      const result = await this.deps.search.search({
        query: q,
        limit: SEARCH_PAGE,
        offset,
        mode: 'lexical',
        snippets: false,
      });
      if (result.fallback !== null) return [];
      if (result.total > MAX_QUERY_MATCHES)
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `"${q}" finds ${result.total} documents; an export by query takes at most ${MAX_QUERY_MATCHES}. Narrow the query (type:, date:, a folder with path:), or export by type and state.`,
        );
      ids.push(...result.hits.map((h) => h.id));
      if (result.hits.length < SEARCH_PAGE || ids.length >= result.total) return ids;
    }
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** A list prints as "a; b", key-values as "key: value; key: value". */
function formatNormalized(value: NormalizedValue | string): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : `${v.key}: ${v.value}`)).join('; ');
  return String(value);
}
