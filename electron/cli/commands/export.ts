/** `export`: metadata to CSV. */
import { defineCommand, EXIT_OK } from '../command.js';
import { booleanFlag, contractFlag, requiredFlag } from '../flags.js';
import { counted } from '../wording.js';

export const exportCsv = defineCommand({
  name: 'export',
  operands: '',
  summary: 'metadata to CSV, one row per document',
  details:
    'Refuses a file inside the data folder, and an existing file unless --force. Without --type or --fields, the\n' +
    'columns are the fields several types share (date, total, currency, title, subject…).',
  flags: {
    csv: requiredFlag(
      contractFlag('exportCsv', 'path', {
        placeholder: 'FILE',
        help: 'the file to write (a new file, unless --force)',
      }),
    ),
    force: booleanFlag('replace FILE when it exists'),
    type: contractFlag('exportCsv', 'type', {
      placeholder: 'T',
      help: 'only documents of this type, with its fields as columns',
    }),
    fields: contractFlag('exportCsv', 'fields', { placeholder: 'a,b', help: 'only these field columns' }),
    state: contractFlag('exportCsv', 'state', { placeholder: 'S', help: 'only documents in this state' }),
    'review-status': contractFlag('exportCsv', 'review', {
      placeholder: 'R',
      help: 'only documents with this review status',
    }),
    'min-confidence': contractFlag('exportCsv', 'minConfidence', {
      placeholder: 'X',
      help: 'leave a field empty when its confidence is below X',
    }),
    bom: booleanFlag('start with a byte order mark, so Excel reads the file as UTF-8'),
  },
  core: 'read',
  async run({ api, flags, print }) {
    const minConfidence = flags['min-confidence'];
    const review = flags['review-status'];
    print(
      await api.exportCsv({
        path: flags.csv,
        bom: flags.bom,
        force: flags.force,
        ...(flags.type && { type: flags.type }),
        ...(flags.fields && { fields: flags.fields }),
        ...(flags.state && { state: flags.state }),
        ...(review && { review }),
        ...(minConfidence !== undefined && { minConfidence }),
      }),
    );
    return EXIT_OK;
  },
  text: (result: { path: string; rows: number }) => `${counted(result.rows, 'row')} written to ${result.path}.\n`,
});
