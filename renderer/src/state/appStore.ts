/**
 * The UI's state: a snapshot (status, the last batch, the open document) loaded through the API and kept
 * fresh by events. The documents themselves are the library's (libraryStore.ts), a page at a time.
 * Events say *that* something changed; the snapshot is re-read (coalesced) instead of patched by hand,
 * so the UI can never drift from the engine's truth. The store gets its client as an argument (no
 * global), so a test can hand it a fake.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BatchProgress, IngestSummary, Status } from '../../../electron/shared/contract/api.js';
import type { DocumentDetail } from '../../../electron/shared/contract/documents.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import type { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import type { ConnectionState, DocpipeClient } from '../client/docpipeClient.js';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface AppState {
  connection: ConnectionState;
  status: Status | null;
  /** The last ingest this window started, with its live progress. */
  batch: { summary: IngestSummary; progress: BatchProgress | null } | null;
  ingesting: boolean;
  selected: { id: number; detail: DocumentDetail | null } | null;
  notice: Notice | null;
  /** Recent events, newest first, for the activity list. */
  activity: DocpipeEvent[];
  /** The disk path of a dropped File; null where the transport cannot know it (a browser). */
  pathForFile: DocpipeClient['pathForFile'];
  /** A page's picture for an <img>, by whichever transport the window has. */
  pageImage: DocpipeClient['pageImage'];
  /** A document's original file by whichever transport the window has: the viewer's source, download, open, reveal. */
  files: Pick<DocpipeClient, 'documentSource' | 'downloadUrl' | 'openOriginal' | 'showOriginal'>;

  refresh(): Promise<void>;
  ingest(paths: string[], watch: boolean): Promise<void>;
  /** Follows a batch started elsewhere in the window (an upload, a resumed folder): its progress is shown. */
  followBatch(summary: IngestSummary): void;
  retryDocument(id: number): Promise<void>;
  retryAllFailed(): Promise<void>;
  openDocument(id: number): Promise<void>;
  closeDocument(): void;
  dismissNotice(): void;
  /** Starts listening to the engine; returns the stop function. */
  connect(): () => void;
}

export type AppStore = StoreApi<AppState>;

const ACTIVITY_KEPT = 50;
/** Events often come in bursts (one per document); one snapshot reload per burst is enough. */
const REFRESH_COALESCE_MS = 200;

export function describeError(error: unknown): string {
  const e = AppError.wrap(error);
  return `${e.message} (${e.code})`;
}

export function createAppStore(client: DocpipeClient): AppStore {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const store = createStore<AppState>()((set, get) => {
    const fail = (error: unknown) => set({ notice: { kind: 'error', text: describeError(error) } });

    async function loadBatch(): Promise<void> {
      const batch = get().batch;
      if (!batch) return;
      const progress = await client.api.batchProgress({ batchId: batch.summary.batchId });
      if (get().batch?.summary.batchId === batch.summary.batchId) set({ batch: { ...batch, progress } });
    }

    async function loadSelected(): Promise<void> {
      const selected = get().selected;
      if (!selected) return;
      const detail = await client.api.getDocument({ ref: selected.id });
      if (get().selected?.id === selected.id) set({ selected: { id: selected.id, detail } });
    }

    function scheduleRefresh(): void {
      if (refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        void get().refresh();
      }, REFRESH_COALESCE_MS);
    }

    return {
      connection: 'connecting',
      status: null,
      batch: null,
      ingesting: false,
      selected: null,
      notice: null,
      activity: [],
      pathForFile: client.pathForFile,
      pageImage: (id, page, thumbnail) => client.pageImage(id, page, thumbnail),
      files: {
        documentSource: (id) => client.documentSource(id),
        downloadUrl: client.downloadUrl,
        openOriginal: client.openOriginal,
        showOriginal: client.showOriginal,
      },

      async refresh() {
        try {
          set({ status: await client.api.status({}) });
          await Promise.all([loadBatch(), loadSelected()]);
        } catch (error) {
          fail(error);
        }
      },

      async ingest(paths, watch) {
        set({ ingesting: true, notice: null });
        try {
          const summary = await client.api.ingest({ paths, watch });
          set({
            batch: { summary, progress: null },
            notice: {
              kind: 'info',
              text: `${summary.found} files found: ${summary.new} new, ${summary.changed} changed, ${summary.unchanged} unchanged, ${summary.duplicates} duplicates${summary.failed ? `, ${summary.failed} unreadable` : ''}${summary.notFiles ? `, ${summary.notFiles} left out (not files)` : ''}.`,
            },
          });
          await get().refresh();
        } catch (error) {
          fail(error);
        } finally {
          set({ ingesting: false });
        }
      },

      followBatch(summary) {
        set({ batch: { summary, progress: null } });
        void get().refresh();
      },

      async retryDocument(id) {
        try {
          // The table lists documents; retry works on jobs, so look up the document's discarded ones.
          const detail = await client.api.getDocument({ ref: id });
          const discarded = detail.jobs.filter((j) => j.state === 'discarded');
          let retried = 0;
          for (const job of discarded) retried += (await client.api.retryJobs({ jobId: job.id })).retried;
          set({
            notice: {
              kind: 'info',
              text: retried
                ? `Document ${id}: ${retried} job(s) back in the queue.`
                : `Document ${id} has no failed job to retry.`,
            },
          });
          await get().refresh();
        } catch (error) {
          fail(error);
        }
      },

      async retryAllFailed() {
        try {
          const { retried } = await client.api.retryJobs({ allDiscarded: true });
          set({ notice: { kind: 'info', text: `${retried} failed job(s) back in the queue.` } });
          await get().refresh();
        } catch (error) {
          fail(error);
        }
      },

      async openDocument(id) {
        set({ selected: { id, detail: null } });
        try {
          await loadSelected();
        } catch (error) {
          set({ selected: null });
          fail(error);
        }
      },

      closeDocument() {
        set({ selected: null });
      },

      dismissNotice() {
        set({ notice: null });
      },

      connect() {
        const stop = client.subscribe(
          (event) => {
            set((s) => ({ activity: [event, ...s.activity].slice(0, ACTIVITY_KEPT) }));
            scheduleRefresh();
          },
          (connection) => {
            set({ connection });
            // Events missed while disconnected are not replayed: reload the whole snapshot.
            if (connection === 'live') void get().refresh();
          },
        );
        return () => {
          stop();
          if (refreshTimer) clearTimeout(refreshTimer);
          refreshTimer = null;
        };
      },
    };
  });
  return store;
}
