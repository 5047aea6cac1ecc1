/**
 * Search that moves to OpenSearch once it is ready and back to the built-in SQLite index whenever it is
 * not. The built-in index is always kept: every write goes to it, so there is always an index that holds
 * every document and can answer. OpenSearch is a target that comes and goes with its server
 * (`useOpenSearch`: the bundled node became ready or stopped, or a remote cluster was named).
 *
 * The target's states (no target: the built-in index answers, and nothing is said about it):
 * - `filling`: the caller's `fill` writes the store's documents to it in the background; live writes go
 *   to both; the built-in index answers (the result's `backendNote` and `status()` say so, with progress).
 * - `ready`: OpenSearch answers; writes go to both.
 * - `unavailable`: a request to it failed. The built-in index answers and says why; writes go to the
 *   built-in index only, and the target is marked `stale` (it missed them). It is asked again after a
 *   backoff (`recheck`) and by the next `useOpenSearch`: when it answers, a stale target is filled again
 *   from the store (the simplest way not to lose a missed write), a target that missed nothing answers
 *   at once.
 *
 * Writes reach OpenSearch one after another, in the order they were made (the fill's batches among
 * them): a batch the fill read from the store before a live update cannot overwrite that update, nor
 * bring back a document removed after it was read.
 */
import { AppError, assertNever, ErrorCode } from '../../shared/contract/errors.js';
import type { SearchHealth, SearchRequestInput, SearchResult } from '../../shared/contract/search.js';
import { backoffDelay, type BackoffOptions } from '../queue/backoff.js';
import { OpenSearchBackend } from './opensearch/OpenSearchBackend.js';
import type { ReindexReport } from './reindex.js';
import type { AttachEmbedderOptions, Embedder, IndexDocument, SearchBackend } from './SearchBackend.js';

/** Where OpenSearch answers: the bundled node's loopback URL, or a remote cluster. */
export interface OpenSearchTarget {
  /** Node URL, e.g. http://127.0.0.1:9200. */
  node: string;
  /** Index name (chunks go to `<index>-chunks`). */
  index: string;
  /** Basic auth. Default none. */
  auth?: { username: string; password: string };
  /** Verify the server's TLS certificate. Default true. */
  rejectUnauthorized?: boolean;
}

/** Which backend answers queries now, for the services screen. */
export interface SearchBackendStatus {
  answering: 'sqlite' | 'opensearch';
  /** Why the built-in index answers although OpenSearch is chosen (filling, unavailable); null otherwise. */
  reason: string | null;
}

export interface SwitchingSearchOptions {
  /** The built-in index: always written, answers whenever OpenSearch does not. Owned: disposed with this backend. */
  sqlite: SearchBackend;
  /**
   * Writes the store's documents to a new or stale OpenSearch target and removes what the store lacks,
   * e.g. `reindexFromStore(target, completedDocumentBatches(store, () => signal.aborted))`. The target it
   * gets counts progress and refuses writes once `signal` aborts (the target was replaced, went away, or
   * this backend is disposed), so a fill ends at its next write at the latest; dispose() waits for it.
   */
  fill(target: SearchBackend, signal: AbortSignal): Promise<ReindexReport>;
  /** Builds the backend for a target. Default: an OpenSearchBackend. Tests shorten its retries. */
  createOpenSearch?(target: OpenSearchTarget, embedder: Embedder | null): SearchBackend;
  /** When an unavailable target is asked again. Default 5 s doubling to 5 min, 25 % jitter. */
  recheck?: BackoffOptions;
  /** Told every change of `status()`, fill progress included. Default none. */
  onStatus?(status: SearchBackendStatus): void;
}

const DEFAULT_RECHECK: BackoffOptions = { baseMs: 5_000, maxMs: 5 * 60_000, jitter: 0.25 };

interface FillRun {
  abort: AbortController;
  /** Documents the fill has written. */
  done: number;
  /** Documents the built-in index held when the fill started (what the fill is expected to write); null until counted. */
  total: number | null;
}

interface Target {
  readonly key: string;
  readonly backend: SearchBackend;
  state: 'filling' | 'ready' | 'unavailable';
  /** It missed writes, or a fill did not finish: it is filled again from the store before it answers. */
  stale: boolean;
  /** The fill in progress (state `filling`). */
  fill: FillRun | null;
  /** Settles when the latest fill has ended (dispose waits for it). */
  fillEnded: Promise<void>;
  /** Why it is unavailable (state `unavailable`). */
  failure: string | null;
  /** Failures in a row without an answer in between: the recheck's backoff attempt. */
  failures: number;
  recheckTimer: NodeJS.Timeout | null;
  /** The recheck in flight, if any. */
  probe: Promise<void>;
  /** The tail of the writes to it, one after another (see the module comment). */
  writes: Promise<void>;
  /** Replaced or gone: nothing reaches it any more, and it is disposed once its work has ended. */
  retired: boolean;
}

export class SwitchingSearchBackend implements SearchBackend {
  private readonly sqlite: SearchBackend;
  private readonly recheck: BackoffOptions;
  private target: Target | null = null;
  private embedder: Embedder | null = null;
  /** Targets being disposed once their fill, recheck and writes have ended. */
  private readonly retiring = new Set<Promise<void>>();
  private lastStatus = '';
  private disposed = false;

  constructor(private readonly options: SwitchingSearchOptions) {
    this.sqlite = options.sqlite;
    this.recheck = options.recheck ?? DEFAULT_RECHECK;
  }

  /**
   * Points search at an OpenSearch node (it became ready, or a remote cluster is named), or at none (it
   * stopped or went away: the built-in index answers). The same target while it fills or answers changes
   * nothing; a new target, or the same one while unavailable, is built afresh and filled from the store.
   * Resolves when that fill has ended, whether OpenSearch then answers or not (`status()` says which);
   * never rejects. After dispose() it does nothing.
   */
  useOpenSearch(spec: OpenSearchTarget | null): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const key = spec === null ? null : targetKey(spec);
    const current = this.target;
    if (current && current.key === key && current.state !== 'unavailable') return current.fillEnded;
    if (current) this.retire(current);
    this.target = null;
    if (spec === null) {
      this.changed();
      return Promise.resolve();
    }
    const backend = (this.options.createOpenSearch ?? defaultOpenSearch)(spec, this.embedder);
    const target: Target = {
      key: targetKey(spec),
      backend,
      state: 'filling',
      stale: true,
      fill: null,
      fillEnded: Promise.resolve(),
      failure: null,
      failures: 0,
      recheckTimer: null,
      probe: Promise.resolve(),
      writes: Promise.resolve(),
      retired: false,
    };
    this.target = target;
    return this.startFill(target);
  }

  /** Which backend answers now, and why not OpenSearch when it is chosen but does not answer. */
  status(): SearchBackendStatus {
    return { answering: this.target?.state === 'ready' ? 'opensearch' : 'sqlite', reason: this.reason() };
  }

  async index(docs: IndexDocument[]): Promise<void> {
    // Queued for OpenSearch now, before the built-in write: OpenSearch sees writes in the order they were made.
    const toTarget = this.writeToTarget((backend) => backend.index(docs));
    try {
      await this.sqlite.index(docs);
    } finally {
      await toTarget;
    }
  }

  async remove(ids: number[]): Promise<void> {
    const toTarget = this.writeToTarget((backend) => backend.remove(ids));
    try {
      await this.sqlite.remove(ids);
    } finally {
      await toTarget;
    }
  }

  /**
   * Empties both indexes. A fill in progress stops: it would write the store's documents back into an
   * index that was just emptied, and an empty OpenSearch is in step with an empty built-in index.
   */
  async clear(): Promise<void> {
    const target = this.target;
    if (target?.state === 'filling') {
      target.fill?.abort.abort();
      target.fill = null;
      target.state = 'ready';
      target.stale = false;
      this.changed();
    }
    const toTarget = this.writeToTarget((backend) => backend.clear());
    try {
      await this.sqlite.clear();
    } finally {
      await toTarget;
    }
  }

  /** The built-in index's ids: it holds every document whichever backend answers. */
  ids(): Promise<number[]> {
    return this.sqlite.ids();
  }

  /**
   * OpenSearch answers when it is ready; when it fails (unreachable, a 5xx, or refusing the query) the
   * built-in index answers, `backendNote` says why, and OpenSearch is not asked again until a recheck or
   * `useOpenSearch` finds it answering. An invalid query is refused as such by either backend.
   */
  async search(request: SearchRequestInput): Promise<SearchResult> {
    const target = this.target;
    if (target?.state === 'ready') {
      try {
        return await target.backend.search(request);
      } catch (error) {
        if (AppError.is(error) && error.code === ErrorCode.QUERY_INVALID) throw error;
        this.markUnavailable(target, error, false);
      }
    }
    const result = await this.sqlite.search(request);
    const reason = this.reason();
    return reason === null ? result : { ...result, backendNote: reason };
  }

  /**
   * OpenSearch's health while it answers; otherwise the built-in index's, with why OpenSearch does not
   * answer first in the note. `needsReindex` is the built-in index's in both cases (it is the index that
   * must hold every document; createCore refills it from the store when it was created empty).
   */
  async health(): Promise<SearchHealth> {
    const sqlite = await this.sqlite.health();
    const target = this.target;
    if (target?.state === 'ready') {
      try {
        const health = await target.backend.health();
        return { ...health, needsReindex: health.needsReindex || sqlite.needsReindex };
      } catch (error) {
        this.markUnavailable(target, error, false);
      }
    }
    const reason = this.reason();
    return reason === null ? sqlite : { ...sqlite, note: `${reason}. Built-in index: ${sqlite.note}` };
  }

  /** Attaches the model to both indexes (and to any OpenSearch target made later). */
  async setEmbedder(embedder: Embedder | null, options?: AttachEmbedderOptions): Promise<void> {
    // The built-in index first: it rejects a model it cannot use, and then neither index takes it.
    await this.sqlite.setEmbedder(embedder, options);
    this.embedder = embedder;
    const target = this.target;
    if (target && !target.retired) await target.backend.setEmbedder(embedder);
  }

  /** Stops a fill and the rechecks, waits for what is in flight, and closes both indexes. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.target) this.retire(this.target);
    this.target = null;
    await Promise.all(this.retiring);
    await this.sqlite.dispose();
  }

  private startFill(target: Target): Promise<void> {
    const run: FillRun = { abort: new AbortController(), done: 0, total: null };
    target.state = 'filling';
    target.fill = run;
    target.failure = null;
    // This fill reads the store after every write the target missed so far, so it brings them all back;
    // a write that fails from now on makes it stale again (and stops this fill).
    target.stale = false;
    this.changed();
    target.fillEnded = (async () => {
      try {
        run.total = (await this.sqlite.health()).documents;
        this.changed();
        await this.options.fill(this.fillView(target, run), run.abort.signal);
        if (run.abort.signal.aborted) return;
        target.fill = null;
        target.state = 'ready';
        target.failures = 0;
        this.changed();
      } catch (error) {
        if (!run.abort.signal.aborted) this.markUnavailable(target, error, true);
      }
    })();
    return target.fillEnded;
  }

  /**
   * The target as the fill sees it: writes queue behind the live ones and count as progress, and every
   * call is refused once the run is aborted, so a fill cannot write into a target it no longer owns.
   */
  private fillView(target: Target, run: FillRun): SearchBackend {
    const open = () => {
      if (run.abort.signal.aborted) {
        throw new AppError(
          ErrorCode.SEARCH_UNAVAILABLE,
          'The OpenSearch fill stopped: OpenSearch was replaced or went away, or docpipe is stopping.',
          { retryable: true },
        );
      }
    };
    const write = async (op: (backend: SearchBackend) => Promise<void>, documents: number) => {
      open();
      await this.enqueue(target, op);
      run.done += documents;
      if (documents > 0) this.changed();
    };
    return {
      index: (docs) => write((backend) => backend.index(docs), docs.length),
      remove: (ids) => write((backend) => backend.remove(ids), 0),
      clear: () => write((backend) => backend.clear(), 0),
      ids: async () => {
        open();
        return target.backend.ids();
      },
      search: async (request) => {
        open();
        return target.backend.search(request);
      },
      health: async () => {
        open();
        return target.backend.health();
      },
      // This backend owns the target and its model: a fill only writes documents.
      setEmbedder: async () => {},
      dispose: async () => {},
    };
  }

  /** A live write's OpenSearch half. Never rejects: a failure makes the target unavailable and stale. */
  private async writeToTarget(op: (backend: SearchBackend) => Promise<void>): Promise<void> {
    const target = this.target;
    if (!target) return;
    if (target.state === 'unavailable') {
      this.markUnavailable(target, null, true);
      return;
    }
    try {
      await this.enqueue(target, op);
    } catch (error) {
      this.markUnavailable(target, error, true);
    }
  }

  /**
   * Runs a write after the target's earlier writes. Refused when the target was retired or became
   * unavailable while the write waited (the caller then marks it stale).
   */
  private enqueue(target: Target, op: (backend: SearchBackend) => Promise<void>): Promise<void> {
    const run = target.writes.then(async () => {
      if (target.retired || target.state === 'unavailable') {
        throw new AppError(ErrorCode.SEARCH_UNAVAILABLE, 'OpenSearch is not taking writes now.', { retryable: true });
      }
      await op(target.backend);
    });
    // The queue goes on after a failed write; the failure is its caller's to handle.
    target.writes = run.catch(() => undefined);
    return run;
  }

  /**
   * The target failed a request (`error`), or missed a write (`stale`; error null when it was already
   * unavailable). Stops its fill and schedules a recheck; the first failure's message is kept until a
   * recheck gets another one.
   */
  private markUnavailable(target: Target, error: unknown, stale: boolean): void {
    if (target.retired) return;
    target.stale ||= stale;
    if (target.state !== 'unavailable') {
      target.fill?.abort.abort();
      target.fill = null;
      target.state = 'unavailable';
      target.failure = describeFailure(error);
      this.scheduleRecheck(target);
    }
    this.changed();
  }

  private scheduleRecheck(target: Target): void {
    if (target.recheckTimer || target.retired) return;
    target.failures++;
    target.recheckTimer = setTimeout(
      () => {
        target.recheckTimer = null;
        target.probe = this.recover(target);
      },
      backoffDelay(target.failures, this.recheck),
    );
    // A recheck never keeps the process alive: dispose() clears it, and a CLI command may end first.
    target.recheckTimer.unref();
  }

  /** Asks an unavailable target whether it answers; a stale one is filled again, the others answer at once. */
  private async recover(target: Target): Promise<void> {
    try {
      await target.backend.health();
    } catch (error) {
      if (target.retired) return;
      target.failure = describeFailure(error);
      this.scheduleRecheck(target);
      this.changed();
      return;
    }
    if (target.retired || target.state !== 'unavailable') return;
    if (target.stale) {
      // A fill that fails makes it unavailable again, with a longer wait before the next recheck.
      void this.startFill(target);
      return;
    }
    target.state = 'ready';
    target.failure = null;
    target.failures = 0;
    this.changed();
  }

  /** Nothing reaches the target any more; it is disposed once its fill, recheck and queued writes end. */
  private retire(target: Target): void {
    target.retired = true;
    target.fill?.abort.abort();
    if (target.recheckTimer) clearTimeout(target.recheckTimer);
    target.recheckTimer = null;
    const retired = Promise.all([target.fillEnded, target.probe, target.writes])
      .then(() => target.backend.dispose())
      // Closing a client whose server is gone may fail; nothing is left to do with it either way.
      .catch(() => undefined);
    this.retiring.add(retired);
    void retired.then(() => this.retiring.delete(retired));
  }

  private reason(): string | null {
    const target = this.target;
    if (!target) return null;
    switch (target.state) {
      case 'ready':
        return null;
      case 'filling': {
        const run = target.fill;
        const progress = run && run.total !== null ? ` (${run.done}/${Math.max(run.total, run.done)})` : '';
        return `OpenSearch is filling${progress}; answers come from the built-in index`;
      }
      case 'unavailable':
        return `${target.failure ?? 'OpenSearch did not answer'}; answers come from the built-in index until it answers${target.stale ? ' and is filled again from the store' : ' again'}`;
      default:
        return assertNever(target.state, 'target state');
    }
  }

  private changed(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    try {
      this.options.onStatus?.(status);
    } catch {
      // A listener's failure is its own: the switch must go on whatever the services screen does.
    }
  }
}

function defaultOpenSearch(target: OpenSearchTarget, embedder: Embedder | null): SearchBackend {
  return new OpenSearchBackend({
    node: target.node,
    index: target.index,
    embedder,
    ...(target.auth ? { auth: target.auth } : {}),
    ...(target.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: target.rejectUnauthorized }),
  });
}

/** Two targets are the same when a client built for one would work for the other. */
function targetKey(target: OpenSearchTarget): string {
  return JSON.stringify([
    target.node,
    target.index,
    target.auth?.username ?? null,
    target.auth?.password ?? null,
    target.rejectUnauthorized ?? true,
  ]);
}

/** What the user reads: whether OpenSearch did not answer (down, overloaded) or refused, and its own words. */
function describeFailure(error: unknown): string {
  if (error === null) return 'OpenSearch did not answer';
  const message = error instanceof Error ? error.message : String(error);
  const unreachable = !AppError.is(error) || error.retryable;
  return `${unreachable ? 'OpenSearch did not answer' : 'OpenSearch refused a request'} (${message})`;
}
