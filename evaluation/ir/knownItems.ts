/**
 * A "known-item" test collection from the labelled dev corpus: the second, independent judged collection
 * beside Cranfield (our ranking was tuned on Cranfield, so Cranfield alone cannot tell whether the same
 * settings lose elsewhere).
 *
 * Documents: every completed document of an already-ingested docpipe data folder, as the search index
 * sees it (indexStage.ts `toIndexDocument`): the extracted text of its pages joined by a blank line, and
 * as title the document's `title` field when it has one, else the file name of its first path.
 *
 * Queries: "find that document" searches a person would type, made ONLY from the label file's field
 * values (labels.jsonl, written from each source data set's own ground truth), never from our index,
 * our extracted fields or the OCR text. Per labelled class:
 *   invoice  -> vendor + invoice number       ("amazon web services 42183017")
 *   receipt  -> company + date as printed     ("indah gift home deco 19 10 2018")
 *   contract -> title + first party's name    ("distributor agreement johnson matthey catalog")
 *   resume   -> the person's name             ("nida khan")
 *   other    -> an e-mail's subject           ("google account password changed")
 *   form     -> the form's longest header     ("service request from r d by international licensee operations")
 * Classes whose labels hold nothing a person would type (scientific_paper: an arXiv id only; report,
 * letter: no fields; bad: defects) give no query. Values are normalised as a person types: lower case,
 * acronym dots dropped (S.H.H. -> shh), apostrophes dropped, other punctuation becomes a space, single
 * letters dropped, at most 8 words. Null or empty values are skipped; a class whose query would be empty
 * gives none.
 *
 * Judgements: the relevant set of a query is the document(s) whose sha256 is that of the labelled file
 * (grade 1). Labelled files whose fields give the very same query (an invoice as PDF and as PNG; a
 * receipt printed twice) are one query whose relevant set holds all of them, so neither copy counts
 * against a ranker. Queries whose documents are not in the data folder (failed, not ingested) are dropped.
 *
 * Why this is a fair test: both rankers get the same documents and queries, and neither the queries nor
 * the judgements come from anything a ranker computed. It is not an easy one: label text often differs
 * from what OCR read (receipt company names, scanned forms), and titles of contracts are shared by many
 * documents, so the distinguishing words are few.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Api } from '../../electron/shared/contract/api.js';
import type { EvalDocument, EvalQuery, TestCollection } from './collections.js';

/** One line of labels.jsonl (the fields this module reads). */
export interface LabelRecord {
  path: string;
  class: string;
  sha256: string;
  fields?: Record<string, unknown> | null;
}

export interface KnownItemQuery {
  /** Labelled class the query was made from. */
  class: string;
  text: string;
  /** sha256 of every labelled file this query identifies. */
  sha256s: string[];
}

export const MAX_QUERY_WORDS = 8;

/** A field value as a person would type it (see the module comment); '' when nothing is left. */
export function normaliseQueryText(value: string, maxWords = MAX_QUERY_WORDS): string {
  const words = value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, ''))
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w !== '' && !(w.length === 1 && /\p{L}/u.test(w)));
  return words.slice(0, maxWords).join(' ');
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A party as written in CUAD ("Nanophase Technologies Corporation ("NTC")") without its defined alias. */
const partyName = (v: unknown): string =>
  text(v)
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\bd\/b\/a\b.*$/i, ' ');

/** Joins parts, each already capped, then caps the whole; '' when every part is empty. */
function compose(...parts: [string, number][]): string {
  const joined = parts
    .map(([v, cap]) => normaliseQueryText(v, cap))
    .filter(Boolean)
    .join(' ');
  return normaliseQueryText(joined);
}

/** The query a person would type to find this labelled document, or null when its labels give none. */
export function queryForLabel(label: LabelRecord): string | null {
  const f = label.fields ?? {};
  let q = '';
  switch (label.class) {
    case 'invoice':
      // Needs both: a vendor alone names a dozen invoices in the corpus.
      if (text(f.vendor) && text(f.invoice_number)) q = compose([text(f.vendor), 5], [text(f.invoice_number), 4]);
      break;
    case 'receipt':
      if (text(f.company) && text(f.date_raw)) q = compose([text(f.company), 5], [text(f.date_raw), 3]);
      break;
    case 'contract': {
      const parties = Array.isArray(f.parties) ? f.parties : [];
      if (text(f.title)) q = compose([text(f.title), 5], [partyName(parties[0]), 3]);
      break;
    }
    case 'resume':
      q = compose([text(f.name), 4]);
      break;
    case 'other':
      q = compose([text(f.subject), MAX_QUERY_WORDS]);
      break;
    case 'form': {
      // The longest header (in words) is usually the form's title; one-word headers ("Weights") are not.
      const headers = (Array.isArray(f.headers) ? f.headers : [])
        .map(text)
        .filter((h) => normaliseQueryText(h, 100).split(' ').length >= 2);
      const longest = headers.sort(
        (a, b) => normaliseQueryText(b, 100).split(' ').length - normaliseQueryText(a, 100).split(' ').length,
      )[0];
      if (longest) q = compose([longest, MAX_QUERY_WORDS]);
      break;
    }
    default:
      // scientific_paper (arXiv id only), report, letter (no fields), bad (defects): nothing a person types.
      break;
  }
  return q === '' ? null : q;
}

/** Queries from label records, one per distinct text (first class seen), in label-file order. */
export function buildKnownItemQueries(labels: readonly LabelRecord[]): KnownItemQuery[] {
  const byText = new Map<string, KnownItemQuery>();
  for (const label of labels) {
    const q = queryForLabel(label);
    if (q === null || !label.sha256) continue;
    const existing = byText.get(q);
    if (!existing) byText.set(q, { class: label.class, text: q, sha256s: [label.sha256] });
    else if (!existing.sha256s.includes(label.sha256)) existing.sha256s.push(label.sha256);
  }
  return [...byText.values()];
}

export function parseLabels(jsonl: string): LabelRecord[] {
  return jsonl
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LabelRecord);
}

/** A data-folder document as the index sees it, with its content hash. */
export interface KnownItemDocument extends EvalDocument {
  sha256: string | null;
}

export interface KnownItemCollection extends TestCollection {
  /** Queries made from labels whose documents are not in the data folder. */
  droppedQueries: number;
  /** Queries per class (kept ones). */
  queriesByClass: Record<string, number>;
}

export function knownItemCollection(
  documents: readonly KnownItemDocument[],
  labels: readonly LabelRecord[],
): KnownItemCollection {
  const idsBySha = new Map<string, number[]>();
  for (const d of documents) if (d.sha256) idsBySha.set(d.sha256, [...(idsBySha.get(d.sha256) ?? []), d.id]);
  const queries: EvalQuery[] = [];
  const judgements = new Map<number, Map<number, number>>();
  const queryClasses = new Map<number, string>();
  const queriesByClass: Record<string, number> = {};
  let dropped = 0;
  for (const q of buildKnownItemQueries(labels)) {
    const relevant = q.sha256s.flatMap((s) => idsBySha.get(s) ?? []);
    if (relevant.length === 0) {
      dropped++;
      continue;
    }
    const id = queries.length + 1;
    queries.push({ id, text: q.text });
    judgements.set(id, new Map(relevant.map((docId) => [docId, 1])));
    queryClasses.set(id, q.class);
    queriesByClass[q.class] = (queriesByClass[q.class] ?? 0) + 1;
  }
  return {
    name: 'known-items',
    documents: documents.map((d) => ({ id: d.id, title: d.title, text: d.text })),
    queries,
    judgements,
    queryClasses,
    droppedQueries: dropped,
    queriesByClass,
  };
}

type DocumentDetail = Awaited<ReturnType<Api['getDocument']>>;

/** Mirrors indexStage.ts `toIndexDocument`: text by page joined, title field (as indexed) else file name. */
export function indexedDocument(detail: DocumentDetail): KnownItemDocument {
  const pages = [...detail.pageTexts].sort((a, b) => a.page - b.page);
  const titleField = detail.fields.find((f) => f.name === 'title');
  let title: unknown = titleField ? (titleField.normalized ?? titleField.value) : undefined;
  // indexValue() turns numeric-looking strings (not years) into numbers, which then are no title.
  if (typeof title === 'string' && /^-?\d+(\.\d+)?$/.test(title) && !/^\d{4}$/.test(title)) title = undefined;
  return {
    id: detail.id,
    sha256: detail.sha256,
    title: typeof title === 'string' && title ? title : basename(detail.paths[0] ?? `document ${detail.id}`),
    text: pages.map((p) => p.text).join('\n\n'),
  };
}

/** Reads the completed documents of a data folder through the API and the labels file, and builds the collection. */
export async function loadKnownItemCollection(
  api: Pick<Api, 'listDocuments' | 'getDocument'>,
  labelsFile: string,
): Promise<KnownItemCollection> {
  const labels = parseLabels(await readFile(labelsFile, 'utf8'));
  const documents: KnownItemDocument[] = [];
  for (const summary of await api.listDocuments({ state: 'completed' }))
    documents.push(indexedDocument(await api.getDocument({ ref: summary.id })));
  return knownItemCollection(documents, labels);
}
