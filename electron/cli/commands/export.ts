/** `export`: metadata to CSV. */
import { defineCommand, EXIT_OK } from '../command.js';
import { booleanFlag, contractFlag, requiredFlag } from '../flags.js';
import { counted } from '../wording.js';

export const exportCsv = defineCommand({
  name: 'export',
  operands: '',
  summary: 'metadata to CSV, one row per document',
  flags: {
    csv: requiredFlag(
      contractFlag('exportCsv', 'path', { placeholder: 'FILE', help: 'the file to write (replaced if it exists)' }),
    ),
    type: contractFlag('exportCsv', 'type', {
      placeholder: 'T',
      help: 'only documents of this type, with its fields as columns',
    }),
    fields: contractFlag('exportCsv', 'fields', { placeholder: 'a,b', help: 'only these field columns' }),
    'min-confidence': contractFlag('exportCsv', 'minConfidence', {
      placeholder: 'X',
      help: 'leave a field empty when its confidence is below X',
    }),
    bom: booleanFlag('start with a byte order mark, so Excel reads the file as UTF-8'),
  },
  core: 'read',
  async run({ api, flags, print }) {
    const minConfidence = flags['min-confidence'];
    print(
      await api.exportCsv({
        path: flags.csv,
        bom: flags.bom,
        ...(flags.type && { type: flags.type }),
        ...(flags.fields && { fields: flags.fields }),
        ...(minConfidence !== undefined && { minConfidence }),
      }),
    );
    return EXIT_OK;
  },
  text: (result: { path: string; rows: number }) => `${counted(result.rows, 'row')} written to ${result.path}.\n`,
});
