import { join } from 'node:path';
import { packageRoot } from './packageRoot.js';
import { randomUUID } from 'node:crypto';
import type { Api } from '../shared/contract/api.js';
import type { EventListener } from './bus/EventBus.js';
import { EventBus } from './bus/EventBus.js';
import { CoreConfig, defaultWorkerCount, type CoreConfigInput } from './config.js';
import { FolderWatcher } from './ingest/FolderWatcher.js';
import { Ingestor } from './ingest/Ingestor.js';
import { createLogger, type Logger } from './log/logger.js';
import { createExtractStage, type ExtractService } from './pipeline/extractStage.js';
import { Orchestrator } from './pipeline/Orchestrator.js';
import { createExtractPool, createUnderstandPool } from './pipeline/WorkerPool.js';
import { createUnderstandStage } from './pipeline/understandStage.js';
import type { StageDefinition } from './pipeline/Stage.js';
import { ModelHost } from './inference/ModelHost.js';
import { completedDocumentBatches, createIndexStage } from './pipeline/indexStage.js';
import { createOllamaProvider } from './inference/ollama/OllamaProvider.js';
import { connectOllamaEmbedder } from './inference/ollama/OllamaEmbedder.js';
import type { Embedder } from './search/SearchBackend.js';
import { SqliteSearchBackend } from './search/sqlite/SqliteSearchBackend.js';
import { reindexFromStore } from './search/reindex.js';
import { JobQueue } from './queue/JobQueue.js';
import { openDatabase } from './store/Database.js';
import { Store } from './store/Store.js';
import { createApi, storedTypeCorrections } from './api/handlers.js';

export interface Core {
  api: Api;
  events: { subscribe(listener: EventListener): () => void };
  log: Logger;
  config: CoreConfig;
  /** Stops watching, lets running jobs finish for `graceMs` (default 10 s) or puts them back, closes everything. */
  dispose(options?: { graceMs?: number }): Promise<void>;
}

export interface CoreDependencies {
  /** The extraction service; default: a worker_threads pool over workers/extract. */
  extractService?: ExtractService & { dispose(): Promise<void> };
}

/**
 * Builds the engine: store, queue, event bus, worker pools, pipeline and API. The Electron app, the
 * headless server, the CLI and the tests all drive this same object.
 */
export async function createCore(input: CoreConfigInput, deps: CoreDependencies = {}): Promise<Core> {
  const config = CoreConfig.parse(input);
  const { log, flush } = createLogger({
    file: join(config.dataDir, 'logs', 'docpipe.log'),
    level: config.log.level,
    stderrLevel: config.log.stderrLevel,
  });
  const bus = new EventBus((error) => log.error({ err: error }, 'event listener failed'));
  const store = new Store(openDatabase({ path: join(config.dataDir, 'docpipe.sqlite') }), bus);
  const queue = new JobQueue(store, { backoff: { baseMs: config.queue.backoffBaseMs, maxMs: config.queue.backoffMaxMs, jitter: 0.25 } });

  const workers = config.workers ?? defaultWorkerCount();
  let extractService = deps.extractService;
  const disposables: (() => Promise<void>)[] = [];
  const resourcesDir = config.resourcesDir ?? join(packageRoot(), 'resources');
  if (config.runPipeline && !extractService) {
    extractService = createExtractPool({
      size: workers,
      ...(config.extractWorkerEntry ? { entry: config.extractWorkerEntry } : {}),
      maxOldGenerationSizeMb: config.extract.maxWorkerHeapMb,
      // A tesseract or pdftoppm bundled under resources/bin/<platform>-<arch>/ is found there.
      ocr: { engine: 'auto', resourcesDir },
      render: { renderer: 'auto', resourcesDir },
    });
  }
  if (extractService) {
    const service = extractService;
    disposables.push(() => service.dispose());
  }

  const stages: StageDefinition[] = [];
  let models: ModelHost | null = null;
  if (extractService) {
    const extractStage = createExtractStage(store, extractService, {
      concurrency: workers,
      timeoutMs: config.extract.timeoutMs,
      maxAttempts: config.extract.maxAttempts,
      limits: {
        maxPages: config.extract.maxPages,
        maxPixels: config.extract.maxPixels,
        maxBytes: config.ingest.maxFileBytes,
        ocrMinChars: config.extract.ocrMinChars,
        maxOcrPages: config.extract.maxOcrPages,
      },
      languages: config.extract.languages,
    });
    stages.push(extractStage as StageDefinition);
    // The classifier and field rules run in a thread of their own, off the thread that serves the UI and writes SQLite.
    const understandPool = createUnderstandPool({
      ...(config.understandWorkerEntry ? { entry: config.understandWorkerEntry } : {}),
      timeoutMs: config.understand.timeoutMs,
    });
    models = new ModelHost(resourcesDir, config.dataDir, log, understandPool, () => storedTypeCorrections(store));
    try {
      await models.load();
      disposables.push(() => understandPool.dispose());
      const llm = config.llm ? { provider: createOllamaProvider(config.llm), parallel: config.llm.parallel, timeoutMs: config.llm.timeoutMs } : null;
      stages.push(createUnderstandStage(store, models, log, { ...config.understand, llm }) as StageDefinition);
    } catch (error) {
      models = null;
      await understandPool.dispose();
      log.error({ err: error }, 'no document classifier could be loaded (run "npm run train"); documents get text but no type or fields');
    }
  }
  // Vectors when the model server has the embedding model; lexical search (and health() says so) otherwise.
  let embedder: Embedder | null = null;
  if (config.llm) {
    try {
      embedder = await connectOllamaEmbedder(config.llm);
    } catch (error) {
      log.warn({ err: error }, 'no embedding model: search is lexical only');
    }
  }
  const search = new SqliteSearchBackend({ file: join(config.dataDir, 'search.sqlite'), embedder });
  disposables.push(() => search.dispose());
  store.onDocumentsDeleted = (ids) => {
    search.remove(ids).catch((error: unknown) => log.warn({ err: error, ids }, 'removing deleted documents from the search index failed; "docpipe reindex" repairs it'));
  };
  if (stages.length > 0) stages.push(createIndexStage(store, search, config.index) as StageDefinition);
  const orchestrator = new Orchestrator(store, queue, { pollMs: config.queue.pollMs, stages }, log);

  const wake = () => orchestrator.wake();
  const ingestor = new Ingestor(
    store,
    queue,
    { ...config.ingest, maxAttempts: config.extract.maxAttempts },
    log,
    wake,
  );

  const watchBatch = `watch-${randomUUID()}`;
  const watcher = new FolderWatcher(
    { stableMs: config.watch.stableMs, includeHidden: config.ingest.includeHidden, ignore: config.ingest.ignore },
    {
      onFile: (path) => {
        ingestor
          .ingestOne(path, watchBatch)
          .then(wake)
          .catch((error: unknown) => log.error({ err: error, path }, 'watched file could not be ingested'));
      },
      onRemoved: (path) => {
        try {
          ingestor.removePath(path, watchBatch);
        } catch (error) {
          log.error({ err: error, path }, 'removing a watched file failed');
        }
      },
    },
    log,
  );

  const api = createApi({
    store,
    queue,
    ingestor,
    models,
    search,
    reviewThreshold: config.understand.reviewThreshold,
    maxAttempts: config.extract.maxAttempts,
    wake,
    watchFolder: async (path) => {
      store.tx(() => store.watched.add(path, new Date().toISOString()));
      await watcher.add(path);
    },
    unwatchFolder: (path) => watcher.remove(path),
  });

  if (config.runPipeline) orchestrator.start();
  // An index created empty (a new index schema after an upgrade, another embedding model) is filled again
  // from the store in the background, rather than leaving search blank until someone runs "docpipe reindex".
  let disposed = false;
  const refill = (async () => {
    if (!(await search.health()).needsReindex || store.documents.listAfter(0, 1).length === 0) return;
    log.info('the search index is new (an upgrade or another embedding model): filling it from the store');
    const report = await reindexFromStore(search, completedDocumentBatches(store, () => disposed));
    log.info({ ...report }, 'search index rebuilt from the store');
  })().catch((error: unknown) => {
    if (!disposed) log.warn({ err: error }, 'rebuilding the search index from the store failed; "docpipe reindex" does it again');
  });
  log.info({ dataDir: config.dataDir, workers, pipeline: config.runPipeline }, 'core started');

  return {
    api,
    events: { subscribe: (listener) => bus.subscribe(listener) },
    log,
    config,
    async dispose(options) {
      if (disposed) return;
      disposed = true;
      await refill;
      await watcher.dispose();
      await orchestrator.stop(options?.graceMs ?? 10_000);
      await models?.idle();
      for (const dispose of disposables) await dispose();
      log.info('core stopped');
      flush();
      store.close();
    },
  };
}

/** Resumes watching the stored folders (serve and `ingest --watch` call this). */
export async function resumeWatching(core: Core): Promise<string[]> {
  const { watched } = await core.api.status({});
  if (watched.length > 0) await core.api.ingest({ paths: watched, watch: true });
  return watched;
}
