/**
 * The library's state: the counts and the rows of the current query, fetched a page at a time as the
 * table scrolls to them and kept in a small cache; the selection; and the bulk actions. What the engine
 * changes (events) is read again for the rows on screen, and the rows shown stay until their new version
 * arrives, so a refresh never blanks the table. Answers for a query that is no longer current are dropped.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  MAX_SELECTED_IDS,
  type BulkResult,
  type DocumentSelectionInput,
  type LibraryCounts,
  type LibraryRow,
} from '../../../electron/shared/contract/library.js';
import type { DocumentType } from '../../../electron/shared/contract/schemas/documentTypes.js';
import type { DocpipeClient } from '../client/docpipeClient.js';
import { describeError } from './appStore.js';
import { DEFAULT_QUERY, sameQuery, type LibraryQuery } from './libraryRoute.js';

/** Rows per request: a screen is 15-40 rows, so a page and its neighbour cover any screen. */
export const PAGE_SIZE = 100;
/** Pages kept (the ones nearest to the screen stay): 3,000 rows, a few hundred kB. */
export const CACHED_PAGES = 30;
/** Events come in bursts (a batch of documents): one refresh per burst. */
const REFRESH_COALESCE_MS = 400;

export type Selection = { kind: 'ids'; ids: ReadonlySet<number> } | { kind: 'all'; except: ReadonlySet<number> };

export const NO_SELECTION: Selection = { kind: 'ids', ids: new Set() };

export interface LibraryMessage {
  kind: 'info' | 'error';
  text: string;
}

export interface LibraryState {
  query: LibraryQuery;
  /** Counts of the current query; null before the first answer. */
  counts: LibraryCounts | null;
  /** Rows by page number (page p holds rows p*PAGE_SIZE …). */
  pages: ReadonlyMap<number, readonly LibraryRow[]>;
  /** The first answer for the current query is on its way. */
  loading: boolean;
  /** Why the library could not be read, in words; the table offers Retry. */
  error: string | null;
  selection: Selection;
  /** Row index a Shift-click selects from. */
  anchor: number | null;
  /** Row index the keyboard is on. */
  cursor: number;
  /** The table's scroll position, kept while a document is open. */
  scrollTop: number;
  /** What the last action did (or why it could not). */
  message: LibraryMessage | null;
  /** A bulk action is running. */
  busy: boolean;

  /** The query of the address (the component passes the route's). Clears the selection when the filter changes. */
  setQuery(query: LibraryQuery): void;
  /** The table shows rows `first` to `last`: fetches the pages they are on (and a neighbour) when missing. */
  showRows(first: number, last: number): void;
  /** Reads the counts and the rows on screen again. */
  refresh(): Promise<void>;
  setCursor(index: number): void;
  setScrollTop(top: number): void;
  /** `only`: this row alone; `toggle`: add or take it away; `range`: from the anchor to here (`add`: to what is selected). */
  select(index: number, how: 'only' | 'toggle' | 'range', add?: boolean): Promise<void>;
  selectAllMatching(): void;
  clearSelection(): void;
  setType(type: DocumentType): Promise<void>;
  confirm(): Promise<void>;
  reprocess(): Promise<void>;
  /** Removes the selection from the archive (the component asks first). */
  remove(): Promise<void>;
  /** Sends one failed document through the pipeline again. */
  retry(id: number, name: string): Promise<void>;
  /** The selected ids, when the selection is a list (null for "all matching"). */
  selectedIds(): number[] | null;
  dismissMessage(): void;
  /** Follows the engine's events; returns the stop function. */
  connect(): () => void;
}

export type LibraryStore = StoreApi<LibraryState>;

export function rowAt(state: Pick<LibraryState, 'pages'>, index: number): LibraryRow | undefined {
  return state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

/** Documents selected: all matching minus the exceptions, or the ids. */
export function selectedCount(state: Pick<LibraryState, 'selection' | 'counts'>): number {
  const { selection, counts } = state;
  return selection.kind === 'all' ? Math.max(0, (counts?.total ?? 0) - selection.except.size) : selection.ids.size;
}

export function isSelected(selection: Selection, id: number): boolean {
  return selection.kind === 'all' ? !selection.except.has(id) : selection.ids.has(id);
}

function plural(n: number, word = 'document'): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

/** A bulk action's answer in a sentence: what was done, and why the rest was skipped. */
export function describeBulk(done: number, action: string, result: Pick<BulkResult, 'skipped' | 'reasons'>): string {
  const head = `${action} ${plural(done)}.`;
  return result.skipped > 0 ? `${head} ${result.reasons.join(' ')}` : head;
}

export function createLibraryStore(client: Pick<DocpipeClient, 'api' | 'subscribe'>): LibraryStore {
  const { api } = client;
  /** Bumped on every new query: answers of an older one are dropped. */
  let generation = 0;
  const inFlight = new Set<number>();
  let visible: [number, number] = [0, 30];
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let refreshing: Promise<void> | null = null;
  /** Whether a query was set (the first one loads even when it is the default). */
  let started = false;

  return createStore<LibraryState>()((set, get) => {
    const request = (page: number, counts: boolean) => {
      const { filter, sort, direction } = get().query;
      return api.library({ filter, sort, direction, offset: page * PAGE_SIZE, limit: PAGE_SIZE, counts });
    };

    /** Pages to have for the rows on screen: theirs, and the next one in the direction of reading. */
    const wantedPages = (): number[] => {
      const first = Math.max(0, Math.floor(visible[0] / PAGE_SIZE) - (visible[0] % PAGE_SIZE < PAGE_SIZE / 4 ? 1 : 0));
      const last = Math.floor(visible[1] / PAGE_SIZE) + (visible[1] % PAGE_SIZE > (PAGE_SIZE * 3) / 4 ? 1 : 0);
      const total = get().counts?.total;
      const lastPage = total === undefined ? last : Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
      const pages: number[] = [];
      for (let p = first; p <= Math.min(last, lastPage); p++) pages.push(p);
      return pages;
    };

    /** Keeps the CACHED_PAGES pages nearest to the screen. */
    const trimmed = (pages: Map<number, readonly LibraryRow[]>): Map<number, readonly LibraryRow[]> => {
      if (pages.size <= CACHED_PAGES) return pages;
      const middle = (visible[0] + visible[1]) / 2 / PAGE_SIZE;
      const keep = [...pages.keys()].sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle)).slice(0, CACHED_PAGES);
      return new Map(keep.map((p) => [p, pages.get(p)!]));
    };

    const fetchMissing = () => {
      const gen = generation;
      for (const page of wantedPages()) {
        if (get().pages.has(page) || inFlight.has(page)) continue;
        inFlight.add(page);
        request(page, false)
          .then(
            (answer) => {
              if (gen !== generation) return;
              set((s) => ({ pages: trimmed(new Map(s.pages).set(page, answer.rows)), error: null }));
            },
            (error: unknown) => {
              if (gen === generation) set({ error: describeError(error) });
            },
          )
          .finally(() => {
            if (gen === generation) inFlight.delete(page);
          });
      }
    };

    /** Counts and the pages on screen, swapped in together when all have come (nothing blanks meanwhile). */
    const load = async (): Promise<void> => {
      const gen = generation;
      try {
        const pages = wantedPages();
        const answers = await Promise.all((pages.length > 0 ? pages : [0]).map((page, i) => request(page, i === 0)));
        if (gen !== generation) return;
        const fresh = new Map<number, readonly LibraryRow[]>();
        answers.forEach((a, i) => fresh.set(pages[i] ?? 0, a.rows));
        set({ counts: answers[0]!.counts, pages: fresh, loading: false, error: null });
        fetchMissing();
      } catch (error) {
        if (gen === generation) set({ loading: false, error: describeError(error) });
      }
    };

    const selectionInput = (): DocumentSelectionInput | null => {
      const { selection, query } = get();
      if (selection.kind === 'all') return { filter: query.filter, except: [...selection.except] };
      return selection.ids.size > 0 ? { ids: [...selection.ids] } : null;
    };

    /** Runs a bulk action on the selection, says what it did, and reads the library again. */
    const bulk = async (run: (selection: DocumentSelectionInput) => Promise<string>, clear = false) => {
      const selection = selectionInput();
      if (!selection) return;
      set({ busy: true, message: null });
      try {
        const text = await run(selection);
        set({ message: { kind: 'info', text }, ...(clear ? { selection: NO_SELECTION, anchor: null } : {}) });
      } catch (error) {
        set({ message: { kind: 'error', text: describeError(error) } });
      } finally {
        set({ busy: false });
        await get().refresh();
      }
    };

    return {
      query: DEFAULT_QUERY,
      counts: null,
      pages: new Map(),
      loading: true,
      error: null,
      selection: NO_SELECTION,
      anchor: null,
      cursor: 0,
      scrollTop: 0,
      message: null,
      busy: false,

      setQuery(query) {
        const current = get();
        if (started && sameQuery(query, current.query)) return;
        started = true;
        const filterChanged = JSON.stringify(query.filter) !== JSON.stringify(current.query.filter);
        generation++;
        inFlight.clear();
        set({
          query,
          loading: true,
          error: null,
          cursor: 0,
          scrollTop: 0,
          // Another filter, other documents: a selection made in the last one would act on unseen ones.
          ...(filterChanged ? { selection: NO_SELECTION, anchor: null } : {}),
        });
        visible = [0, Math.max(30, visible[1] - visible[0])];
        void load();
      },

      showRows(first, last) {
        visible = [first, last];
        fetchMissing();
      },

      async refresh() {
        if (refreshing) return refreshing;
        refreshing = load().finally(() => {
          refreshing = null;
        });
        return refreshing;
      },

      setCursor(index) {
        const total = get().counts?.total ?? 0;
        set({ cursor: Math.max(0, Math.min(index, total - 1)) });
      },

      setScrollTop(top) {
        set({ scrollTop: top });
      },

      async select(index, how, add = false) {
        const state = get();
        const row = rowAt(state, index);
        if (how === 'range' && state.anchor !== null) {
          const from = Math.min(state.anchor, index);
          const to = Math.max(state.anchor, index);
          const count = to - from + 1;
          if (count > MAX_SELECTED_IDS) {
            set({
              message: {
                kind: 'error',
                text: `That range is ${plural(count)}; at most ${MAX_SELECTED_IDS.toLocaleString('en')} can be picked one by one. Use "Select all matching" for more.`,
              },
            });
            return;
          }
          let ids: number[] = [];
          for (let i = from; i <= to; i++) {
            const r = rowAt(state, i);
            if (!r) {
              ids = [];
              break;
            }
            ids.push(r.id);
          }
          if (ids.length !== count) {
            try {
              const { filter, sort, direction } = state.query;
              ids = (await api.libraryIds({ filter, sort, direction, offset: from, limit: count })).ids;
            } catch (error) {
              set({ message: { kind: 'error', text: describeError(error) } });
              return;
            }
          }
          const current = get().selection;
          const base = add && current.kind === 'ids' ? [...current.ids] : [];
          set({ selection: { kind: 'ids', ids: new Set([...base, ...ids]) }, cursor: index });
          return;
        }
        if (!row) return;
        if (how === 'toggle') {
          const s = state.selection;
          if (s.kind === 'all') {
            const except = new Set(s.except);
            if (except.has(row.id)) except.delete(row.id);
            else except.add(row.id);
            set({ selection: { kind: 'all', except }, anchor: index, cursor: index });
          } else {
            const ids = new Set(s.ids);
            if (ids.has(row.id)) ids.delete(row.id);
            else ids.add(row.id);
            set({ selection: { kind: 'ids', ids }, anchor: index, cursor: index });
          }
          return;
        }
        set({ selection: { kind: 'ids', ids: new Set([row.id]) }, anchor: index, cursor: index });
      },

      selectAllMatching() {
        set({ selection: { kind: 'all', except: new Set() }, anchor: null });
      },

      clearSelection() {
        set({ selection: NO_SELECTION, anchor: null });
      },

      setType: (type) =>
        bulk(async (selection) => {
          const result = await api.setTypes({ ...selection, type });
          return describeBulk(result.done, `Type set to ${type.replace(/_/g, ' ')} on`, result);
        }),

      confirm: () =>
        bulk(async (selection) => {
          const result = await api.confirmDocuments(selection);
          return describeBulk(result.done, 'Confirmed', result);
        }),

      reprocess: () =>
        bulk(async (selection) => {
          const result = await api.reprocessDocuments(selection);
          return describeBulk(result.done, 'Sent through the pipeline again:', result);
        }),

      remove: () =>
        bulk(async (selection) => {
          const { removed } = await api.removeDocuments(selection);
          return `Removed ${plural(removed)} from the archive. Their files are where they were.`;
        }, true),

      async retry(id, name) {
        set({ message: null });
        try {
          const result = await api.reprocessDocuments({ ids: [id] });
          set({
            message:
              result.done > 0
                ? { kind: 'info', text: `${name} is back in the queue.` }
                : { kind: 'error', text: `${name} was not queued: ${result.reasons.join(' ')}` },
          });
        } catch (error) {
          set({ message: { kind: 'error', text: describeError(error) } });
        }
        await get().refresh();
      },

      selectedIds() {
        const { selection } = get();
        return selection.kind === 'ids' ? [...selection.ids] : null;
      },

      dismissMessage() {
        set({ message: null });
      },

      connect() {
        const stop = client.subscribe(
          (event) => {
            if (!event.type.startsWith('document')) return;
            refreshTimer ??= setTimeout(() => {
              refreshTimer = null;
              void get().refresh();
            }, REFRESH_COALESCE_MS);
          },
          (connection) => {
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
}
