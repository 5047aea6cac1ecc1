import { join } from 'node:path';
import { packageRoot } from './packageRoot.js';
import { randomUUID } from 'node:crypto';
import type { Api } from '../shared/contract/api.js';
import type { ServiceStatus } from '../shared/contract/services.js';
import type { EventListener } from './bus/EventBus.js';
import { EventBus } from './bus/EventBus.js';
import { CoreConfig, defaultWorkerCount, type CoreConfigInput } from './config.js';
import { FolderWatcher } from './ingest/FolderWatcher.js';
import { Ingestor } from './ingest/Ingestor.js';
import { createLogger, type Logger } from './log/logger.js';
import { createExtractStage, type ExtractService } from './pipeline/extractStage.js';
import { Orchestrator } from './pipeline/Orchestrator.js';
import { createExtractPool, createUnderstandPool, type ExtractPool } from './pipeline/WorkerPool.js';
import { createUnderstandStage } from './pipeline/understandStage.js';
import { visionPictures } from './pages/visionPictures.js';
import type { StageDefinition } from './pipeline/Stage.js';
import { ModelHost } from './inference/ModelHost.js';
import { completedDocumentBatches, createIndexStage } from './pipeline/indexStage.js';
import { createOllamaProvider } from './inference/ollama/OllamaProvider.js';
import { connectOllamaEmbedder } from './inference/ollama/OllamaEmbedder.js';
import { OllamaHostPool } from './inference/ollama/OllamaHostPool.js';
import { hostsOf } from './inference/ollama/ollamaConfig.js';
import type { Embedder } from './search/SearchBackend.js';
import { createSearchBackend } from './search/createSearchBackend.js';
import { reindexFromStore } from './search/reindex.js';
import { SwitchingSearchBackend, type OpenSearchTarget } from './search/SwitchingSearchBackend.js';
import { JobQueue } from './queue/JobQueue.js';
import { openDatabase } from './store/Database.js';
import { Store } from './store/Store.js';
import { llmRuntimeOver, ModelServerLink } from './inference/ModelServerLink.js';
import { createServiceSupervisor, type ServiceSupervisorOptions } from './services/serviceSupervisor.js';
import { ServicesBoard } from './services/ServicesBoard.js';
import { SettingsService } from './settings/SettingsService.js';
import type { Settings } from '../shared/contract/settings.js';
import { createApi } from './api/handlers.js';
import { createServices } from './api/services.js';
import { storedTypeCorrections } from './review/Corrections.js';
import { UploadInbox } from './documents/UploadInbox.js';
import { makePrivateDataFolder } from './privateFiles.js';
import { StoreEventFeed } from './bus/StoreEventFeed.js';
import { BrokerCoordinator, type BrokerStatus } from './broker/BrokerCoordinator.js';
import { ScaledExtractService } from './broker/ScaledExtractService.js';
import { documentBytesPath } from './broker/documentBytes.js';

export interface Core {
  api: Api;
  events: {
    /** This process's events, as their transactions commit. */
    subscribe(listener: EventListener): () => void;
    /**
     * Every event written to this data folder: this process's as they commit, and other processes' (a CLI
     * ingest beside the app or `serve`) within half a second, read from the events table. For the UI's streams.
     */
    follow(listener: EventListener): () => void;
  };
  log: Logger;
  config: CoreConfig;
  /** Where browser uploads are streamed to (the HTTP server's upload route writes through it). */
  uploads: UploadInbox;
  /** With a broker configured: the remote workers' side of this coordinator; null otherwise. */
  broker: CoreBroker | null;
  /** Stops watching, lets running jobs finish for `graceMs` (default 10 s) or puts them back, closes everything. */
  dispose(options?: { graceMs?: number }): Promise<void>;
}

/** What the workers' HTTP route and the CLI need of a coordinator. */
export interface CoreBroker {
  /** The broker's URL (with its password: redact it before showing it). */
  url: string;
  /** Where workers fetch documents when the shell is not told otherwise (the settings' HOST:PORT). */
  workerAddress: string;
  /** A readable file holding these bytes (a document's path that still exists), or null when none. */
  bytesPath(sha256: string): string | null;
  status(): BrokerStatus;
}

export interface CoreDependencies {
  /** The extraction service; default: a worker_threads pool over workers/extract. */
  extractService?: ExtractService & { dispose(): Promise<void> };
  /** The environment the supervised services are found through (DOCPIPE_OLLAMA_BIN…). Default process.env: the shell's to decide. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Supervision tuning of the services (tests shorten the waits). */
  supervision?: ServiceSupervisorOptions['supervision'];
}

/**
 * Builds the engine: store, queue, event bus, worker pools, pipeline and API. The Electron app, the
 * headless server, the CLI and the tests all drive this same object.
 */
export async function createCore(input: CoreConfigInput, deps: CoreDependencies = {}): Promise<Core> {
  const config = CoreConfig.parse(input);
  makePrivateDataFolder(config.dataDir);
  const { log, flush } = createLogger({
    file: join(config.dataDir, 'logs', 'docpipe.log'),
    level: config.log.level,
    stderrLevel: config.log.stderrLevel,
    stderrFormat: config.log.stderrFormat,
  });
  const bus = new EventBus((error) => log.error({ err: error }, 'event listener failed'));
  const store = new Store(openDatabase({ path: join(config.dataDir, 'docpipe.sqlite') }), bus);
  const feed = new StoreEventFeed(store.events, bus, (error) =>
    log.warn({ err: error }, 'reading events of other processes failed'),
  );
  const queue = new JobQueue(store, {
    backoff: { baseMs: config.queue.backoffBaseMs, maxMs: config.queue.backoffMaxMs, jitter: 0.25 },
  });

  const workers = config.workers ?? defaultWorkerCount();
  let extractService = deps.extractService;
  const disposables: (() => Promise<void>)[] = [];
  const resourcesDir = config.resourcesDir ?? join(packageRoot(), 'resources');
  let wakeOrchestrator = () => {};
  let coordinator: BrokerCoordinator | null = null;
  let scaled: ScaledExtractService | null = null;
  // What a person set (the broker here; the model server and search below).
  const settings = new SettingsService(store, log);
  // The shell's broker (serve --broker) wins; else the settings' (the app, or serve without the flag).
  const brokerConfig =
    config.broker ?? (config.brokerFromSettings ? brokerFromSettings(settings.get().broker) : undefined);
  const localWorkers = brokerConfig ? (brokerConfig.localWorkers ?? workers) : workers;
  let localPool: ExtractPool | null = null;
  if (config.runPipeline && !extractService && localWorkers > 0) {
    extractService = localPool = createExtractPool({
      size: localWorkers,
      ...(config.extractWorkerEntry ? { entry: config.extractWorkerEntry } : {}),
      maxOldGenerationSizeMb: config.extract.maxWorkerHeapMb,
      // A tesseract or pdftoppm bundled under resources/bin/<platform>-<arch>/ is found there.
      ocr: { engine: 'auto', resourcesDir },
      render: { renderer: 'auto', resourcesDir, maxHeapMb: config.extract.maxWorkerHeapMb },
    });
  }
  if (extractService) {
    const service = extractService;
    disposables.push(() => service.dispose());
  }
  if (config.runPipeline && brokerConfig) {
    const broker = new BrokerCoordinator(
      { url: brokerConfig.url, deliveryLimit: brokerConfig.deliveryLimit, onCapacity: () => wakeOrchestrator() },
      log,
    );
    coordinator = broker;
    // Closed after the orchestrator stopped (disposables run then), so no run waits on it any more.
    disposables.push(() => broker.dispose());
    scaled = new ScaledExtractService({ local: localPool, broker }, log);
    extractService = { extract: scaled.extract.bind(scaled), dispose: async () => {} };
  }

  // What a person set, and the services it concerns: the model server (and OpenSearch when chosen)
  // run under docpipe's supervision in the app and `serve`; their states are events and rows.
  const chosen = settings.get();
  let link: ModelServerLink | null = null;
  let searchSwitch: SwitchingSearchBackend | null = null;
  const supervisor = config.services.run
    ? createServiceSupervisor({
        dataDir: config.dataDir,
        resourcesDir,
        log,
        env: deps.env ?? process.env,
        ...(deps.supervision ? { supervision: deps.supervision } : {}),
        config: {
          ollama: {
            enabled: chosen.ollama.enabled,
            host: config.llm?.host ?? chosen.ollama.host,
            ...(chosen.ollama.binaryPath ? { binaryPath: chosen.ollama.binaryPath } : {}),
            numParallel: chosen.ollama.numParallel,
            keepAlive: chosen.ollama.keepAlive,
          },
          opensearch: {
            enabled: chosen.search.backend === 'bundled',
            ...(chosen.search.openSearchHome ? { home: chosen.search.openSearchHome } : {}),
            heapMb: chosen.search.heapMb,
          },
        },
        onState: (status) => {
          if (store.closed) return;
          store.tx(() => {
            store.services.put(status.name, status.state, JSON.stringify(status), new Date().toISOString());
            store.emit({ type: 'service.changed', service: status, correlationId: null, documentId: null });
          });
          if (status.name === 'ollama') void link?.refresh();
          if (status.name === 'opensearch' && searchSwitch) {
            const target = bundledOpenSearch(status);
            if (target !== undefined) void searchSwitch.useOpenSearch(target);
          }
        },
      })
    : null;
  // Without supervised services (the CLI, tests), `--ollama URL[,URL...]` still names servers to use as they are,
  // one pool shared by the LLM and the embedder.
  const staticPool = config.llm && !supervisor ? new OllamaHostPool(hostsOf(config.llm)) : null;
  if (staticPool) disposables.push(async () => staticPool.dispose());
  const staticLlm =
    config.llm && staticPool ? llmRuntimeOver(createOllamaProvider(config.llm, { pool: staticPool })) : null;

  const stages: StageDefinition[] = [];
  let models: ModelHost | null = null;
  if (extractService) {
    const scaledSlots = scaled;
    const extractStage = createExtractStage(store, extractService, {
      concurrency: scaledSlots ? () => scaledSlots.slots() : workers,
      timeoutMs: config.extract.timeoutMs,
      maxAttempts: config.extract.maxAttempts,
      limits: {
        maxPages: config.extract.maxPages,
        maxPixels: config.extract.maxPixels,
        maxBytes: config.ingest.maxFileBytes,
        ocrMinChars: config.extract.ocrMinChars,
        maxOcrPages: config.extract.maxOcrPages,
        maxTextChars: config.extract.maxTextChars,
        maxUnpackedBytes: config.extract.maxUnpackedBytes,
        maxArchiveEntries: config.extract.maxArchiveEntries,
        maxStreamBytes: config.extract.maxStreamBytes,
      },
      languages: config.extract.languages,
    });
    stages.push(extractStage as StageDefinition);
    // The classifier and field rules run in a thread of their own, off the thread that serves the UI and writes SQLite.
    const understandPool = createUnderstandPool({
      ...(config.understandWorkerEntry ? { entry: config.understandWorkerEntry } : {}),
      timeoutMs: config.understand.timeoutMs,
      maxOldGenerationSizeMb: config.understand.maxWorkerHeapMb,
    });
    models = new ModelHost(resourcesDir, config.dataDir, log, understandPool, () => storedTypeCorrections(store));
    try {
      await models.load();
      disposables.push(() => understandPool.dispose());
      stages.push(
        createUnderstandStage(store, models, log, {
          ...config.understand,
          llm: () => link?.llm() ?? staticLlm,
          pageImage: visionPictures(store, resourcesDir),
        }) as StageDefinition,
      );
    } catch (error) {
      models = null;
      await understandPool.dispose();
      log.error(
        { err: error },
        'no document classifier could be loaded (run "npm run train"); documents get text but no type or fields',
      );
    }
  }
  // Vectors when the model server has the embedding model; lexical search (and health() says so) otherwise.
  let embedder: Embedder | null = null;
  if (config.llm && !supervisor) {
    // Each server asked once, so `services` shows which answer before any document is sent.
    await staticPool?.start();
    try {
      embedder = await connectOllamaEmbedder(config.llm, undefined, staticPool ?? undefined);
    } catch (error) {
      log.warn({ err: error }, 'no embedding model: search is lexical only');
    }
  }
  const builtIn = createSearchBackend(
    config.search ?? { backend: 'sqlite', file: join(config.dataDir, 'search.sqlite') },
    embedder,
  );
  // `config.search` naming OpenSearch is used alone, as configured. Otherwise the built-in index answers,
  // and search moves to the OpenSearch the settings choose whenever it answers and is filled from the store.
  if (config.search?.backend !== 'opensearch') {
    let answering = 'sqlite';
    searchSwitch = new SwitchingSearchBackend({
      sqlite: builtIn,
      fill: (target, signal) =>
        reindexFromStore(
          target,
          completedDocumentBatches(store, () => signal.aborted),
        ),
      onStatus: (status) => {
        if (status.answering === answering) return;
        answering = status.answering;
        log.info(
          { reason: status.reason },
          `search answers from ${status.answering === 'opensearch' ? 'OpenSearch' : 'the built-in index'}`,
        );
      },
    });
    // A remote cluster is used by the long-lived app and serve only: a one-shot command would fill it for nothing.
    if (config.services.run && chosen.search.backend === 'remote' && chosen.search.url) {
      const username = chosen.search.username;
      // The settings keep no password (the store is no secret store): the environment gives it.
      const password = (deps.env ?? process.env).DOCPIPE_OPENSEARCH_PASSWORD ?? '';
      void searchSwitch.useOpenSearch({
        node: chosen.search.url,
        index: SEARCH_INDEX,
        ...(username ? { auth: { username, password } } : {}),
      });
    }
  }
  const search = searchSwitch ?? builtIn;
  disposables.push(() => search.dispose());
  store.onDocumentsDeleted = (ids) => {
    search
      .remove(ids)
      .catch((error: unknown) =>
        log.warn(
          { err: error, ids },
          'removing deleted documents from the search index failed; "docpipe reindex" repairs it',
        ),
      );
  };
  if (stages.length > 0) stages.push(createIndexStage(store, search, config.index) as StageDefinition);
  link = new ModelServerLink({
    ollama: supervisor?.ollama ?? null,
    settings: () => settings.get(),
    base: config.llm ?? {},
    log,
    onPull: (progress) => {
      if (!store.closed)
        store.tx(() => store.emit({ type: 'model.pull', progress, correlationId: null, documentId: null }));
    },
    onEmbedder: (next) => {
      // Search takes the embedder as the model server comes and goes, without a restart; vectors for
      // documents indexed before are filled in the background (health() shows the progress).
      search
        .setEmbedder(next)
        .catch((error: unknown) =>
          log.warn({ err: error }, 'the embedding model could not be attached; search stays lexical'),
        );
    },
  });
  const board = new ServicesBoard({
    store,
    supervisor,
    link,
    settings,
    broker: () => coordinator?.status() ?? null,
    ollamaHosts: async () => {
      const pool = staticPool;
      if (!pool) return (await link?.checkHosts()) ?? [];
      await pool.probeAll();
      return pool.status();
    },
    search: () => {
      if (!searchSwitch) return { backend: 'opensearch', reason: null };
      const { answering, reason } = searchSwitch.status();
      const waiting = chosen.search.backend !== 'sqlite' && answering === 'sqlite' && reason === null;
      return {
        backend: answering,
        reason: waiting
          ? 'OpenSearch is chosen in the settings; until it answers, search uses the built-in index.'
          : reason,
      };
    },
  });
  settings.onChange((next, previous) => {
    // Models and the remote servers apply to the next document; the local server's own settings when
    // docpipe starts it again.
    const servers = (s: typeof next) => JSON.stringify([s.ollama.hosts, s.ollama.numParallel, s.ollama.enabled]);
    if (JSON.stringify(next.models) !== JSON.stringify(previous.models) || servers(next) !== servers(previous))
      void link?.refresh();
  });
  const orchestrator = new Orchestrator(store, queue, { pollMs: config.queue.pollMs, stages }, log);

  const wake = () => orchestrator.wake();
  wakeOrchestrator = wake;
  const ingestor = new Ingestor(store, queue, { ...config.ingest, maxAttempts: config.extract.maxAttempts }, log, wake);

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

  const uploads = new UploadInbox({ dir: join(config.dataDir, 'inbox'), maxFileBytes: config.ingest.maxFileBytes });
  const api = createApi(
    createServices({
      store,
      queue,
      ingestor,
      watcher,
      inbox: uploads,
      models,
      search,
      reviewThreshold: config.understand.reviewThreshold,
      maxAttempts: config.extract.maxAttempts,
      wake,
      resourcesDir,
      thumbnailsDir: join(config.dataDir, 'thumbnails'),
      settings,
      modelServer: link,
      board,
      dataDir: config.dataDir,
    }),
  );

  if (config.runPipeline) orchestrator.start();
  // The services start in the background: the UI and the embedded pipeline do not wait for a model
  // server, which joins when it answers (ModelServerLink).
  const servicesStarted = supervisor
    ? supervisor.start().catch((error: unknown) => log.warn({ err: error }, 'starting the services failed'))
    : Promise.resolve();
  // An index created empty (a new index schema after an upgrade) is filled again
  // from the store in the background, rather than leaving search blank until someone runs "docpipe reindex".
  let disposed = false;
  const refill = (async () => {
    if (!(await search.health()).needsReindex || store.documents.listAfter(0, 1).length === 0) return;
    log.info('the search index is new (an upgrade changed its schema): filling it from the store');
    const report = await reindexFromStore(
      search,
      completedDocumentBatches(store, () => disposed),
    );
    log.info({ ...report }, 'search index rebuilt from the store');
  })().catch((error: unknown) => {
    if (!disposed)
      log.warn({ err: error }, 'rebuilding the search index from the store failed; "docpipe reindex" does it again');
  });
  log.info(
    { dataDir: config.dataDir, workers: localWorkers, pipeline: config.runPipeline, broker: coordinator !== null },
    'core started',
  );

  return {
    api,
    events: { subscribe: (listener) => bus.subscribe(listener), follow: (listener) => feed.follow(listener) },
    log,
    config,
    uploads,
    broker: coordinatorOf(coordinator, store, brokerConfig, settings.get().broker.workerAddress),
    async dispose(options) {
      if (disposed) return;
      disposed = true;
      feed.dispose();
      await refill;
      await watcher.dispose();
      await orchestrator.stop(options?.graceMs ?? 10_000);
      await models?.idle();
      link?.dispose();
      await servicesStarted;
      // Jobs are done or back in the queue: now the model server and OpenSearch can go (nothing orphaned).
      await supervisor?.stop();
      for (const dispose of disposables) await dispose();
      log.info('core stopped');
      flush();
      store.close();
    },
  };
}

function coordinatorOf(
  coordinator: BrokerCoordinator | null,
  store: Store,
  config: CoreConfig['broker'],
  workerAddress: string,
): CoreBroker | null {
  if (!coordinator || !config) return null;
  return {
    url: config.url,
    workerAddress,
    bytesPath: (sha256) => documentBytesPath(store, sha256),
    status: () => coordinator.status(),
  };
}

/** The broker of the settings as the core's config, or none when no URL is set. */
function brokerFromSettings(settings: Settings['broker']): CoreConfig['broker'] {
  if (!settings.url) return undefined;
  return {
    url: settings.url,
    deliveryLimit: settings.deliveryLimit,
    ...(settings.localWorkers !== null && { localWorkers: settings.localWorkers }),
  };
}

/** The index docpipe's documents go to in the bundled or a remote OpenSearch. */
const SEARCH_INDEX = 'docpipe';

/**
 * Where search goes for a state of the bundled OpenSearch: its URL while it answers; nowhere once it is
 * gone (stopped, failed, restarting: a restarted node is filled again when it is ready); unchanged
 * (undefined) while degraded, since a query it fails sets it aside until it answers again.
 */
function bundledOpenSearch(status: ServiceStatus): OpenSearchTarget | null | undefined {
  if (status.state === 'degraded') return undefined;
  return (status.state === 'ready' || status.state === 'external') && status.url
    ? { node: status.url, index: SEARCH_INDEX }
    : null;
}

/**
 * Resumes watching the stored folders that are not paused (serve, the app and `ingest --watch` call this):
 * each is scanned for what changed while docpipe was off, then followed. A folder that is not there (a
 * drive not connected) is left for later, as the list shows. Answers the folders now followed.
 */
export async function resumeWatching(core: Core): Promise<string[]> {
  const followed: string[] = [];
  for (const folder of await core.api.watchedFolders({})) {
    if (folder.paused || folder.missing) continue;
    try {
      await core.api.ingest({ paths: [folder.path], watch: true });
      followed.push(folder.path);
    } catch (error) {
      core.log.warn({ err: error, path: folder.path }, 'a watched folder could not be scanned; it is not followed now');
    }
  }
  return followed;
}
