/**
 * The library's sort and filters in the address (`#/documents?sort=date&dir=asc&type=invoice&q=acme`), so
 * Back, a reload and a bookmark keep them; and the export screen's parameters for what the library shows
 * or has selected. Values that make no sense are dropped, never an error: an old or edited address still
 * opens the library.
 *
 *   sort      a column (default `added`)          dir       `asc` | `desc` (default `desc`)
 *   type      types, comma-separated (`untyped`)  state     states, comma-separated
 *   review    review statuses, comma-separated    q         text in a file name or path
 *   confMin   lowest confidence at least, percent confMax   at most, percent
 *   ids       (export only) selected documents, comma-separated, at most EXPORT_IDS_LIMIT
 */
import { DOCUMENT_STATES } from '../../../electron/shared/contract/jobs.js';
import {
  LIBRARY_COLUMNS,
  LIBRARY_TYPES,
  REVIEW_STATUSES,
  type LibraryColumn,
  type LibraryFilter,
} from '../../../electron/shared/contract/library.js';

export interface LibraryQuery {
  filter: LibraryFilter;
  sort: LibraryColumn;
  direction: 'asc' | 'desc';
}

export const DEFAULT_QUERY: LibraryQuery = { filter: {}, sort: 'added', direction: 'desc' };

/** Most selected ids the export screen gets in its address; a larger selection passes the filters. */
export const EXPORT_IDS_LIMIT = 1000;

function listParam<T extends string>(value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (!value) return undefined;
  const values = [...new Set(value.split(','))].filter((v): v is T => (allowed as readonly string[]).includes(v));
  return values.length > 0 ? values : undefined;
}

function percentParam(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,3}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= 100 ? n / 100 : undefined;
}

export function queryFromParams(params: Readonly<Record<string, string>>): LibraryQuery {
  const filter: LibraryFilter = {};
  const type = listParam(params.type, LIBRARY_TYPES);
  const state = listParam(params.state, DOCUMENT_STATES);
  const review = listParam(params.review, REVIEW_STATUSES);
  const q = params.q?.trim();
  const minConfidence = percentParam(params.confMin);
  const maxConfidence = percentParam(params.confMax);
  if (type) filter.type = type;
  if (state) filter.state = state;
  if (review) filter.review = review;
  if (q) filter.q = q.slice(0, 500);
  if (minConfidence !== undefined) filter.minConfidence = minConfidence;
  if (maxConfidence !== undefined) filter.maxConfidence = maxConfidence;
  const sort = (LIBRARY_COLUMNS as readonly string[]).includes(params.sort ?? '')
    ? (params.sort as LibraryColumn)
    : DEFAULT_QUERY.sort;
  const direction = params.dir === 'asc' || params.dir === 'desc' ? params.dir : DEFAULT_QUERY.direction;
  return { filter, sort, direction };
}

/** The filter's parameters (shared with the export screen). */
export function filterParams(filter: LibraryFilter): Record<string, string> {
  const params: Record<string, string> = {};
  if (filter.type?.length) params.type = filter.type.join(',');
  if (filter.state?.length) params.state = filter.state.join(',');
  if (filter.review?.length) params.review = filter.review.join(',');
  if (filter.q) params.q = filter.q;
  if (filter.minConfidence !== undefined) params.confMin = String(Math.round(filter.minConfidence * 100));
  if (filter.maxConfidence !== undefined) params.confMax = String(Math.round(filter.maxConfidence * 100));
  return params;
}

/** The address's parameters for a query; defaults are left out, so the plain library is `#/documents`. */
export function paramsFromQuery(query: LibraryQuery): Record<string, string> {
  const params = filterParams(query.filter);
  if (query.sort !== DEFAULT_QUERY.sort) params.sort = query.sort;
  if (query.direction !== DEFAULT_QUERY.direction) params.dir = query.direction;
  return params;
}

/**
 * What the export screen gets: the selected ids when there are at most EXPORT_IDS_LIMIT of them, else
 * the filters (then `wholeFilter` is true: the export covers everything the filter matches).
 */
export function exportParams(
  filter: LibraryFilter,
  selectedIds: readonly number[] | null,
): { params: Record<string, string>; wholeFilter: boolean } {
  if (selectedIds && selectedIds.length > 0 && selectedIds.length <= EXPORT_IDS_LIMIT) {
    return { params: { ids: [...selectedIds].sort((a, b) => a - b).join(',') }, wholeFilter: false };
  }
  return { params: filterParams(filter), wholeFilter: selectedIds !== null && selectedIds.length > 0 };
}

export function sameQuery(a: LibraryQuery, b: LibraryQuery): boolean {
  return JSON.stringify(paramsFromQuery(a)) === JSON.stringify(paramsFromQuery(b));
}
