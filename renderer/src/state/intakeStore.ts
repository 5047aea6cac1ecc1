/**
 * How documents come in from this window, and the watched folders. Two ways, chosen by the transport:
 * the desktop app hands the engine real paths (dropped, chosen in the system's dialog, or typed), the
 * served UI uploads what was dropped or picked into the engine's inbox and has it ingested from there
 * (a browser never reveals where a file lives). Typed paths work in both. Errors are kept as sentences
 * for the panel to show where the person acted, not as a code.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IngestSummary, WatchedFolder } from '../../../electron/shared/contract/api.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import type { DocpipeClient } from '../client/docpipeClient.js';
import type { PathKind } from '../../../electron/preload/bridge.js';
import { planUpload, RateMeter, type PickedFile, type SkippedFile } from './uploadPlan.js';

export type UploadPhase = 'preparing' | 'uploading' | 'ingesting' | 'done' | 'failed' | 'stopped';

export interface UploadProgress {
  /** What was dropped or picked, in words: a folder's name, a file's name, "12 files". */
  label: string;
  phase: UploadPhase;
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  bytesDone: number;
  /** Over the last few seconds; null until it can be measured. */
  bytesPerSecond: number | null;
  /** Files not sent, and why. */
  skipped: SkippedFile[];
  /** Hidden and system files left out. */
  ignored: number;
  /** Files that did not arrive (refused by the server, or the connection failed), and why. */
  failed: SkippedFile[];
  /** The ingest of what arrived, once it ran. */
  summary: IngestSummary | null;
  /** Why the upload as a whole failed. */
  error: string | null;
}

/** The last hand-over of paths (typed, dropped or chosen in the desktop app), for the panel to report. */
export interface PathsResult {
  paths: string[];
  summary: IngestSummary;
}

export interface IntakeState {
  /** 'paths' in the desktop app (the engine reads files where they are); 'upload' in a browser. */
  mode: 'paths' | 'upload';
  /** Folder path → what is being done to it ('pause', 'resume', 'unwatch'). */
  busy: Record<string, string>;
  watched: WatchedFolder[] | null;
  /** Why the watched folders could not be loaded or changed. */
  watchedError: string | null;
  upload: UploadProgress | null;
  /** Paths are being handed over. */
  adding: boolean;
  /** Why the last paths were refused, as a sentence. */
  pathError: string | null;
  lastPaths: PathsResult | null;
  /** The typed-path form is open (a preference: kept across screens and reloads). */
  pathFormOpen: boolean;
  /** Folders handed over by path are kept under watch (typed ones; in the desktop app, also chosen and dropped ones). */
  watchNew: boolean;

  /** Hands paths to the engine; true when they were taken. */
  addPaths(paths: string[], watch: boolean): Promise<boolean>;
  /** Uploads dropped or picked files (browser), then ingests them as one batch. */
  uploadFiles(files: readonly PickedFile[], label: string): Promise<void>;
  /** Stops the running upload; what arrived already is ingested. */
  stopUpload(): void;
  dismissUpload(): void;
  /** Says why what was dropped or chosen could not be handed over. */
  reportPathProblem(text: string): void;
  /** The system's open dialog (desktop app), then hands the chosen paths over. */
  choosePaths(kind: PathKind): Promise<void>;
  loadWatched(): Promise<void>;
  pause(path: string): Promise<void>;
  resume(path: string): Promise<void>;
  unwatch(path: string): Promise<void>;
  setPathFormOpen(open: boolean): void;
  setWatchNew(watch: boolean): void;
  /** Follows the engine's events (the watched folders' counts change as files come and go). */
  connect(): () => void;
}

export type IntakeStore = StoreApi<IntakeState>;

export interface IntakeOptions {
  /** A batch was started (typed paths, an upload, a resumed folder): the rest of the UI follows it. */
  onBatch(summary: IngestSummary): void;
  /** Formats a size for messages. */
  sizeText(bytes: number): string;
  /** Clock in ms, for the rate. Default: performance.now(). */
  now?: () => number;
  /** Where the panel's preferences are kept. Default: none (a test); main.tsx passes localStorage. */
  preferences?: Pick<Storage, 'getItem' | 'setItem'>;
}

const PATH_FORM_OPEN = 'docpipe.addDocuments.pathFormOpen';

/** Files sent at once: enough to hide the gaps between small files, few enough to show steady progress. */
const PARALLEL_UPLOADS = 3;
const WATCHED_RELOAD_MS = 500;
/** Progress is published at most this often (a fast upload reports progress hundreds of times a second). */
const PROGRESS_EVERY_MS = 100;

const sentence = (error: unknown) => AppError.wrap(error).message;

export function createIntakeStore(client: DocpipeClient, options: IntakeOptions): IntakeStore {
  const now = options.now ?? (() => performance.now());
  let running: AbortController | null = null;
  let queue: Promise<void> = Promise.resolve();
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;

  return createStore<IntakeState>()((set, get) => {
    const patchUpload = (patch: Partial<UploadProgress>) => {
      const upload = get().upload;
      if (upload) set({ upload: { ...upload, ...patch } });
    };

    async function runUpload(picked: readonly PickedFile[], label: string): Promise<void> {
      const uploadFile = client.uploadFile;
      const base: UploadProgress = {
        label,
        phase: 'preparing',
        filesTotal: 0,
        filesDone: 0,
        bytesTotal: 0,
        bytesDone: 0,
        bytesPerSecond: null,
        skipped: [],
        ignored: 0,
        failed: [],
        summary: null,
        error: null,
      };
      set({ upload: base });
      if (!uploadFile) {
        patchUpload({ phase: 'failed', error: 'This window cannot upload files; choose or type their paths instead.' });
        return;
      }
      let started;
      try {
        started = await client.api.beginUpload({});
      } catch (error) {
        patchUpload({ phase: 'failed', error: sentence(error) });
        return;
      }
      const plan = planUpload(picked, started.maxFileBytes, options.sizeText);
      patchUpload({
        phase: 'uploading',
        filesTotal: plan.files.length,
        bytesTotal: plan.bytes,
        skipped: plan.skipped,
        ignored: plan.ignored,
      });
      if (plan.files.length === 0) {
        patchUpload({
          phase: 'failed',
          error:
            plan.skipped.length > 0
              ? 'None of these files can be added (see why below).'
              : 'There is nothing to add here: only hidden or system files.',
        });
        return;
      }

      const controller = new AbortController();
      running = controller;
      const meter = new RateMeter();
      const inFlight = new Map<string, number>();
      let doneBytes = 0;
      let filesDone = 0;
      let arrived = 0;
      const failed: SkippedFile[] = [];
      let published = -Infinity;
      const publish = (force = false) => {
        const at = now();
        const bytesDone = doneBytes + [...inFlight.values()].reduce((a, b) => a + b, 0);
        meter.record(at, bytesDone);
        if (!force && at - published < PROGRESS_EVERY_MS) return;
        published = at;
        patchUpload({ bytesDone, filesDone, bytesPerSecond: meter.bytesPerSecond(), failed: [...failed] });
      };
      meter.record(now(), 0);

      let next = 0;
      const worker = async () => {
        while (!controller.signal.aborted) {
          const item = plan.files[next++];
          if (!item) return;
          inFlight.set(item.path, 0);
          try {
            await uploadFile({
              uploadId: started.uploadId,
              path: item.path,
              body: item.file,
              signal: controller.signal,
              onProgress: (sent) => {
                inFlight.set(item.path, Math.min(sent, item.file.size));
                publish();
              },
            });
            arrived++;
          } catch (error) {
            if (!controller.signal.aborted) failed.push({ path: item.path, reason: sentence(error) });
          } finally {
            inFlight.delete(item.path);
            doneBytes += item.file.size;
            filesDone++;
            publish(true);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, plan.files.length) }, worker));
      running = null;
      const stopped = controller.signal.aborted;
      if (arrived === 0) {
        patchUpload({
          phase: stopped ? 'stopped' : 'failed',
          error: stopped ? null : 'No file arrived (see why below).',
          failed: [...failed],
        });
        return;
      }
      patchUpload({ phase: 'ingesting', failed: [...failed] });
      try {
        const summary = await client.api.ingestUpload({ uploadId: started.uploadId });
        options.onBatch(summary);
        patchUpload({ phase: stopped ? 'stopped' : 'done', summary });
      } catch (error) {
        patchUpload({ phase: 'failed', error: sentence(error) });
      }
    }

    async function changeFolder(path: string, action: 'pause' | 'resume' | 'unwatch'): Promise<void> {
      set((s) => ({ busy: { ...s.busy, [path]: action }, watchedError: null }));
      try {
        if (action === 'pause') await client.api.pauseWatch({ path });
        else if (action === 'unwatch') await client.api.unwatch({ path });
        else options.onBatch(await client.api.resumeWatch({ path }));
      } catch (error) {
        set({ watchedError: sentence(error) });
      } finally {
        set((s) => {
          const busy = { ...s.busy };
          delete busy[path];
          return { busy };
        });
        await get().loadWatched();
      }
    }

    return {
      mode: client.uploadFile ? 'upload' : 'paths',
      busy: {},
      watched: null,
      watchedError: null,
      upload: null,
      adding: false,
      pathError: null,
      lastPaths: null,
      pathFormOpen: options.preferences?.getItem(PATH_FORM_OPEN) === 'open',
      watchNew: false,

      async addPaths(paths, watch) {
        set({ adding: true, pathError: null });
        try {
          const summary = await client.api.ingest({ paths, watch });
          options.onBatch(summary);
          set({ lastPaths: { paths, summary } });
          if (watch) await get().loadWatched();
          return true;
        } catch (error) {
          set({ pathError: sentence(error) });
          return false;
        } finally {
          set({ adding: false });
        }
      },

      uploadFiles(files, label) {
        // One upload at a time: a second drop waits for the first, so progress always describes one.
        const next = queue.then(() => runUpload(files, label));
        // A failure of one upload must not stop the ones dropped after it.
        queue = next.catch(() => undefined);
        return next;
      },

      stopUpload() {
        running?.abort();
      },

      dismissUpload() {
        const phase = get().upload?.phase;
        if (phase === 'done' || phase === 'failed' || phase === 'stopped') set({ upload: null });
      },

      reportPathProblem(text) {
        set({ pathError: text });
      },

      async choosePaths(kind) {
        if (!client.choosePaths) return;
        let paths: string[];
        try {
          paths = await client.choosePaths(kind);
        } catch (error) {
          set({ pathError: sentence(error) });
          return;
        }
        if (paths.length > 0) await get().addPaths(paths, get().watchNew);
      },

      async loadWatched() {
        try {
          set({ watched: await client.api.watchedFolders({}) });
        } catch (error) {
          set({ watchedError: sentence(error) });
        }
      },

      pause: (path) => changeFolder(path, 'pause'),
      resume: (path) => changeFolder(path, 'resume'),
      unwatch: (path) => changeFolder(path, 'unwatch'),

      setPathFormOpen(open) {
        if (open === get().pathFormOpen) return;
        set({ pathFormOpen: open });
        try {
          options.preferences?.setItem(PATH_FORM_OPEN, open ? 'open' : 'closed');
        } catch {
          // Storage full or refused: the preference lasts until the window closes.
        }
      },

      setWatchNew(watch) {
        set({ watchNew: watch });
      },

      connect() {
        const reload = () => {
          if (reloadTimer) return;
          reloadTimer = setTimeout(() => {
            reloadTimer = null;
            void get().loadWatched();
          }, WATCHED_RELOAD_MS);
        };
        const stop = client.subscribe(
          (event) => {
            if (
              event.type === 'document.discovered' ||
              event.type === 'document.removed' ||
              event.type === 'batch.finished'
            )
              reload();
          },
          (connection) => {
            if (connection === 'live') void get().loadWatched();
          },
        );
        return () => {
          stop();
          if (reloadTimer) clearTimeout(reloadTimer);
          reloadTimer = null;
        };
      },
    };
  });
}
