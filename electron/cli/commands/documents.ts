/** `docs` and `show`: the documents, as a list and one by one. */
import type { DocumentDetail, DocumentSummary } from '../../shared/contract/documents.js';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { defineCommand, EXIT_OK } from '../command.js';
import { contractFlag, UsageError } from '../flags.js';

export const docs = defineCommand({
  name: 'docs',
  operands: '',
  summary: 'list documents: id, state, type, kind of file, pages, path',
  flags: {
    state: contractFlag('listDocuments', 'state', { placeholder: 'S', help: 'only documents in this state' }),
  },
  core: 'read',
  async run({ api, flags, print }) {
    print(await api.listDocuments(flags.state ? { state: flags.state } : {}));
    return EXIT_OK;
  },
  text: (list: DocumentSummary[]) =>
    list
      .map((d) => {
        const err = d.error ? `  ${d.error.code}: ${d.error.message}` : '';
        return `${String(d.id).padStart(6)}  ${d.state.padEnd(10)} ${(d.type ?? '-').padEnd(16)} ${d.mime.padEnd(28)} ${String(d.pages ?? '-').padStart(4)}p ${d.ocr ? 'ocr' : '   '}  ${d.paths[0] ?? ''}${err}\n`;
      })
      .join(''),
});

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
  text(doc: DocumentDetail) {
    let out = `Document ${doc.id} (${doc.state}) ${doc.mime}, ${doc.size} bytes, sha256 ${doc.sha256 ?? '-'}\n`;
    for (const p of doc.paths) out += `  ${p}\n`;
    if (doc.error) out += `error: ${doc.error.code}: ${doc.error.message}\n`;
    if (doc.type)
      out += `type: ${doc.type} (${confidence(doc.typeConfidence)}${doc.typeSource ? `, ${doc.typeSource}` : ''})\n`;
    for (const f of doc.fields)
      out += `  ${f.name}: ${fieldValue(f)} (${confidence(f.confidence)}${f.source === 'user' ? ', yours' : ''})\n`;
    for (const page of doc.pageTexts) {
      const how = page.method === 'ocr' ? ` (OCR, confidence ${Math.round((page.ocrConfidence ?? 0) * 100)}%)` : '';
      out += `\n--- page ${page.page}${how} ---\n${page.text}\n`;
    }
    return out;
  },
});

/** A field as `set` prints it too: the normalized value when there is one, quoted. */
export function fieldValue(f: FieldValue): string {
  return JSON.stringify(f.normalized ?? f.value);
}

function confidence(value: number | null): string {
  return value === null ? '-' : value.toFixed(2);
}
