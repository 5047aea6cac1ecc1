/**
 * Readers for classic IR test collections in their distributed formats (SMART-style `.I` records).
 *
 * Cranfield: cran.all.1400 (.I .T .A .B .W), cran.qry (.I .W), cranqrel ("query doc code"). Traps: cranqrel
 * numbers queries by their POSITION in cran.qry (1..225), not by their .I ids (which skip numbers); codes
 * 1 (complete answer) .. 4 (minimal interest) become gains 4..1, and -1 means not relevant.
 * CISI: CISI.ALL (.I .T .A .W .X), CISI.QRY (.I .W, some with .T/.A/.B), CISI.REL ("query doc 0 0.0"),
 * binary judgements, queries numbered by .I.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_QUERY_LENGTH } from '../../electron/shared/contract/search.js';

export interface EvalDocument {
  id: number;
  title: string;
  text: string;
}

export interface EvalQuery {
  /** The number the judgements use for this query. */
  id: number;
  text: string;
}

export interface TestCollection {
  name: string;
  documents: EvalDocument[];
  queries: EvalQuery[];
  /** query id -> doc id -> graded gain (> 0 means relevant). */
  judgements: Map<number, Map<number, number>>;
  /** Optional query id -> class (e.g. the document class a known-item query was made from), for per-class figures. */
  queryClasses?: Map<number, string>;
}

export type CollectionName = 'cranfield' | 'cisi';

interface SmartRecord {
  id: number;
  fields: Map<string, string>;
}

/** Parses `.I n` records with `.X` field markers; text of repeated markers is concatenated. */
export function parseSmartRecords(text: string): SmartRecord[] {
  const records: SmartRecord[] = [];
  let current: SmartRecord | null = null;
  let field: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const marker = /^\.([A-Z])(?:\s+(.*))?$/.exec(line);
    if (marker) {
      if (marker[1] === 'I') {
        current = { id: Number.parseInt(marker[2] ?? '', 10), fields: new Map() };
        records.push(current);
        field = null;
      } else {
        field = marker[1]!;
      }
      continue;
    }
    if (current && field) current.fields.set(field, `${current.fields.get(field) ?? ''}${line}\n`);
  }
  return records.filter((r) => Number.isFinite(r.id));
}

const tidy = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

export function parseCranfield(docs: string, queries: string, qrels: string): Omit<TestCollection, 'name'> {
  const documents = parseSmartRecords(docs).map((r) => ({
    id: r.id,
    title: tidy(r.fields.get('T')),
    text: tidy(r.fields.get('W')),
  }));
  // Judgements use the query's position (1-based), so renumber.
  const parsedQueries = parseSmartRecords(queries).map((r, i) => ({ id: i + 1, text: tidy(r.fields.get('W')) }));
  const judgements = new Map<number, Map<number, number>>();
  for (const line of qrels.split(/\r?\n/)) {
    const [q, d, code] = line.trim().split(/\s+/).map(Number);
    if (q === undefined || d === undefined || code === undefined || !Number.isFinite(code)) continue;
    // 1 (best) .. 4 -> gain 4 .. 1; -1 (not relevant) and anything else -> not relevant.
    const gain = code >= 1 && code <= 4 ? 5 - code : 0;
    if (gain <= 0) continue;
    if (!judgements.has(q)) judgements.set(q, new Map());
    judgements.get(q)!.set(d, gain);
  }
  return { documents, queries: parsedQueries, judgements };
}

export function parseCisi(docs: string, queries: string, qrels: string): Omit<TestCollection, 'name'> {
  const documents = parseSmartRecords(docs).map((r) => ({
    id: r.id,
    title: tidy(r.fields.get('T')),
    text: tidy(r.fields.get('W')),
  }));
  const parsedQueries = parseSmartRecords(queries).map((r) => ({
    id: r.id,
    text: tidy([r.fields.get('T'), r.fields.get('W')].filter(Boolean).join(' ')),
  }));
  const judgements = new Map<number, Map<number, number>>();
  for (const line of qrels.split(/\r?\n/)) {
    const [q, d] = line.trim().split(/\s+/).map(Number);
    if (q === undefined || d === undefined || !Number.isFinite(q) || !Number.isFinite(d)) continue;
    if (!judgements.has(q)) judgements.set(q, new Map());
    judgements.get(q)!.set(d, 1);
  }
  return { documents, queries: parsedQueries, judgements };
}

const FILES: Record<CollectionName, [string, string, string]> = {
  cranfield: ['cran.all.1400', 'cran.qry', 'cranqrel'],
  cisi: ['CISI.ALL', 'CISI.QRY', 'CISI.REL'],
};

/** Reads a collection from a folder holding its files as distributed. */
export async function loadCollection(name: CollectionName, dir: string): Promise<TestCollection> {
  const [docs, queries, qrels] = await Promise.all(FILES[name].map((f) => readFile(join(dir, f), 'latin1')));
  const parsed = name === 'cranfield' ? parseCranfield(docs!, queries!, qrels!) : parseCisi(docs!, queries!, qrels!);
  return { name, ...parsed };
}

export function collectionFiles(name: CollectionName): readonly string[] {
  return FILES[name];
}

/**
 * A judged query as the rankers are given it: cut at a word boundary to the longest query the search API
 * takes (MAX_QUERY_LENGTH). Some collections have paragraph-long queries; the API refuses those, and a
 * refused query would stop the evaluation (or score a miss for ours but not for the baseline). Every ranker
 * gets the same cut text, and the reports count the queries that were cut.
 */
export function searchableQuery(text: string): { text: string; cut: boolean } {
  if (text.length <= MAX_QUERY_LENGTH) return { text, cut: false };
  const head = text.slice(0, MAX_QUERY_LENGTH + 1);
  const lastSpace = head.search(/\s\S*$/);
  return { text: (lastSpace > 0 ? head.slice(0, lastSpace) : head.slice(0, MAX_QUERY_LENGTH)).trimEnd(), cut: true };
}
