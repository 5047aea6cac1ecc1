/**
 * How commands wait for the engine: a command returns when the work it asked for is done (so `set` then
 * `show` agree), or, for the long-running ones, when the user stops it.
 */
import type { BatchProgress, IngestSummary } from '../shared/contract/api.js';
import type { DocumentDetail } from '../shared/contract/documents.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import type { PullProgress, ServiceState, ServicesOverview, ServiceStatus } from '../shared/contract/services.js';
import type { Core } from '../core/createCore.js';
import { ProgressLine } from './progress.js';

/** Waits until every document of the batch is terminal (or the user stops), drawing progress on a terminal. */
export async function waitForBatch(
  core: Pick<Core, 'api' | 'events'>,
  summary: IngestSummary,
  isStopping: () => boolean,
  quiet: boolean,
): Promise<BatchProgress> {
  const bar = new ProgressLine();
  let wakeUp: (() => void) | null = null;
  const unsubscribe = core.events.subscribe((event) => {
    if (
      event.correlationId === summary.batchId &&
      (event.type === 'document.completed' || event.type === 'document.failed')
    )
      wakeUp?.();
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
export async function waitForDocument(api: Core['api'], id: number): Promise<DocumentDetail> {
  for (;;) {
    const doc = await api.getDocument({ ref: id });
    if (doc.state === 'completed' || doc.state === 'failed') return doc;
    await sleep(100);
  }
}

/** Waits until no job is queued, running or waiting for a retry. */
export async function waitForIdleQueue(api: Core['api']): Promise<void> {
  for (;;) {
    const { jobs } = await api.status({});
    if (jobs.queued + jobs.running + jobs.retryable === 0) return;
    await sleep(200);
  }
}

/**
 * States that are not a first outcome yet: `stopped` until the supervisor has looked (an external probe
 * comes first), `starting`, and `restarting` between the tries of a start that keeps failing.
 */
const UNSETTLED: ReadonlySet<ServiceState> = new Set<ServiceState>(['stopped', 'starting', 'restarting']);
/** States in which the model server answers requests. */
const SERVING: ReadonlySet<ServiceState> = new Set<ServiceState>(['ready', 'degraded', 'external']);

export interface ServicesWait {
  /** How long the services may take to reach a first outcome, ms. Default 60 s (a cold Ollama or OpenSearch). */
  deadlineMs?: number;
  /** Also wait (a few seconds at most) until the model link has looked at the settled model server. Default false. */
  link?: boolean;
}

/** How long, at most, the model link may take to look after the services settled (it lists the models and tries the embedder). */
const LINK_SETTLE_MS = 15_000;
/** How long after the services settled the overview is read again when the link needs no request to look. */
const SETTLE_MS = 300;

/**
 * Waits until every supervised service has a first outcome (ready, external, absent, failed), or the
 * deadline passes, and returns the overview then; `settled` is false when the deadline cut it short.
 */
export async function waitForServices(
  api: Core['api'],
  options: ServicesWait = {},
): Promise<{ overview: ServicesOverview; settled: boolean }> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  let settledAt: number | null = null;
  for (;;) {
    const overview = await api.services({});
    const now = Date.now();
    if (overview.services.every((service) => !UNSETTLED.has(service.state))) {
      settledAt ??= now;
      if (!options.link || linkHasLooked(overview, now - settledAt)) return { overview, settled: true };
      if (now - settledAt >= LINK_SETTLE_MS) return { overview, settled: true };
    } else {
      settledAt = null;
      if (now >= deadline) return { overview, settled: false };
    }
    await sleep(200);
  }
}

/**
 * Whether the overview's `llm` already describes the settled model server. The link looks again at every
 * state change, but the overview has no mark of when it last did, so this reads the answer itself: a look
 * at a server that answers ends with the LLM or the vectors in use, or with models named missing (a
 * server that fails to list its models is waited for until LINK_SETTLE_MS). Without a server the look
 * needs no request, so a moment's settle is enough.
 */
function linkHasLooked(overview: ServicesOverview, msSinceSettled: number): boolean {
  const ollama = ollamaOf(overview);
  if (!ollama || !SERVING.has(ollama.state)) return msSinceSettled >= SETTLE_MS;
  return overview.llm.active || overview.llm.vectors || overview.llm.missing.length > 0;
}

function ollamaOf(overview: ServicesOverview): ServiceStatus | undefined {
  return overview.services.find((service) => service.name === 'ollama');
}

/** Waits for the model server's first outcome; throws LLM_UNAVAILABLE with the reason when none answers. */
export async function waitForModelServer(api: Core['api']): Promise<ServicesOverview> {
  const { overview, settled } = await waitForServices(api);
  const ollama = ollamaOf(overview);
  if (!ollama) {
    throw new AppError(
      ErrorCode.LLM_UNAVAILABLE,
      'The model server is turned off in the settings: "docpipe config set ollama.enabled=true" turns it on.',
    );
  }
  if (SERVING.has(ollama.state)) return overview;
  const why = settled
    ? (ollama.reason ?? `Ollama is ${ollama.state}.`)
    : `Ollama did not answer within a minute (still ${ollama.state}); its log is ${ollama.logFile ?? 'not written'}.`;
  throw new AppError(ErrorCode.LLM_UNAVAILABLE, `No model server answers. ${why}`);
}

const PULL_ENDS: ReadonlySet<PullProgress['phase']> = new Set<PullProgress['phase']>([
  'success',
  'cancelled',
  'failed',
]);

/**
 * Starts downloading `model` (or follows the download already running, say one the settings asked for)
 * and resolves with its last progress: `success`, `failed` or `cancelled`. Each `model.pull` event goes
 * to `onProgress`; when `isStopping()` turns true (Ctrl-C) the download is cancelled and followed to its end.
 */
export async function waitForPull(
  core: Pick<Core, 'api' | 'events'>,
  model: string,
  isStopping: () => boolean,
  onProgress: (progress: PullProgress) => void,
): Promise<PullProgress> {
  // Written by the listener: a holder, so the loop reads what the events left there rather than a narrowed local.
  const latest: { progress: PullProgress | null } = { progress: null };
  let wakeUp: (() => void) | null = null;
  const unsubscribe = core.events.subscribe((event) => {
    if (event.type !== 'model.pull' || event.progress.model !== model) return;
    latest.progress = event.progress;
    onProgress(event.progress);
    wakeUp?.();
  });
  try {
    await core.api.pullModel({ model });
    let cancelAsked = false;
    for (;;) {
      const seen = latest.progress;
      if (seen && PULL_ENDS.has(seen.phase)) return seen;
      if (isStopping() && !cancelAsked) {
        cancelAsked = true;
        await core.api.cancelPull({ model });
      }
      // The events say how it goes; the list of running downloads is the truth, asked now and then in
      // case a download ended without a last event (the core closing under it).
      const { pulls } = await core.api.services({});
      const ended = latest.progress;
      if (!pulls.some((pull) => pull.model === model)) {
        if (ended && PULL_ENDS.has(ended.phase)) return ended;
        throw new AppError(
          ErrorCode.INTERNAL,
          `The download of ${model} ended without saying how; "docpipe models list" shows whether it is there.`,
        );
      }
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        setTimeout(resolve, 1000);
      });
    }
  } finally {
    unsubscribe();
  }
}

/** Resolves once `isStopping()` turns true (Ctrl-C), checked every `everyMs`. */
export async function waitUntilStopped(isStopping: () => boolean, everyMs = 200): Promise<void> {
  while (!isStopping()) await sleep(everyMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
