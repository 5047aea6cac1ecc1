/** `status`: how many documents, jobs by state, and the watched folders. */
import type { Status } from '../../shared/contract/api.js';
import { defineCommand, EXIT_OK } from '../command.js';
import { counted } from '../wording.js';

export const status = defineCommand({
  name: 'status',
  operands: '',
  summary: 'documents and jobs by state',
  flags: {},
  core: 'read',
  async run({ api, print }) {
    print(await api.status({}));
    return EXIT_OK;
  },
  json: ({ documents, jobs, watched }: Status) => ({ documents, jobs, watched }),
  text: ({ documents, jobs, watched }: Status) =>
    `${counted(documents, 'document')}\njobs: ${Object.entries(jobs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}\n` + (watched.length ? `watching: ${watched.join(', ')}\n` : ''),
});
