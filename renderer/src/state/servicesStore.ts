/**
 * The state of the Services & models screen and of the header's badge: the `services` overview and the
 * settings, kept live by events. As in the app store, `service.changed` and the end of a download only
 * say that something changed, and the overview is re-read (coalesced). A download's progress is the one
 * fact patched in place: it comes about once a second per model, carries everything its bar shows, and
 * re-reading the whole overview (GPU, models, placements) for each would be wasted work.
 *
 * Models are gigabytes, so a download needs the person's agreement: either this once (`askToDownload`
 * then `confirmDownload`) or standing (`models.pullAgreed`, set with `setAutoDownload`, after which the
 * engine fetches whatever is missing by itself).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Api } from '../../../electron/shared/contract/api.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import type { PullProgress, ServicesOverview } from '../../../electron/shared/contract/services.js';
import type { Settings } from '../../../electron/shared/contract/settings.js';
import type { DocpipeClient } from '../client/docpipeClient.js';

type ServicesApi = Pick<Api, 'services' | 'settings' | 'setSettings' | 'pullModel' | 'cancelPull' | 'deleteModel'>;

/** What the store needs of the window's client: these commands and the events. */
export interface ServicesClient {
  api: ServicesApi;
  subscribe: DocpipeClient['subscribe'];
}

export interface ServicesState {
  overview: ServicesOverview | null;
  settings: Settings | null;
  /** Downloads running now, by model: the newest progress known (an event can be newer than the overview). */
  pulls: Record<string, PullProgress>;
  /** How the last download of a model ended, when it did not succeed (`failed`, `cancelled`), by model. */
  endings: Record<string, PullProgress>;
  /** The model whose download waits for the person's yes. */
  confirmingDownload: string | null;
  /** The installed model whose deletion waits for the person's yes. */
  confirmingDelete: string | null;
  /** Actions running now, by model. */
  busy: Record<string, 'pull' | 'cancel' | 'delete'>;
  /** True while the standing agreement is being saved. */
  savingAgreement: boolean;
  /** Why the last action failed; kept until the next action succeeds (a re-read does not hide it). */
  error: string | null;
  /** Why the last re-read failed; cleared by the next one that succeeds. */
  loadError: string | null;
  /** What the last action did, for a status line (and screen readers). */
  message: string | null;

  load(): Promise<void>;
  /** Download, if the person agreed for good; else ask first. */
  askToDownload(model: string): Promise<void>;
  confirmDownload(): Promise<void>;
  dismissDownload(): void;
  pull(model: string): Promise<void>;
  cancelPull(model: string): Promise<void>;
  askToDelete(model: string): void;
  confirmDelete(): Promise<void>;
  dismissDelete(): void;
  /** The standing agreement: download missing models without asking (the engine starts at once). */
  setAutoDownload(agreed: boolean): Promise<void>;
  /** Starts following events; returns the stop function. */
  connect(): () => void;
}

export type ServicesStore = StoreApi<ServicesState>;

/** Service changes come in runs (starting → ready, a crash and its restart); one re-read per run. */
const REFRESH_COALESCE_MS = 200;

const message = (error: unknown) => AppError.wrap(error).message;
const ENDED = new Set<PullProgress['phase']>(['success', 'cancelled', 'failed']);

/** The model's progress before the first event: an indeterminate bar at once, not after a second. */
function starting(model: string): PullProgress {
  return {
    model,
    phase: 'pulling',
    status: 'starting',
    completedBytes: 0,
    totalBytes: 0,
    percent: null,
    bytesPerSecond: null,
    error: null,
  };
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

export function createServicesStore(client: ServicesClient): ServicesStore {
  const { api } = client;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** Only the newest load's answer is shown: an older one may finish last. */
  let loadsStarted = 0;
  /**
   * Counts downloads that ended. A load that started before one ended may still list it as running;
   * its pulls are then ignored, or a finished bar would come back until the next re-read.
   */
  let pullEndings = 0;

  return createStore<ServicesState>()((set, get) => {
    function scheduleRefresh(): void {
      if (refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        void get().load();
      }, REFRESH_COALESCE_MS);
    }

    /** The overview's downloads, unless an event already told of more progress. */
    function mergePulls(listed: PullProgress[]): Record<string, PullProgress> {
      const held = get().pulls;
      const merged: Record<string, PullProgress> = {};
      for (const pull of listed) {
        const mine = held[pull.model];
        merged[pull.model] = mine && mine.completedBytes > pull.completedBytes ? mine : pull;
      }
      return merged;
    }

    function onPull(progress: PullProgress): void {
      const model = progress.model;
      if (!ENDED.has(progress.phase)) {
        set((s) => ({ pulls: { ...s.pulls, [model]: progress } }));
        return;
      }
      pullEndings++;
      const text =
        progress.phase === 'success'
          ? `${model} is downloaded.`
          : progress.phase === 'cancelled'
            ? `The download of ${model} was cancelled.`
            : `The download of ${model} failed${progress.error ? `: ${progress.error}` : '.'}`;
      set((s) => ({
        pulls: without(s.pulls, model),
        endings: progress.phase === 'success' ? without(s.endings, model) : { ...s.endings, [model]: progress },
        message: text,
      }));
      // The model list, the missing ones and whether the LLM and vectors are on have changed.
      scheduleRefresh();
    }

    async function act(model: string, kind: ServicesState['busy'][string], run: () => Promise<void>): Promise<void> {
      if (get().busy[model]) return;
      set((s) => ({ busy: { ...s.busy, [model]: kind } }));
      try {
        await run();
        set({ error: null });
      } catch (error) {
        set({ error: message(error) });
      } finally {
        set((s) => ({ busy: without(s.busy, model) }));
      }
    }

    return {
      overview: null,
      settings: null,
      pulls: {},
      endings: {},
      confirmingDownload: null,
      confirmingDelete: null,
      busy: {},
      savingAgreement: false,
      error: null,
      loadError: null,
      message: null,

      async load() {
        const mine = ++loadsStarted;
        const endingsBefore = pullEndings;
        try {
          const [overview, settings] = await Promise.all([api.services({}), api.settings({})]);
          if (mine !== loadsStarted) return;
          set({
            overview,
            settings,
            loadError: null,
            ...(endingsBefore === pullEndings ? { pulls: mergePulls(overview.pulls) } : {}),
          });
        } catch (error) {
          if (mine === loadsStarted) set({ loadError: message(error) });
        }
      },

      async askToDownload(model) {
        if (get().settings?.models.pullAgreed) await get().pull(model);
        else set({ confirmingDownload: model, confirmingDelete: null });
      },

      async confirmDownload() {
        const model = get().confirmingDownload;
        if (!model) return;
        set({ confirmingDownload: null });
        await get().pull(model);
      },

      dismissDownload() {
        set({ confirmingDownload: null });
      },

      pull(model) {
        return act(model, 'pull', async () => {
          set((s) => ({ endings: without(s.endings, model), message: null }));
          const { started } = await api.pullModel({ model });
          if (started) set((s) => ({ pulls: s.pulls[model] ? s.pulls : { ...s.pulls, [model]: starting(model) } }));
          else set({ message: `${model} is already downloading.` });
        });
      },

      cancelPull(model) {
        return act(model, 'cancel', async () => {
          const { cancelled } = await api.cancelPull({ model });
          // Cancelled: the `model.pull` event with phase `cancelled` follows and removes the bar.
          if (!cancelled) set({ message: `${model} was not downloading.` });
        });
      },

      askToDelete(model) {
        set({ confirmingDelete: model, confirmingDownload: null });
      },

      async confirmDelete() {
        const model = get().confirmingDelete;
        if (!model) return;
        set({ confirmingDelete: null });
        await act(model, 'delete', async () => {
          await api.deleteModel({ model });
          set({ message: `${model} is deleted.` });
          await get().load();
        });
      },

      dismissDelete() {
        set({ confirmingDelete: null });
      },

      async setAutoDownload(agreed) {
        set({ savingAgreement: true });
        try {
          const settings = await api.setSettings({ models: { pullAgreed: agreed } });
          set({ settings, error: null, confirmingDownload: agreed ? null : get().confirmingDownload });
          // With the agreement the engine starts what is missing; its events follow, the overview too.
          scheduleRefresh();
        } catch (error) {
          set({ error: message(error) });
        } finally {
          set({ savingAgreement: false });
        }
      },

      connect() {
        const stop = client.subscribe(
          (event) => {
            if (event.type === 'model.pull') onPull(event.progress);
            else if (event.type === 'service.changed') {
              const changed = event.service;
              // The state shows at once; what follows from it (models, placements) comes with the re-read.
              set((s) => {
                if (!s.overview) return {};
                const known = s.overview.services.some((x) => x.name === changed.name);
                const services = known
                  ? s.overview.services.map((x) => (x.name === changed.name ? changed : x))
                  : [...s.overview.services, changed];
                return { overview: { ...s.overview, services } };
              });
              scheduleRefresh();
            }
          },
          (connection) => {
            // Events missed while disconnected are not replayed.
            if (connection === 'live') void get().load();
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
}
