import { describe, expect, it, vi } from 'vitest';
import { commandNames, type Api, type CommandInput } from '../../../electron/shared/contract/api.js';
import type { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import type { LibraryPage, LibraryRow } from '../../../electron/shared/contract/library.js';
import type { DocpipeClient } from '../client/docpipeClient.js';
import { CACHED_PAGES, createLibraryStore, PAGE_SIZE, rowAt, selectedCount } from './libraryStore.js';
import { DEFAULT_QUERY } from './libraryRoute.js';

/** An engine with `total` documents (ids 1…total, newest first), answering as the api does; `version` marks refreshed rows. */
function fakeEngine(total: number) {
  const calls: { name: string; input: unknown }[] = [];
  let version = 1;
  let push: ((e: DocpipeEvent) => void) | null = null;
  let hold: Promise<void> | null = null;
  const row = (id: number): LibraryRow => ({
    id,
    sha256: null,
    name: `doc-${id}.txt (v${version})`,
    path: `/in/doc-${id}.txt`,
    pathCount: 1,
    mime: 'text/plain',
    pages: 1,
    size: 10,
    added: '',
    state: 'completed',
    review: 'ok',
    error: null,
    type: 'letter',
    typeConfidence: 0.9,
    typeSource: 'embedded',
    date: null,
    party: null,
    total: null,
    lowestConfidence: 0.9,
  });
  const api = Object.fromEntries(
    commandNames.map((name) => [
      name,
      async (input: unknown) => {
        calls.push({ name, input });
        return { done: 0, skipped: 0, reasons: [] };
      },
    ]),
  ) as unknown as Api;
  api.library = async (input) => {
    calls.push({ name: 'library', input });
    if (hold) await hold;
    const { offset = 0, limit = 100, counts = true } = input;
    const rows: LibraryRow[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(row(total - i));
    const answer: LibraryPage = {
      offset,
      rows,
      counts: counts
        ? {
            total,
            archive: total,
            state: { queued: 0, processing: 0, completed: total, failed: 0 },
            type: Object.fromEntries(
              [
                'invoice',
                'receipt',
                'form',
                'contract',
                'scientific_paper',
                'letter',
                'resume',
                'report',
                'bank_statement',
                'email',
                'other',
                'untyped',
              ].map((t) => [t, t === 'letter' ? total : 0]),
            ) as never,
            review: { pending: 0, needs_review: 0, ok: total, reviewed: 0 },
          }
        : null,
    };
    return answer;
  };
  api.libraryIds = async (input) => {
    calls.push({ name: 'libraryIds', input });
    return { ids: Array.from({ length: input.limit }, (_, i) => total - (input.offset ?? 0) - i) };
  };
  api.removeDocuments = async (input) => (calls.push({ name: 'removeDocuments', input }), { removed: 2, paths: 2 });
  const client: Pick<DocpipeClient, 'api' | 'subscribe'> = {
    api,
    subscribe(listener) {
      push = listener;
      return () => (push = null);
    },
  };
  return {
    client,
    calls,
    libraryCalls: () => calls.filter((c) => c.name === 'library').map((c) => c.input as CommandInput<'library'>),
    push: (e: DocpipeEvent) => push?.(e),
    bump: () => version++,
    /** Holds library answers until the returned function is called. */
    holdAnswers: () => {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('library store', () => {
  it('loads the counts with the first page, then only the pages scrolled to, each once, and keeps a few', async () => {
    const engine = fakeEngine(100_000);
    const store = createLibraryStore(engine.client);
    store.getState().setQuery(DEFAULT_QUERY);
    await vi.waitFor(() => expect(store.getState().counts?.total).toBe(100_000));
    expect(engine.libraryCalls()).toEqual([
      { filter: {}, sort: 'added', direction: 'desc', offset: 0, limit: PAGE_SIZE, counts: true },
    ]);
    expect(rowAt(store.getState(), 0)?.id).toBe(100_000);

    store.getState().showRows(5000, 5030);
    store.getState().showRows(5001, 5031);
    await settle();
    // Near a page's top edge, the page above comes too (scrolling up needs it next).
    expect(
      engine
        .libraryCalls()
        .slice(1)
        .map((c) => [c.offset, c.counts]),
    ).toEqual([
      [4900, false],
      [5000, false],
    ]);
    expect(rowAt(store.getState(), 5010)?.id).toBe(100_000 - 5010);

    for (let p = 0; p < CACHED_PAGES + 10; p++) store.getState().showRows(p * PAGE_SIZE * 3, p * PAGE_SIZE * 3 + 20);
    await settle();
    expect(store.getState().pages.size).toBeLessThanOrEqual(CACHED_PAGES);
    // The pages nearest to the screen are the ones kept.
    expect(store.getState().pages.has((CACHED_PAGES + 9) * 3)).toBe(true);
  });

  it('drops an answer for a query that is no longer the current one', async () => {
    const engine = fakeEngine(500);
    const store = createLibraryStore(engine.client);
    const release = engine.holdAnswers();
    store.getState().setQuery(DEFAULT_QUERY);
    store.getState().setQuery({ ...DEFAULT_QUERY, sort: 'name', direction: 'asc' });
    release();
    await vi.waitFor(() => expect(store.getState().loading).toBe(false));
    expect(store.getState().query.sort).toBe('name');
    expect(engine.libraryCalls().map((c) => c.sort)).toEqual(['added', 'name']);
  });

  it('reads the screen again once per burst of events, showing the old rows until the new ones come', async () => {
    vi.useFakeTimers();
    try {
      const engine = fakeEngine(300);
      const store = createLibraryStore(engine.client);
      const stop = store.getState().connect();
      store.getState().setQuery(DEFAULT_QUERY);
      await vi.runAllTimersAsync();
      expect(rowAt(store.getState(), 0)?.name).toMatch(/v1/);
      const before = engine.libraryCalls().length;

      engine.bump();
      const release = engine.holdAnswers();
      for (let i = 0; i < 50; i++)
        engine.push({ id: i, at: '', correlationId: null, documentId: i, type: 'document.completed' });
      await vi.advanceTimersByTimeAsync(1000);
      expect(engine.libraryCalls().length).toBe(before + 1);
      // Waiting for the answer: the rows are still there.
      expect(rowAt(store.getState(), 0)?.name).toMatch(/v1/);
      release();
      await vi.runAllTimersAsync();
      expect(rowAt(store.getState(), 0)?.name).toMatch(/v2/);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('selects one, toggles, and ranges (from the cache, or asked for), and refuses a range too long', async () => {
    const engine = fakeEngine(50_000);
    const store = createLibraryStore(engine.client);
    store.getState().setQuery(DEFAULT_QUERY);
    await vi.waitFor(() => expect(store.getState().counts).not.toBeNull());
    const s = () => store.getState();

    await s().select(2, 'only');
    await s().select(5, 'range');
    expect(selectedCount(s())).toBe(4);
    expect(engine.calls.some((c) => c.name === 'libraryIds')).toBe(false);
    await s().select(3, 'toggle');
    expect(selectedCount(s())).toBe(3);

    await s().select(0, 'only');
    await s().select(2500, 'range');
    expect(engine.calls.filter((c) => c.name === 'libraryIds').map((c) => c.input)).toEqual([
      { filter: {}, sort: 'added', direction: 'desc', offset: 0, limit: 2501 },
    ]);
    expect(selectedCount(s())).toBe(2501);

    await s().select(30_000, 'range');
    expect(s().message?.text).toMatch(/30,001 documents.*Select all matching/);
    expect(selectedCount(s())).toBe(2501);
  });

  it('acts on ids, or on everything matching but the exceptions; removal clears the selection', async () => {
    const engine = fakeEngine(1000);
    const store = createLibraryStore(engine.client);
    const query = { ...DEFAULT_QUERY, filter: { type: ['letter' as const] } };
    store.getState().setQuery(query);
    await vi.waitFor(() => expect(store.getState().counts).not.toBeNull());
    const s = () => store.getState();

    await s().select(0, 'only');
    await s().select(1, 'toggle');
    await s().setType('invoice');
    expect(engine.calls.find((c) => c.name === 'setTypes')?.input).toEqual({ ids: [1000, 999], type: 'invoice' });
    expect(s().message).toEqual({ kind: 'info', text: 'Type set to invoice on 0 documents.' });

    s().selectAllMatching();
    await s().select(0, 'toggle');
    expect(selectedCount(s())).toBe(999);
    await s().remove();
    expect(engine.calls.find((c) => c.name === 'removeDocuments')?.input).toEqual({
      filter: { type: ['letter'] },
      except: [1000],
    });
    expect(s().message?.text).toBe('Removed 2 documents from the archive. Their files are where they were.');
    expect(selectedCount(s())).toBe(0);

    // Another sort keeps a selection; another filter does not.
    await s().select(0, 'only');
    s().setQuery({ ...query, sort: 'name' });
    expect(selectedCount(s())).toBe(1);
    s().setQuery({ ...query, filter: {} });
    expect(selectedCount(s())).toBe(0);
  });
});
