/** `ingest`, `watched`, `pause`, `resume` and `unwatch`: bringing files and folders in, and the watched folders. */
import { isAbsolute, resolve } from 'node:path';
import type { BatchProgress, IngestSummary, WatchedFolder } from '../../shared/contract/api.js';
import { resumeWatching } from '../../core/createCore.js';
import { defineCommand, EXIT_FAILURES, EXIT_OK } from '../command.js';
import { booleanFlag, UsageError } from '../flags.js';
import { waitForBatch, waitUntilStopped } from '../waiting.js';
import { counted } from '../wording.js';

/**
 * A path operand as the engine takes it: relative paths are relative to where the command was typed (the
 * engine refuses them, since it cannot know that folder); `~/…` is left for the engine to expand.
 */
export function operandPath(operand: string): string {
  if (operand === '~' || /^~[/\\]/.test(operand) || isAbsolute(operand)) return operand;
  return resolve(operand);
}

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
    const summary = await api.ingest({ paths: args.map(operandPath), watch: flags.watch });
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
      `${counted(summary.found, 'file')}: ${summary.new} new, ${summary.changed} changed, ${summary.unchanged} unchanged, ${counted(summary.duplicates, 'duplicate')}` +
      `${summary.notFiles ? `; ${summary.notFiles} left out (not files: FIFOs, sockets or devices)` : ''}.\n` +
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
    print({ path, ...(await api.unwatch({ path: operandPath(path) })) });
    return EXIT_OK;
  },
  json: ({ removed }: { path: string; removed: boolean }) => ({ removed }),
  text: ({ path, removed }: { path: string; removed: boolean }) =>
    removed ? `No longer watching ${path}.\n` : `${path} was not watched.\n`,
});

export const watched = defineCommand({
  name: 'watched',
  operands: '',
  summary: 'the watched folders: followed or paused, documents, last scan',
  flags: {},
  core: 'read',
  async run({ api, print }) {
    print(await api.watchedFolders({}));
    return EXIT_OK;
  },
  text: (folders: WatchedFolder[]) =>
    folders.length === 0
      ? 'No folder is watched. Watch one with "docpipe ingest <folder> --watch".\n'
      : folders
          .map((f) => {
            const state = f.missing ? 'not found' : f.paused ? 'paused' : 'watching';
            const scanned = f.lastScanAt ? `last scan ${f.lastScanAt}` : 'never scanned';
            return `${state.padEnd(9)}  ${String(f.documents).padStart(6)} documents  ${scanned}  ${f.path}\n`;
          })
          .join(''),
});

export const pause = defineCommand({
  name: 'pause',
  operands: '<folder>',
  summary: 'stop following a watched folder for now (it stays listed; resume takes it up again)',
  flags: {},
  core: 'read',
  async run({ api, args, print }) {
    const path = args[0];
    if (!path) throw new UsageError('pause needs a watched folder.');
    print(await api.pauseWatch({ path: operandPath(path) }));
    return EXIT_OK;
  },
  text: (folder: WatchedFolder) => `Paused ${folder.path}; "docpipe resume ${folder.path}" follows it again.\n`,
});

export const resume = defineCommand({
  name: 'resume',
  operands: '<folder>',
  summary: 'follow a paused folder again (what changed meanwhile is scanned now)',
  flags: {},
  core: 'pipeline',
  async run({ api, core, args, options, isStopping, print }) {
    const path = args[0];
    if (!path) throw new UsageError('resume needs a watched folder.');
    const summary = await api.resumeWatch({ path: operandPath(path) });
    const progress = await waitForBatch(core, summary, isStopping, options.json);
    print({ path: operandPath(path), summary, progress });
    return progress.failed > 0 ? EXIT_FAILURES : EXIT_OK;
  },
  json: ({ summary, progress }: { path: string; summary: IngestSummary; progress: BatchProgress }) => ({
    ...summary,
    completed: progress.completed,
    discarded: progress.failed,
    pending: progress.pending,
  }),
  text: ({ path, summary }: { path: string; summary: IngestSummary; progress: BatchProgress }) =>
    `Watching ${path} again: ${summary.new} new, ${summary.changed} changed, ${summary.unchanged} unchanged since the pause.\n`,
});
