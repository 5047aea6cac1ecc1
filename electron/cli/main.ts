/**
 * The CLI: argument parsing and printing over the engine's typed API, nothing else. It never touches
 * the store directly, so what it can do is exactly what the desktop app and the server can do.
 *
 * Exit codes: 0 success, 1 some documents failed (the summary says which), 2 usage or environment error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Api, BatchProgress, IngestSummary } from '../shared/contract/api.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { defaultDataDir } from '../core/config.js';
import { createCore, resumeWatching, type Core } from '../core/createCore.js';
import { ProgressLine } from './progress.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp, runServe } from './commands/serve.js';
import { snippetParts } from '../shared/contract/search.js';

export const EXIT_OK = 0;
export const EXIT_FAILURES = 1;
export const EXIT_USAGE = 2;

const USAGE_TEMPLATE = `docpipe — offline document pipeline

Usage: docpipe <command> [options]

Commands:
  app                                        open the desktop app (or, where Electron cannot start, serve the UI)
  serve [--port N] [--host 127.0.0.1]        serve the UI and the API on loopback (token in the printed URL)
  ingest <path>... [--watch] [--workers N]   ingest files and folders; waits until every document is done
  status                                     documents and jobs by state
  docs [--state S]                           list documents (queued|processing|completed|failed)
  show <id|path>                             one document with its text by page
  jobs retry <jobId|--all-discarded>         put discarded jobs back in the queue
  unwatch <folder>                           stop watching a folder
  review [--below 0.8] [--limit N]           documents needing review, lowest confidence first
  set <id|path> type=<type> | <field>=<value>   correct a document's type or a field (kept, and learned from)
  confirm <id|path>                          mark a document as reviewed as it is
  reprocess <id|path|--all>                  run documents through the pipeline again (corrections are kept)
  export --csv FILE [--type T] [--fields a,b] [--min-confidence X] [--bom]
                                             metadata to CSV, one row per document
  search "<query>" [--limit N] [--mode M]    search: words, "phrases", -not, pre*, type:invoice, vendor:acme, total>100,
                                             date:2023-01..2023-06, path:/folder (mode: hybrid|lexical|vector)
  reindex                                    rebuild the search index from the store
%EXTENSIONS%
Options for every command:
  --data DIR    data folder (default: $DOCPIPE_DATA, else ${defaultDataDir()})
  --json        machine output: one JSON value on stdout, logs on stderr
  --verbose     log to stderr too
  --ollama URL  use an Ollama server (or set DOCPIPE_OLLAMA_HOST), e.g. http://127.0.0.1:11434
  -h, --help    this text
`;

const common = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  workers: { type: 'string' },
  watch: { type: 'boolean', default: false },
  state: { type: 'string' },
  'all-discarded': { type: 'boolean', default: false },
  all: { type: 'boolean', default: false },
  below: { type: 'string' },
  limit: { type: 'string' },
  csv: { type: 'string' },
  type: { type: 'string' },
  fields: { type: 'string' },
  'min-confidence': { type: 'string' },
  bom: { type: 'boolean', default: false },
  labels: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  collection: { type: 'string' },
  ollama: { type: 'string' },
  mode: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export class UsageError extends Error {}

/**
 * A command that lives outside the product (the evaluation room's `eval` and `eval-search`): the entry
 * point (bin/docpipe.js) passes these in, so product code never imports research code.
 */
export interface CommandExtension {
  /** Its lines of the usage text, already indented like the others. */
  usage: string;
  /**
   * 'none': runs before any core is opened (it opens what it needs itself);
   * 'pipeline': gets a core with its pipeline running, in a temporary data folder unless --data is given.
   */
  core: 'none' | 'pipeline';
  run(ctx: ExtensionContext): Promise<number>;
}

/** What an extension gets: the parsed arguments, and the core when it asked for one. */
export interface ExtensionContext extends Omit<CommandContext, 'api' | 'core' | 'values'> {
  values: CommandContext['values'] & { data?: string | undefined; collection?: string | undefined };
  core: Core | null;
}

export interface MainOptions {
  /** Whether SIGINT/SIGTERM arrived before main() could listen (bin/docpipe.js records them while loading). */
  signalledBeforeStart?: () => boolean;
  /** Commands from outside the product (evaluation), by name. */
  extensions?: Readonly<Record<string, CommandExtension>>;
}

export async function main(argv: readonly string[], io: Io = defaultIo, options: MainOptions = {}): Promise<number> {
  const extensions = options.extensions ?? {};
  const USAGE = USAGE_TEMPLATE.replace('%EXTENSIONS%\n', Object.values(extensions).map((e) => e.usage).join(''));
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: common, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const extension = command && Object.hasOwn(extensions, command) ? extensions[command] : undefined;
  if (values.help || !command) {
    io.stdout(USAGE);
    return command || values.help ? EXIT_OK : EXIT_USAGE;
  }

  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
    io.stderr(`--workers takes a whole number of threads (1 or more), not "${values.workers}".\n`);
    return EXIT_USAGE;
  }
  // An Ollama server joins classification, extraction and search vectors when one is named.
  const ollamaHost = values.ollama ?? process.env.DOCPIPE_OLLAMA_HOST;
  if (extension?.core === 'none') {
    try {
      return await extension.run({ core: null, args: rest, values, io, isStopping: () => false });
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(`${error.message}\n\n${USAGE}`);
        return EXIT_USAGE;
      }
      io.stderr(`${AppError.wrap(error).message}\n`);
      return EXIT_FAILURES;
    }
  }
  if (command === 'app') {
    // Electron opens the data folder itself; a core is opened here only if it falls back to the browser.
    const dataDir = values.data ?? defaultDataDir();
    const openCore = () =>
      createCore({ dataDir, workers, runPipeline: true, log: { stderrLevel: values.verbose ? 'info' : 'warn' }, ...(ollamaHost && { llm: { host: ollamaHost } }) });
    return runApp({ dataDir, openCore, port: values.port, host: values.host, json: values.json }, io);
  }
  // Installed before the core opens, so a signal during startup also stops cleanly.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    io.stderr('\nStopping: running jobs finish or go back to the queue; run the same command again to resume.\n');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (options.signalledBeforeStart?.()) stop();

  const needsPipeline = ['ingest', 'jobs', 'set', 'reprocess', 'serve'].includes(command) || extension?.core === 'pipeline';
  let core: Core;
  // An extension's core without --data works in a temporary data folder, removed when it is done.
  const temporaryData = extension && !values.data ? mkdtempSync(join(tmpdir(), `docpipe-${command}-`)) : null;
  try {
    core = await createCore({
      dataDir: values.data ?? temporaryData ?? defaultDataDir(),
      workers,
      runPipeline: needsPipeline,
      log: { stderrLevel: values.verbose ? 'info' : 'warn' },
      ...(ollamaHost && { llm: { host: ollamaHost } }),
    });
  } catch (error) {
    const appError = AppError.wrap(error, ErrorCode.INTERNAL, 'docpipe could not open its data folder');
    io.stderr(`${appError.message}\n`);
    if (temporaryData) rmSync(temporaryData, { recursive: true, force: true });
    return EXIT_USAGE;
  }

  try {
    if (extension) return await extension.run({ core, args: rest, values, io, isStopping: () => stopping });
    const run = commandsTable[command];
    if (!run) throw new UsageError(`Unknown command "${command}".`);
    return await run({ api: core.api, core, args: rest, values, io, isStopping: () => stopping });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    const appError = AppError.wrap(error);
    if (values.json) io.stdout(`${JSON.stringify({ error: appError.toJSON() })}\n`);
    io.stderr(`${appError.message}\n`);
    return appError.code === ErrorCode.NOT_FOUND || appError.code === ErrorCode.INVALID_ARGUMENT ? EXIT_USAGE : EXIT_FAILURES;
  } finally {
    // The handlers stay until the core is closed: a signal during shutdown must not cut it short.
    await core.dispose({ graceMs: stopping ? 5_000 : 10_000 });
    if (temporaryData) rmSync(temporaryData, { recursive: true, force: true });
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export interface CommandContext {
  api: Api;
  core: Core;
  args: string[];
  values: {
    json: boolean;
    watch: boolean;
    state?: string | undefined;
    'all-discarded': boolean;
    all: boolean;
    below?: string | undefined;
    limit?: string | undefined;
    csv?: string | undefined;
    type?: string | undefined;
    fields?: string | undefined;
    'min-confidence'?: string | undefined;
    bom: boolean;
    labels?: string | undefined;
    port?: string | undefined;
    host?: string | undefined;
    mode?: string | undefined;
  };
  io: Io;
  isStopping: () => boolean;
}

const commandsTable: Record<string, (ctx: CommandContext) => Promise<number>> = {
  serve: ({ core, values, io, isStopping }) => runServe(core, { port: values.port, host: values.host, json: values.json }, io, isStopping),

  async ingest({ api, core, args, values, io, isStopping }) {
    if (args.length === 0) throw new UsageError('ingest needs at least one file or folder.');
    const started = Date.now();
    if (values.watch) await resumeWatching(core);
    const summary = await api.ingest({ paths: args, watch: values.watch });
    const progress = await waitForBatch(core, summary, isStopping, values.json);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const result = { ...summary, completed: progress.completed, discarded: progress.failed, pending: progress.pending, seconds };
    if (values.json) {
      io.stdout(`${JSON.stringify(result)}\n`);
    } else {
      io.stdout(
        `${summary.found} files: ${summary.new} new, ${summary.changed} changed, ${summary.unchanged} unchanged, ${summary.duplicates} duplicates.\n` +
          `${progress.completed} documents completed, ${progress.failed} failed${progress.pending ? `, ${progress.pending} still pending (stopped)` : ''} in ${seconds} s.\n`,
      );
      for (const f of progress.failures.slice(0, 50)) io.stdout(`  failed ${f.id} ${f.path}: ${f.code}: ${f.message}\n`);
      if (progress.failures.length > 50) io.stdout(`  … and ${progress.failures.length - 50} more (docpipe docs --state failed)\n`);
    }
    if (values.watch && !isStopping()) {
      io.stderr('Watching for changes; press Ctrl-C to stop.\n');
      while (!isStopping()) await sleep(250);
    }
    return progress.failed > 0 ? EXIT_FAILURES : EXIT_OK;
  },

  async status({ api, values, io }) {
    const { documents, jobs, watched } = await api.status({});
    if (values.json) io.stdout(`${JSON.stringify({ documents, jobs, watched })}\n`);
    else {
      io.stdout(`${documents} documents\njobs: ${Object.entries(jobs).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
      if (watched.length) io.stdout(`watching: ${watched.join(', ')}\n`);
    }
    return EXIT_OK;
  },

  async docs({ api, values, io }) {
    const state = values.state as 'queued' | 'processing' | 'completed' | 'failed' | undefined;
    const docs = await api.listDocuments(state ? { state } : {});
    if (values.json) {
      io.stdout(`${JSON.stringify(docs)}\n`);
      return EXIT_OK;
    }
    for (const d of docs) {
      const err = d.error ? `  ${d.error.code}: ${d.error.message}` : '';
      io.stdout(`${String(d.id).padStart(6)}  ${d.state.padEnd(10)} ${d.mime.padEnd(28)} ${String(d.pages ?? '-').padStart(4)}p ${d.ocr ? 'ocr' : '   '}  ${d.paths[0] ?? ''}${err}\n`);
    }
    return EXIT_OK;
  },

  async show({ api, args, values, io }) {
    const ref = args[0];
    if (!ref) throw new UsageError('show needs a document id or path.');
    const doc = await api.getDocument({ ref });
    if (values.json) {
      io.stdout(`${JSON.stringify(doc)}\n`);
      return EXIT_OK;
    }
    io.stdout(`Document ${doc.id} (${doc.state}) ${doc.mime}, ${doc.size} bytes, sha256 ${doc.sha256 ?? '-'}\n`);
    for (const p of doc.paths) io.stdout(`  ${p}\n`);
    if (doc.error) io.stdout(`error: ${doc.error.code}: ${doc.error.message}\n`);
    for (const page of doc.pageTexts) {
      const how = page.method === 'ocr' ? ` (OCR, confidence ${Math.round((page.ocrConfidence ?? 0) * 100)}%)` : '';
      io.stdout(`\n--- page ${page.page}${how} ---\n${page.text}\n`);
    }
    return EXIT_OK;
  },

  async jobs({ api, args, values, io }) {
    if (args[0] !== 'retry') throw new UsageError('Usage: docpipe jobs retry <jobId|--all-discarded>');
    let input: { jobId: number } | { allDiscarded: true };
    if (values['all-discarded']) input = { allDiscarded: true };
    else {
      const id = Number(args[1]);
      if (!Number.isInteger(id)) throw new UsageError('jobs retry needs a job id or --all-discarded.');
      input = { jobId: id };
    }
    const { retried } = await api.retryJobs(input);
    if (values.json) io.stdout(`${JSON.stringify({ retried })}\n`);
    else io.stdout(`${retried} job(s) back in the queue. Run "docpipe ingest" on the folder, or keep "docpipe serve" running, to process them.\n`);
    return EXIT_OK;
  },

  async review({ api, values, io }) {
    const below = values.below === undefined ? undefined : numberIn(values.below, '--below', 0, 1);
    const limit = values.limit === undefined ? undefined : numberIn(values.limit, '--limit', 1, 1e9);
    const items = await api.review({ ...(below !== undefined && { below }), ...(limit !== undefined && { limit }) });
    if (values.json) io.stdout(`${JSON.stringify(items)}\n`);
    else if (items.length === 0) io.stdout('Nothing needs review.\n');
    else for (const i of items) io.stdout(`${String(i.id).padStart(6)}  ${i.lowestConfidence.toFixed(2)}  ${(i.type ?? '-').padEnd(16)} ${i.reasons.join(', ')}  ${i.paths[0] ?? ''}\n`);
    return EXIT_OK;
  },

  async set({ api, core, args, values, io }) {
    const [ref, ...assignments] = args;
    if (!ref || assignments.length === 0) throw new UsageError('Usage: docpipe set <id|path> type=<type> | <field>=<value> ...');
    let doc;
    for (const assignment of assignments) {
      const eq = assignment.indexOf('=');
      if (eq <= 0) throw new UsageError(`"${assignment}" is not name=value.`);
      const name = assignment.slice(0, eq);
      const value = assignment.slice(eq + 1);
      if (name === 'type') {
        doc = await api.setType({ ref, type: value as never });
        // The fields of the new type are extracted again: wait for that, so `set` then `show` agree.
        doc = await waitForDocument(core, doc.id);
      } else {
        doc = await api.setField({ ref, field: name, value });
      }
    }
    if (values.json) io.stdout(`${JSON.stringify(doc)}\n`);
    else io.stdout(`Document ${doc!.id}: type ${doc!.type} (${doc!.typeSource}); ${doc!.fields.map((f) => `${f.name}=${JSON.stringify(f.normalized ?? f.value)}${f.source === 'user' ? ' (yours)' : ''}`).join(', ')}\n`);
    return EXIT_OK;
  },

  async confirm({ api, args, values, io }) {
    if (!args[0]) throw new UsageError('confirm needs a document id or path.');
    const doc = await api.confirm({ ref: args[0] });
    io.stdout(values.json ? `${JSON.stringify(doc)}\n` : `Document ${doc.id} marked as reviewed.\n`);
    return EXIT_OK;
  },

  async reprocess({ api, args, values, io }) {
    if (!values.all && !args[0]) throw new UsageError('reprocess needs a document id or path, or --all.');
    const { queued } = await api.reprocess(values.all ? { all: true } : { ref: args[0]! });
    for (;;) {
      const { jobs } = await api.status({});
      if (jobs.queued + jobs.running + jobs.retryable === 0) break;
      await sleep(200);
    }
    io.stdout(values.json ? `${JSON.stringify({ queued })}\n` : `${queued} document(s) processed again.\n`);
    return EXIT_OK;
  },

  async export({ api, values, io }) {
    if (!values.csv) throw new UsageError('export needs --csv FILE.');
    const minConfidence = values['min-confidence'] === undefined ? undefined : numberIn(values['min-confidence'], '--min-confidence', 0, 1);
    const result = await api.exportCsv({
      path: values.csv,
      bom: values.bom,
      ...(values.type && { type: values.type as never }),
      ...(values.fields && { fields: values.fields.split(',').map((f) => f.trim()).filter(Boolean) }),
      ...(minConfidence !== undefined && { minConfidence }),
    });
    io.stdout(values.json ? `${JSON.stringify(result)}\n` : `${result.rows} rows written to ${result.path}\n`);
    return EXIT_OK;
  },

  async search({ api, args, values, io }) {
    if (args.length === 0) throw new UsageError('search needs a query, e.g. docpipe search "invoice total>100".');
    const limit = values.limit === undefined ? undefined : numberIn(values.limit, '--limit', 1, 1000);
    const mode = values.mode as 'hybrid' | 'lexical' | 'vector' | undefined;
    const result = await api.search({ query: args.join(' '), ...(limit !== undefined && { limit }), ...(mode && { mode }) });
    if (values.json) {
      io.stdout(`${JSON.stringify(result)}\n`);
      return EXIT_OK;
    }
    const bold = process.stdout.isTTY ? (t: string) => `\u001b[1m${t}\u001b[22m` : (t: string) => `[${t}]`;
    io.stdout(`${result.total} documents${result.fallback ? ' (none had every word; showing documents with any of them)' : ''}, ${result.tookMs.toFixed(1)} ms\n`);
    for (const hit of result.hits) {
      const snippet = snippetParts(hit.snippet).map((p) => (p.highlight ? bold(p.text) : p.text)).join('').replace(/\s+/g, ' ');
      io.stdout(`\n${String(hit.id).padStart(6)}  ${hit.score.toFixed(3)}  ${hit.type ?? '-'}  ${hit.paths[0] ?? ''}${hit.page ? ` (page ${hit.page})` : ''}\n        ${snippet}\n`);
    }
    const facets = Object.entries(result.facets.type);
    if (facets.length) io.stdout(`\nby type: ${facets.map(([t, n]) => `${t} ${n}`).join(', ')}\n`);
    return EXIT_OK;
  },

  async reindex({ api, values, io }) {
    const result = await api.reindex({});
    io.stdout(values.json ? `${JSON.stringify(result)}\n` : `${result.indexed} documents indexed, ${result.removed} stale entries removed, in ${(result.tookMs / 1000).toFixed(1)} s.\n`);
    return EXIT_OK;
  },

  async unwatch({ api, args, values, io }) {
    const path = args[0];
    if (!path) throw new UsageError('unwatch needs a folder.');
    const result = await api.unwatch({ path });
    io.stdout(values.json ? `${JSON.stringify(result)}\n` : result.removed ? `No longer watching ${path}.\n` : `${path} was not watched.\n`);
    return EXIT_OK;
  },
};

/** Waits until every document of the batch is terminal (or the user stops), drawing progress on a terminal. */
export async function waitForBatch(core: Core, summary: IngestSummary, isStopping: () => boolean, quiet: boolean): Promise<BatchProgress> {
  const bar = new ProgressLine();
  let wakeUp: (() => void) | null = null;
  const unsubscribe = core.events.subscribe((event) => {
    if (event.correlationId === summary.batchId && (event.type === 'document.completed' || event.type === 'document.failed')) wakeUp?.();
  });
  try {
    for (;;) {
      const progress = await core.api.batchProgress({ batchId: summary.batchId });
      const total = progress.pending + progress.completed + progress.failed;
      if (!quiet) bar.update(progress.completed + progress.failed, total, progress.failed);
      if (progress.pending === 0 || isStopping()) {
        if (!quiet) bar.update(progress.completed + progress.failed, total, progress.failed, true);
        return progress;
      }
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        setTimeout(resolve, 500);
      });
    }
  } finally {
    unsubscribe();
    if (!quiet) bar.finish();
  }
}

/** Waits until a document is terminal again (after a correction re-ran its understanding). */
async function waitForDocument(core: Core, id: number) {
  for (;;) {
    const doc = await core.api.getDocument({ ref: id });
    if (doc.state === 'completed' || doc.state === 'failed') return doc;
    await sleep(100);
  }
}

function numberIn(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} takes a number from ${min} to ${max}, not "${text}".`);
  return n;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
