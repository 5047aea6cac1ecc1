/**
 * The search screen's state: the query as typed, the hits loaded so far (paging appends), the type facets
 * and the backend's health line. A query that does not parse comes back as AppError QUERY_INVALID; its
 * message is written for people ("Missing value after total> …"), so it is kept as the inline error
 * instead of going to the notice bar. Answers that arrive after a newer query was sent are dropped.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Api } from '../../../electron/shared/contract/api.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { SearchHealth, SearchHit, SearchResult } from '../../../electron/shared/contract/search.js';

/** Hits per page ("More" loads the next page). */
export const SEARCH_PAGE_SIZE = 20;

export interface SearchState {
  /** The query box's text. */
  query: string;
  /** The query the hits below answer (null before the first search). */
  searched: string | null;
  hits: SearchHit[];
  total: number;
  tookMs: number;
  facets: Record<string, number>;
  /** Set when nothing matched every word and the hits match only some of them. */
  fallback: boolean;
  loading: boolean;
  /** Why the last search failed, as a sentence; `invalidQuery` when the query itself is at fault. */
  error: { message: string; invalidQuery: boolean } | null;
  health: SearchHealth | null;
  /** "Did you mean": the last result's corrected query and the words it changed. */
  suggestion: SearchResult['suggestion'] | null;
  /** Set by a shortcut: the search box takes the focus when it is shown, then clears it. */
  focusPending: boolean;

  setQuery(query: string): void;
  requestFocus(): void;
  focusTaken(): void;
  /** Searches for `query` (default: the box's text) from the first page. */
  search(query?: string): Promise<void>;
  /** Appends the next page of the current search. */
  more(): Promise<void>;
  /** Adds `type:x` to the query, or removes it when present, and searches. */
  toggleType(type: string): Promise<void>;
  loadHealth(): Promise<void>;
}

export type SearchStore = StoreApi<SearchState>;

const typeToken = (type: string) => `type:${type}`;

/** The query's `type:` filters, as written. */
export function queryTypes(query: string): string[] {
  return query
    .split(/\s+/)
    .filter((t) => t.startsWith('type:'))
    .map((t) => t.slice('type:'.length));
}

/** The query with `type:x` added, or removed when it is there already. */
export function toggleTypeInQuery(query: string, type: string): string {
  const tokens = query.split(/\s+/).filter(Boolean);
  const token = typeToken(type);
  const kept = tokens.filter((t) => t !== token);
  return (kept.length === tokens.length ? [...tokens, token] : kept).join(' ');
}

export function createSearchStore(api: Pick<Api, 'search' | 'searchHealth'>): SearchStore {
  // Every request gets a number; only the newest may write its answer.
  let sequence = 0;

  return createStore<SearchState>()((set, get) => {
    async function load(query: string, offset: number): Promise<void> {
      const mine = ++sequence;
      set({ loading: true });
      try {
        const result = await api.search({ query, offset, limit: SEARCH_PAGE_SIZE });
        if (mine !== sequence) return;
        set((s) => ({
          searched: query,
          hits: offset === 0 ? result.hits : [...s.hits, ...result.hits],
          total: result.total,
          tookMs: result.tookMs,
          facets: result.facets.type,
          fallback: result.fallback !== null,
          suggestion: offset === 0 ? (result.suggestion ?? null) : s.suggestion,
          error: null,
          loading: false,
        }));
      } catch (error) {
        if (mine !== sequence) return;
        const e = AppError.wrap(error);
        const invalidQuery = e.code === ErrorCode.QUERY_INVALID;
        set({
          loading: false,
          error: { message: invalidQuery ? e.message : `${e.message} (${e.code})`, invalidQuery },
        });
        if (invalidQuery) set({ searched: query, hits: [], total: 0, facets: {}, suggestion: null });
      }
    }

    return {
      query: '',
      searched: null,
      hits: [],
      total: 0,
      tookMs: 0,
      facets: {},
      fallback: false,
      loading: false,
      error: null,
      health: null,
      suggestion: null,
      focusPending: false,

      setQuery(query) {
        set({ query });
      },
      requestFocus() {
        set({ focusPending: true });
      },
      focusTaken() {
        set({ focusPending: false });
      },
      search(query = get().query) {
        return load(query.trim(), 0);
      },
      more() {
        const { searched, hits, total, loading } = get();
        if (searched === null || loading || hits.length >= total) return Promise.resolve();
        return load(searched, hits.length);
      },
      toggleType(type) {
        const query = toggleTypeInQuery(get().query, type);
        set({ query });
        return load(query, 0);
      },
      async loadHealth() {
        try {
          set({ health: await api.searchHealth({}) });
        } catch {
          // The health line is a nicety; a failing search says what is wrong where it matters.
          set({ health: null });
        }
      },
    };
  });
}
