/**
 * The review screen's state: the queue from `review` (lowest confidence first) and the selected document
 * in full. The queue is kept as loaded while a person works through it: a confirmed document leaves the
 * engine's queue at once, but vanishing from under the cursor would be disorienting, so it stays listed
 * (marked done) until the queue is reloaded. Corrections answer with the new DocumentDetail, which
 * replaces the shown one: what is on screen is always what the engine stored.
 *
 * Saving a field settles that field, not the document: a document is done when a person confirms it
 * (or when their corrections left nothing uncertain, which the engine reports as `reviewed`). Every
 * correction made since the screen opened can be undone, last first (`clearCorrection`: the machine's value again).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Api, ReviewItem } from '../../../electron/shared/contract/api.js';
import type { DocumentDetail } from '../../../electron/shared/contract/documents.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import type { DocumentType } from '../../../electron/shared/contract/schemas/documentTypes.js';

export interface ReviewState {
  items: ReviewItem[];
  loaded: boolean;
  /** Ids corrected or confirmed since the queue was loaded. */
  done: number[];
  selectedId: number | null;
  detail: DocumentDetail | null;
  /** Why loading the queue or the document failed. */
  error: string | null;
  /** The engine's answer to the last rejected correction, by field name ('type' for the type). */
  fieldErrors: Record<string, string>;
  /** What is being saved right now ('type', a field name, 'confirm' or 'undo'). */
  saving: string | null;
  /** Corrections made here, oldest first: what Undo takes back, last first. */
  corrections: { id: number; field: string }[];

  /** Loads the queue; `keepSelection` keeps the document shown (one the address named) even when it is not in it. */
  load(keepSelection?: boolean): Promise<void>;
  select(id: number): Promise<void>;
  /** Selects the item `delta` places away in the queue (j/k, arrows). */
  move(delta: number): Promise<void>;
  setType(type: DocumentType): Promise<boolean>;
  setField(field: string, value: string): Promise<boolean>;
  /** "Confirm document": confirms the selected document and moves to the next one not done. */
  confirm(): Promise<boolean>;
  /** Takes back the last correction made here (selecting its document when another is shown). */
  undo(): Promise<boolean>;
  /** Documents of `type` waiting for review with nothing under `above`: counted (dryRun) or confirmed. */
  confirmConfident(type: DocumentType, above: number, dryRun: boolean): Promise<number[]>;
}

export type ReviewStore = StoreApi<ReviewState>;

type ReviewApi = Pick<
  Api,
  'review' | 'getDocument' | 'setType' | 'setField' | 'confirm' | 'clearCorrection' | 'confirmConfident'
>;

const message = (error: unknown) => AppError.wrap(error).message;

export function createReviewStore(api: ReviewApi): ReviewStore {
  return createStore<ReviewState>()((set, get) => {
    function markDone(id: number) {
      set((s) => ({ done: s.done.includes(id) ? s.done : [...s.done, id] }));
    }

    /** Runs one change of the selected document; its answer becomes the shown detail. */
    async function correct(key: string, run: (id: number) => Promise<DocumentDetail>): Promise<boolean> {
      const id = get().selectedId;
      if (id === null || get().saving) return false;
      set({ saving: key });
      try {
        const detail = await run(id);
        if (get().selectedId === id) {
          const { [key]: _cleared, ...fieldErrors } = get().fieldErrors;
          set({ detail, fieldErrors });
        }
        if (detail.review === 'reviewed') markDone(id);
        else set((s) => ({ done: s.done.filter((d) => d !== id) }));
        return true;
      } catch (error) {
        if (get().selectedId === id) set((s) => ({ fieldErrors: { ...s.fieldErrors, [key]: message(error) } }));
        return false;
      } finally {
        set({ saving: null });
      }
    }

    function remember(field: string) {
      const id = get().selectedId;
      if (id !== null) set((s) => ({ corrections: [...s.corrections, { id, field }] }));
    }

    return {
      items: [],
      loaded: false,
      done: [],
      selectedId: null,
      detail: null,
      error: null,
      fieldErrors: {},
      saving: null,
      corrections: [],

      async load(keepSelection = false) {
        try {
          const items = await api.review({});
          set({ items, loaded: true, done: [], error: null });
          const selected = get().selectedId;
          if (keepSelection && selected !== null) return;
          const first = items[0];
          if ((selected === null || !items.some((i) => i.id === selected)) && first) await get().select(first.id);
          if (!first) set({ selectedId: null, detail: null });
        } catch (error) {
          set({ loaded: true, error: message(error) });
        }
      },

      async select(id) {
        set({ selectedId: id, detail: null, fieldErrors: {}, error: null });
        try {
          const detail = await api.getDocument({ ref: id });
          if (get().selectedId === id) set({ detail });
        } catch (error) {
          if (get().selectedId === id) set({ error: message(error) });
        }
      },

      async move(delta) {
        const { items, selectedId } = get();
        if (items.length === 0) return;
        const at = items.findIndex((i) => i.id === selectedId);
        const next = items[Math.min(items.length - 1, Math.max(0, (at < 0 ? 0 : at) + delta))];
        if (next && next.id !== selectedId) await get().select(next.id);
      },

      async setType(type) {
        const ok = await correct('type', (ref) => api.setType({ ref, type }));
        // The queue shows the type too; keep it in step with the correction.
        const id = get().selectedId;
        if (ok) {
          remember('type');
          set((s) => ({ items: s.items.map((i) => (i.id === id ? { ...i, type, typeConfidence: 1 } : i)) }));
        }
        return ok;
      },

      async setField(field, value) {
        const ok = await correct(field, (ref) => api.setField({ ref, field, value }));
        if (ok) remember(field);
        return ok;
      },

      async undo() {
        const last = get().corrections.at(-1);
        if (!last || get().saving) return false;
        if (get().selectedId !== last.id) await get().select(last.id);
        const ok = await correct('undo', (ref) => api.clearCorrection({ ref, field: last.field }));
        // Taken back, or nothing left to take back (undone elsewhere): either way it leaves the list.
        set((s) => ({ corrections: s.corrections.slice(0, -1) }));
        if (ok && last.field === 'type') {
          const type = get().detail?.type ?? null;
          set((s) => ({ items: s.items.map((i) => (i.id === last.id ? { ...i, type } : i)) }));
        }
        return ok;
      },

      async confirmConfident(type, above, dryRun) {
        const { ids } = await api.confirmConfident({ type, above, dryRun });
        if (!dryRun) set((s) => ({ done: [...new Set([...s.done, ...ids])] }));
        return ids;
      },

      async confirm() {
        const ok = await correct('confirm', (ref) => api.confirm({ ref }));
        if (!ok) return false;
        const { items, selectedId, done } = get();
        const at = items.findIndex((i) => i.id === selectedId);
        // The next one not done after this one, else the first not done before it, else the queue is reloaded.
        const next = [...items.slice(at + 1), ...items.slice(0, Math.max(0, at))].find((i) => !done.includes(i.id));
        if (next) await get().select(next.id);
        else await get().load();
        return true;
      },
    };
  });
}
