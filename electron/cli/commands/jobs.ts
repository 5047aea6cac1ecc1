/** `jobs retry` and `reprocess`: putting work back in the pipeline. */
import { defineCommand, EXIT_OK } from '../command.js';
import { booleanFlag, UsageError } from '../flags.js';
import { waitForIdleQueue } from '../waiting.js';
import { counted } from '../wording.js';

export const jobs = defineCommand({
  name: 'jobs',
  operands: 'retry <jobId>',
  summary: 'put discarded jobs back in the queue',
  flags: {
    'all-discarded': booleanFlag('every discarded job'),
  },
  core: 'pipeline',
  async run({ api, args, flags, print }) {
    if (args[0] !== 'retry') throw new UsageError('Usage: docpipe jobs retry <jobId|--all-discarded>');
    let input: { jobId: number } | { allDiscarded: true };
    if (flags['all-discarded']) input = { allDiscarded: true };
    else {
      const id = Number(args[1]);
      if (!Number.isInteger(id)) throw new UsageError('jobs retry needs a job id or --all-discarded.');
      input = { jobId: id };
    }
    print(await api.retryJobs(input));
    return EXIT_OK;
  },
  text: ({ retried }: { retried: number }) =>
    `${counted(retried, 'job')} back in the queue. Run "docpipe ingest" on the folder, or keep "docpipe serve" running, to process them.\n`,
});

export const reprocess = defineCommand({
  name: 'reprocess',
  operands: '<id|path>',
  summary: 'run documents through the pipeline again (corrections are kept)',
  flags: {
    all: booleanFlag('every document'),
  },
  core: 'pipeline',
  async run({ api, args, flags, print }) {
    const ref = args[0];
    const input = flags.all ? ({ all: true } as const) : ref ? { ref } : null;
    if (!input) throw new UsageError('reprocess needs a document id or path, or --all.');
    const { queued } = await api.reprocess(input);
    await waitForIdleQueue(api);
    print({ queued });
    return EXIT_OK;
  },
  text: ({ queued }: { queued: number }) => `${counted(queued, 'document')} processed again.\n`,
});
