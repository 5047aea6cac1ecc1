/**
 * The Pipeline screen's state: the engine's `pipeline` overview (read from the store, so a reload shows the
 * same), re-read when events say something moved and once a minute for the chart's clock. It also notices
 * when an ingest batch finishes while the window watches, and says so: a notice in the window and, when the
 * window is hidden and the person allowed it, a system notification.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RemoteApi } from '../../../electron/shared/contract/api.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import type { PipelineBatch, PipelineOverview } from '../../../electron/shared/contract/pipeline.js';
import type { DocpipeClient } from '../client/docpipeClient.js';

type PipelineApi = Pick<RemoteApi, 'pipeline' | 'retryJobs'>;

/** What the store needs of the window's client. */
export interface PipelineClient {
  api: PipelineApi;
  subscribe: DocpipeClient['subscribe'];
}

/** The browser's (or Electron's) notifications, as far as the store uses them. */
export interface Notifier {
  permission(): 'default' | 'granted' | 'denied' | 'unsupported';
  /** Asks the person (only from a click: browsers ignore it otherwise). */
  request(): Promise<'default' | 'granted' | 'denied'>;
  /** Whether the window is out of sight (another tab, minimised). */
  hidden(): boolean;
  show(title: string, body: string): void;
}

export interface FinishedBatch {
  id: string;
  text: string;
}

export interface PipelineState {
  overview: PipelineOverview | null;
  error: string | null;
  /** The last batch that finished while the window watched, until dismissed. */
  finished: FinishedBatch | null;
  notifications: ReturnType<Notifier['permission']>;
  /** Job retries running (a document's, or 'all'). */
  retrying: Record<string, boolean>;
  message: string | null;

  load(): Promise<void>;
  retry(jobId: number): Promise<void>;
  retryAll(): Promise<void>;
  enableNotifications(): Promise<void>;
  dismissFinished(): void;
  /** Follows events and the clock; returns the stop function. */
  connect(): () => void;
}

export type PipelineStore = StoreApi<PipelineState>;

/** Events come in bursts (several per document); one re-read per burst. */
const REFRESH_COALESCE_MS = 1000;
/** The chart moves with the clock even when nothing happens. */
const CLOCK_REFRESH_MS = 60_000;

/** "63 documents: 60 done, 3 failed." */
export function describeFinished(batch: PipelineBatch): string {
  const documents = `${batch.documents} document${batch.documents === 1 ? '' : 's'}`;
  return `Batch finished: ${documents}, ${batch.completed} done${batch.failed ? `, ${batch.failed} failed` : ''}.`;
}

export function browserNotifier(win: Window = window): Notifier {
  const api = (win as Window & { Notification?: typeof Notification }).Notification ?? null;
  return {
    permission: () => (api ? api.permission : 'unsupported'),
    request: async () => (api ? api.requestPermission() : 'denied'),
    hidden: () => win.document.visibilityState === 'hidden',
    show: (title, body) => {
      if (api && api.permission === 'granted') new api(title, { body });
    },
  };
}

export function createPipelineStore(client: PipelineClient, notifier: Notifier): PipelineStore {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * Batches seen unfinished by this window, and the engine's clock at the first look: only the end of one
   * of those, or of a batch started since, is news (a reload does not announce old batches again).
   */
  const watching = new Set<string>();
  const announced = new Set<string>();
  let since: string | null = null;
  let loads = 0;

  return createStore<PipelineState>()((set, get) => {
    function announce(overview: PipelineOverview): void {
      since ??= overview.at;
      for (const batch of overview.batches) {
        if (batch.watch || announced.has(batch.id)) continue;
        if (batch.finishedAt === null) {
          watching.add(batch.id);
          continue;
        }
        if (!watching.delete(batch.id) && batch.startedAt < since) continue;
        announced.add(batch.id);
        const text = describeFinished(batch);
        set({ finished: { id: batch.id, text } });
        if (notifier.hidden() && notifier.permission() === 'granted') notifier.show('docpipe', text);
      }
    }

    async function act(key: string, run: () => Promise<string>): Promise<void> {
      set((s) => ({ retrying: { ...s.retrying, [key]: true }, error: null }));
      try {
        set({ message: await run() });
        await get().load();
      } catch (error) {
        set({ error: AppError.wrap(error).message });
      } finally {
        set((s) => {
          const { [key]: _done, ...rest } = s.retrying;
          return { retrying: rest };
        });
      }
    }

    return {
      overview: null,
      error: null,
      finished: null,
      notifications: notifier.permission(),
      retrying: {},
      message: null,

      async load() {
        const mine = ++loads;
        try {
          const overview = await client.api.pipeline({});
          if (mine !== loads) return;
          set({ overview, error: null });
          announce(overview);
        } catch (error) {
          if (mine === loads) set({ error: AppError.wrap(error).message });
        }
      },

      retry(jobId) {
        return act(String(jobId), async () => {
          const { retried } = await client.api.retryJobs({ jobId });
          return retried ? 'Back in the queue.' : 'Nothing to retry: it was retried already.';
        });
      },

      retryAll() {
        return act('all', async () => {
          const { retried } = await client.api.retryJobs({ allDiscarded: true });
          return `${retried} document${retried === 1 ? '' : 's'} back in the queue.`;
        });
      },

      async enableNotifications() {
        const answer = await notifier.request();
        set({ notifications: answer });
      },

      dismissFinished() {
        set({ finished: null });
      },

      connect() {
        const schedule = () => {
          if (refreshTimer) return;
          refreshTimer = setTimeout(() => {
            refreshTimer = null;
            void get().load();
          }, REFRESH_COALESCE_MS);
        };
        const stop = client.subscribe(
          (event) => {
            if (event.type !== 'model.pull' && event.type !== 'service.changed') schedule();
          },
          (connection) => {
            if (connection === 'live') void get().load();
          },
        );
        const clock = setInterval(() => void get().load(), CLOCK_REFRESH_MS);
        return () => {
          stop();
          clearInterval(clock);
          if (refreshTimer) clearTimeout(refreshTimer);
          refreshTimer = null;
        };
      },
    };
  });
}
