/** `docs` and `show`: the documents, as a list and one by one. */
import type { DocumentDetail, DocumentSummary } from '../../shared/contract/documents.js';
import type { DocumentState } from '../../shared/contract/jobs.js';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { defineCommand, EXIT_OK } from '../command.js';
import { contractFlag, UsageError } from '../flags.js';
import { counted, fieldText, inlineValue, percent, printable, sourceText } from '../wording.js';

interface DocumentList {
  documents: DocumentSummary[];
  /** The state asked for with --state, if any. */
  state: DocumentState | undefined;
}

export const docs = defineCommand({
  name: 'docs',
  operands: '',
  summary: 'list documents: path, state, type and its confidence, fields and theirs',
  flags: {
    state: contractFlag('listDocuments', 'state', { placeholder: 'S', help: 'only documents in this state' }),
  },
  core: 'read',
  async run({ api, flags, print }) {
    print({ documents: await api.listDocuments(flags.state ? { state: flags.state } : {}), state: flags.state });
    return EXIT_OK;
  },
  json: ({ documents }: DocumentList) => documents,
  text: ({ documents, state }: DocumentList) =>
    documents.length === 0
      ? state
        ? `No ${state} documents.\n`
        : 'No documents yet: "docpipe ingest <folder>" adds some.\n'
      : documents.map(documentEntry).join(''),
});

/** Review states in the words the UI uses. */
const REVIEW_TEXT: Record<DocumentSummary['review'], string> = {
  pending: 'not understood yet',
  needs_review: 'needs review',
  ok: 'confident',
  reviewed: 'reviewed',
};

/**
 * One document of `docs`: its id and path; its state, type and kind of file; its fields with their
 * confidence (or why it failed), each on a line of its own under the id.
 */
export function documentEntry(doc: DocumentSummary): string {
  const [path = '(no path)', ...more] = doc.paths;
  const what = [
    doc.state === 'completed' ? `${doc.state}, ${REVIEW_TEXT[doc.review]}` : doc.state,
    doc.type && `${doc.type}${doc.typeConfidence === null ? '' : ` ${percent(doc.typeConfidence)}`}`,
    [doc.mime, doc.pages === null ? null : counted(doc.pages, 'page'), doc.ocr ? 'OCR' : null]
      .filter(Boolean)
      .join(', '),
  ].filter(Boolean);
  let out = `${String(doc.id).padStart(6)}  ${printable(path)}${more.length ? ` (and ${counted(more.length, 'other path')})` : ''}\n`;
  out += `        ${what.join('; ')}\n`;
  if (doc.error) out += `        failed: ${printable(doc.error.message)} [${doc.error.code}]\n`;
  if (doc.fields.length)
    out += `        ${doc.fields.map((f) => `${f.name}: ${printable(inlineValue(fieldText(f)))} (${percent(f.confidence)})`).join(', ')}\n`;
  return out;
}

export const show = defineCommand({
  name: 'show',
  operands: '<id|path>',
  summary: 'one document: its type, fields and text by page',
  flags: {},
  core: 'read',
  async run({ api, args, print }) {
    const ref = args[0];
    if (!ref) throw new UsageError('show needs a document id or path.');
    print(await api.getDocument({ ref }));
    return EXIT_OK;
  },
  text: documentText,
});

/** `show`: the facts, the type with its confidence, a table of fields (value, confidence, who), then the text. */
export function documentText(doc: DocumentDetail): string {
  const facts: [string, string][] = [
    ['state', doc.state === 'completed' ? `${doc.state}, ${REVIEW_TEXT[doc.review]}` : doc.state],
    [
      'file',
      [
        doc.mime,
        counted(doc.size, 'byte'),
        doc.pages === null ? null : counted(doc.pages, 'page'),
        doc.ocr ? 'OCR' : null,
      ]
        .filter(Boolean)
        .join(', '),
    ],
    ...doc.paths.map((p): [string, string] => ['path', printable(p)]),
    ['sha256', doc.sha256 ?? '-'],
  ];
  if (doc.error) facts.push(['error', `${printable(doc.error.message)} [${doc.error.code}]`]);
  if (doc.type)
    facts.push([
      'type',
      [
        doc.type,
        doc.typeConfidence === null ? null : `confidence ${percent(doc.typeConfidence)}`,
        doc.typeSource && sourceText(doc.typeSource, 'type'),
      ]
        .filter(Boolean)
        .join(', '),
    ]);
  let out = `Document ${doc.id}\n${aligned(facts.map(([k, v]) => [k, v]))
    .map((l) => `  ${l}\n`)
    .join('')}`;
  if (doc.fields.length) {
    const rows = doc.fields.map((f) => [
      f.name,
      printable(fieldText(f)) || '(empty)',
      percent(f.confidence),
      fieldSourceNote(f),
    ]);
    out += `\nFields (value, confidence):\n${aligned(rows)
      .map((l) => `  ${l}\n`)
      .join('')}`;
  } else if (doc.type) out += '\nNo fields found.\n';
  for (const page of doc.pageTexts) {
    const how = page.method === 'ocr' ? ` (OCR, confidence ${percent(page.ocrConfidence ?? 0)})` : '';
    out += `\n--- page ${page.page}${how} ---\n${printable(page.text, true)}\n`;
  }
  return out;
}

/** Who gave a field its value, when it was not the built-in rules (the usual case, left unsaid). */
function fieldSourceNote(field: FieldValue): string {
  return field.source === 'embedded' ? '' : sourceText(field.source, 'field');
}

/** Rows of cells as lines whose columns line up (trailing spaces trimmed). */
function aligned(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** A field as `set` prints it: the normalized value when there is one, quoted. */
export function fieldValue(f: FieldValue): string {
  return JSON.stringify(f.normalized ?? f.value);
}
