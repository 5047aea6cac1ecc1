import { describe, expect, it } from 'vitest';
import type { Api } from '../../../electron/shared/contract/api.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { SearchHit, SearchRequestInput, SearchResult } from '../../../electron/shared/contract/search.js';
import { createSearchStore, toggleTypeInQuery } from './searchStore.js';

const hit = (id: number): SearchHit => ({
  id,
  score: 1,
  snippet: '',
  paths: [`/in/${id}.txt`],
  type: 'invoice',
  fields: {},
  page: 1,
  match: 'all',
});

function fakeSearch(total: number) {
  const requests: SearchRequestInput[] = [];
  const search = async (input: SearchRequestInput): Promise<SearchResult> => {
    requests.push(input);
    if (input.query?.includes('total>'))
      throw new AppError(ErrorCode.QUERY_INVALID, 'Missing value after total> at position 1: write e.g. total>100.');
    const offset = input.offset ?? 0;
    const hits = Array.from({ length: Math.max(0, Math.min(input.limit ?? 20, total - offset)) }, (_, i) =>
      hit(offset + i + 1),
    );
    return { total, tookMs: 1, hits, facets: { type: { invoice: total, letter: 2 } }, fallback: null };
  };
  const api = {
    search,
    searchHealth: async () => ({
      backend: 'sqlite',
      documents: total,
      vectors: false,
      note: 'lexical only',
      needsReindex: false,
    }),
  } as unknown as Pick<Api, 'search' | 'searchHealth'>;
  return { api, requests };
}

describe('search store', () => {
  it('searches, pages with "more" and stops at the total', async () => {
    const fake = fakeSearch(25);
    const store = createSearchStore(fake.api);
    store.getState().setQuery('  acme ');
    await store.getState().search();
    expect(store.getState().searched).toBe('acme');
    expect(store.getState().hits).toHaveLength(20);
    await store.getState().more();
    expect(
      store
        .getState()
        .hits.map((h) => h.id)
        .slice(-2),
    ).toEqual([24, 25]);
    await store.getState().more();
    expect(fake.requests.map((r) => r.offset)).toEqual([0, 20]);
  });

  it('keeps an invalid query as an inline error with the engine message', async () => {
    const store = createSearchStore(fakeSearch(3).api);
    await store.getState().search('total>');
    expect(store.getState().error).toEqual({
      message: 'Missing value after total> at position 1: write e.g. total>100.',
      invalidQuery: true,
    });
    expect(store.getState().hits).toEqual([]);
    await store.getState().search('acme');
    expect(store.getState().error).toBeNull();
  });

  it('drops an answer that arrives after a newer query', async () => {
    let release: (() => void) | null = null;
    const api = {
      search: async (input: SearchRequestInput) => {
        if (input.query === 'slow') await new Promise<void>((r) => (release = r));
        return {
          total: 1,
          tookMs: 1,
          hits: [hit(input.query === 'slow' ? 1 : 2)],
          facets: { type: {} },
          fallback: null,
        };
      },
      searchHealth: async () => null,
    } as unknown as Pick<Api, 'search' | 'searchHealth'>;
    const store = createSearchStore(api);
    const slow = store.getState().search('slow');
    await store.getState().search('fast');
    release!();
    await slow;
    expect(store.getState().searched).toBe('fast');
    expect(store.getState().hits[0]?.id).toBe(2);
  });

  it('toggles type facets in the query', async () => {
    expect(toggleTypeInQuery('acme', 'invoice')).toBe('acme type:invoice');
    expect(toggleTypeInQuery('acme type:invoice total>5', 'invoice')).toBe('acme total>5');
    const fake = fakeSearch(2);
    const store = createSearchStore(fake.api);
    store.getState().setQuery('acme');
    await store.getState().toggleType('letter');
    expect(store.getState().query).toBe('acme type:letter');
    expect(fake.requests.at(-1)?.query).toBe('acme type:letter');
  });
});
