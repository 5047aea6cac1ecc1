/**
 * Every string an extraction yields, made well-formed UTF-16 (a lone surrogate becomes U+FFFD) in one
 * place: the last step before the output leaves the extraction thread for the store. SQLite would
 * otherwise store a lone surrogate as bytes that are not UTF-8, and every later read of the text (search,
 * export, the UI) would carry them. Sources: an RTF \uN of a surrogate, a PDF string, text cut by a budget
 * between the two halves of a pair.
 */
import type { ExtractOutput } from '../../../electron/shared/contract/extract.js';

const wellFormed = (text: string): string => (text.isWellFormed() ? text : text.toWellFormed());

export function wellFormedOutput(output: ExtractOutput): ExtractOutput {
  return {
    ...output,
    pages: output.pages.map((page) => ({
      ...page,
      text: wellFormed(page.text),
      // Words are checked in place: a copy of 200,000 words costs memory for nothing when all are fine.
      words: page.words.every((w) => w.text.isWellFormed())
        ? page.words
        : page.words.map((w) => ({ ...w, text: wellFormed(w.text) })),
    })),
    attachments: output.attachments.map((a) => ({ ...a, fileName: wellFormed(a.fileName), mime: wellFormed(a.mime) })),
    warnings: output.warnings.map(wellFormed),
    ...(output.eInvoice
      ? {
          eInvoice: {
            ...output.eInvoice,
            fileName: wellFormed(output.eInvoice.fileName),
            fields: Object.fromEntries(
              Object.entries(output.eInvoice.fields).map(([k, v]) => [k, v === undefined ? v : wellFormed(v)]),
            ),
          },
        }
      : {}),
  };
}
