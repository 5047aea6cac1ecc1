/** `ingest` and `unwatch`: bringing files and folders in, and letting a watched folder go. */
import type { BatchProgress, IngestSummary } from '../../shared/contract/api.js';
import { resumeWatching } from '../../core/createCore.js';
import { defineCommand, EXIT_FAILURES, EXIT_OK } from '../command.js';
import { booleanFlag, UsageError } from '../flags.js';
import { waitForBatch, waitUntilStopped } from '../waiting.js';
import { counted } from '../wording.js';

/** Failures listed in the text output; --json and `docpipe docs --state failed` have them all. */
const FAILURES_LISTED = 50;

interface IngestReport {
  summary: IngestSummary;
  progress: BatchProgress;
  seconds: number;
}

export const ingest = defineCommand({
  name: 'ingest',
  operands: '<path>...',
  summary: 'ingest files and folders; waits until every document is done',
  flags: {
    watch: booleanFlag('keep watching the folders for changes (until Ctrl-C, and again whenever the pipeline runs)'),
  },
  core: 'pipeline',
  async run({ api, core, args, flags, options, io, isStopping, print }) {
    if (args.length === 0) throw new UsageError('ingest needs at least one file or folder.');
    const started = Date.now();
    if (flags.watch) await resumeWatching(core);
    const summary = await api.ingest({ paths: [...args], watch: flags.watch });
    const progress = await waitForBatch(core, summary, isStopping, options.json);
    print({ summary, progress, seconds: Math.round((Date.now() - started) / 100) / 10 });
    if (flags.watch && !isStopping()) {
      io.stderr('Watching for changes; press Ctrl-C to stop.\n');
      await waitUntilStopped(isStopping, 250);
    }
    return progress.failed > 0 ? EXIT_FAILURES : EXIT_OK;
  },
  json: ({ summary, progress, seconds }: IngestReport) => ({
    ...summary,
    completed: progress.completed,
    discarded: progress.failed,
    pending: progress.pending,
    seconds,
  }),
  text({ summary, progress, seconds }: IngestReport) {
    let out =
      `${counted(summary.found, 'file')}: ${summary.new} new, ${summary.changed} changed, ${summary.unchanged} unchanged, ${counted(summary.duplicates, 'duplicate')}.\n` +
      `${counted(progress.completed, 'document')} completed, ${progress.failed} failed${progress.pending ? `, ${progress.pending} still pending (stopped)` : ''} in ${seconds} s.\n`;
    for (const f of progress.failures.slice(0, FAILURES_LISTED))
      out += `  failed ${f.id} ${f.path}: ${f.message} [${f.code}]\n`;
    if (progress.failures.length > FAILURES_LISTED)
      out += `  … and ${progress.failures.length - FAILURES_LISTED} more (docpipe docs --state failed)\n`;
    return out;
  },
});

export const unwatch = defineCommand({
  name: 'unwatch',
  operands: '<folder>',
  summary: 'stop watching a folder',
  flags: {},
  core: 'read',
  async run({ api, args, print }) {
    const path = args[0];
    if (!path) throw new UsageError('unwatch needs a folder.');
    print({ path, ...(await api.unwatch({ path })) });
    return EXIT_OK;
  },
  json: ({ removed }: { path: string; removed: boolean }) => ({ removed }),
  text: ({ path, removed }: { path: string; removed: boolean }) =>
    removed ? `No longer watching ${path}.\n` : `${path} was not watched.\n`,
});
