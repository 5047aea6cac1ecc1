/**
 * The evaluation room's CLI commands, `docpipe eval` and `docpipe eval-search`, declared like the
 * product's (electron/cli/command.ts). bin/docpipe.js hands them to the CLI, so the product's code never
 * imports research code.
 */
import { defineCommand, type CliCommand } from '../../electron/cli/command.js';
import { requiredFlag, textFlag } from '../../electron/cli/flags.js';
import { waitForBatch } from '../../electron/cli/waiting.js';
import { runEval } from './evalCommand.js';
import { runEvalSearch } from './evalSearchCommand.js';

const labels = textFlag(
  'FILE',
  'the labels: one JSON line per document, { path (relative to the file), class, fields }',
);

const evalSearch = defineCommand({
  name: 'eval-search',
  operands: '[DIR]',
  summary:
    'nDCG@10, MAP, MRR of the embedded search on an IR test collection (the cranfield\n' +
    'or cisi files in DIR), beside a plain FTS5 BM25 baseline; --collection known-items\n' +
    '--data DIR --labels FILE: the same on "find that document" queries made from the\n' +
    'labels of an already-ingested labelled corpus',
  flags: {
    collection: textFlag('NAME', 'cranfield (the default), cisi or known-items'),
    labels,
  },
  // Needs no data folder of its own: the collection is indexed into a temporary one (known-items reads --data).
  core: 'none',
  run: ({ args, flags, options, io }) =>
    runEvalSearch(
      args,
      { collection: flags.collection, json: options.json, data: options.data, labels: flags.labels },
      io,
    ),
});

const evaluate = defineCommand({
  name: 'eval',
  operands: '',
  summary:
    'ingest the labelled documents into a temporary data folder and\nscore type and field predictions (accuracy, macro-F1, exact match)',
  flags: { labels: requiredFlag(labels) },
  core: 'pipeline',
  scratchData: true,
  run: ({ api, core, flags, options, io, isStopping }) =>
    runEval({ api, io, values: { json: options.json } }, flags.labels, (summary) =>
      waitForBatch(core, summary, isStopping, options.json),
    ),
});

export const evaluationCommands: readonly CliCommand[] = [evaluate, evalSearch];
