/**
 * The evaluation room's CLI commands, `docpipe eval` and `docpipe eval-search`. bin/docpipe.js hands
 * them to the CLI as extensions, so the product's code never imports research code.
 */
import { UsageError, waitForBatch, type CommandExtension } from '../../electron/cli/main.js';
import { runEval } from './evalCommand.js';
import { runEvalSearch } from './evalSearchCommand.js';

export const evaluationCommands: Readonly<Record<string, CommandExtension>> = {
  'eval-search': {
    usage: `  eval-search --collection cranfield|cisi DIR   nDCG@10, MAP, MRR of the embedded search on an IR test collection,
                                             beside a plain FTS5 BM25 baseline
  eval-search --collection known-items --data DIR --labels FILE
                                             the same, on "find that document" queries made from the labels of
                                             an already-ingested labelled corpus
`,
    // Needs no data folder of its own: the collection is indexed into a temporary one (known-items reads --data).
    core: 'none',
    run: ({ args, values, io }) => runEvalSearch(args, { collection: values.collection, json: values.json, data: values.data, labels: values.labels }, io),
  },
  eval: {
    usage: `  eval --labels FILE                         ingest the labelled documents into a temporary data folder and
                                             score type and field predictions (accuracy, macro-F1, exact match)
`,
    core: 'pipeline',
    run: ({ core, values, io, isStopping }) => {
      if (!values.labels) throw new UsageError('eval needs --labels FILE (labels.jsonl).');
      if (!core) throw new Error('eval runs with a core');
      return runEval({ api: core.api, io, values }, values.labels, (summary) => waitForBatch(core, summary, isStopping, values.json));
    },
  },
};
