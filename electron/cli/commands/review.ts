/** `review`, `set` and `confirm`: what needs a person's look, and that person's corrections. */
import type { ReviewItem } from '../../shared/contract/api.js';
import type { DocumentDetail } from '../../shared/contract/documents.js';
import { DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import { defineCommand, EXIT_OK } from '../command.js';
import { contractFlag, UsageError } from '../flags.js';
import { waitForDocument } from '../waiting.js';
import { fieldValue } from './documents.js';

export const review = defineCommand({
  name: 'review',
  operands: '',
  summary: 'documents needing review, lowest confidence first',
  flags: {
    below: contractFlag('review', 'below', {
      placeholder: 'X',
      help: 'list documents whose type or a field is less confident than X',
    }),
    limit: contractFlag('review', 'limit', { placeholder: 'N', help: 'at most N documents' }),
  },
  core: 'read',
  async run({ api, flags, print }) {
    print(
      await api.review({
        ...(flags.below !== undefined && { below: flags.below }),
        ...(flags.limit !== undefined && { limit: flags.limit }),
      }),
    );
    return EXIT_OK;
  },
  text: (items: ReviewItem[]) =>
    items.length === 0
      ? 'Nothing needs review.\n'
      : items
          .map(
            (i) =>
              `${String(i.id).padStart(6)}  ${i.lowestConfidence.toFixed(2)}  ${(i.type ?? '-').padEnd(16)} ${i.reasons.join(', ')}  ${i.paths[0] ?? ''}\n`,
          )
          .join(''),
});

export const set = defineCommand({
  name: 'set',
  operands: '<id|path> type=<type> | <field>=<value>...',
  summary: "correct a document's type or a field (kept, and learned from)",
  details: `Types: ${DocumentType.options.join(', ')}.\nA field's value is written as a person would; dates, amounts and currencies are normalized by the field's kind.`,
  flags: {},
  core: 'pipeline',
  async run({ api, args, print }) {
    const [ref, ...assignments] = args;
    if (!ref || assignments.length === 0)
      throw new UsageError('Usage: docpipe set <id|path> type=<type> | <field>=<value> ...');
    const pairs = assignments.map((assignment) => {
      const eq = assignment.indexOf('=');
      if (eq <= 0) throw new UsageError(`"${assignment}" is not name=value.`);
      return { name: assignment.slice(0, eq), value: assignment.slice(eq + 1) };
    });
    let doc: DocumentDetail | null = null;
    for (const { name, value } of pairs) {
      if (name === 'type') {
        // The api checks the type against the contract and says which ones there are.
        doc = await api.setType({ ref, type: value as DocumentType });
        // The fields of the new type are extracted again: wait for that, so `set` then `show` agree.
        doc = await waitForDocument(api, doc.id);
      } else {
        doc = await api.setField({ ref, field: name, value });
      }
    }
    if (doc) print(doc);
    return EXIT_OK;
  },
  text: (doc: DocumentDetail) =>
    `Document ${doc.id}: type ${doc.type} (${doc.typeSource}); ${doc.fields.map((f) => `${f.name}=${fieldValue(f)}${f.source === 'user' ? ' (yours)' : ''}`).join(', ')}\n`,
});

export const confirm = defineCommand({
  name: 'confirm',
  operands: '<id|path>',
  summary: 'mark a document as reviewed as it is',
  flags: {},
  core: 'read',
  async run({ api, args, print }) {
    if (!args[0]) throw new UsageError('confirm needs a document id or path.');
    print(await api.confirm({ ref: args[0] }));
    return EXIT_OK;
  },
  text: (doc: DocumentDetail) => `Document ${doc.id} marked as reviewed.\n`,
});
