import { describe, expect, it } from 'vitest';
import { createRouter, parseRoute, routeHash, type RouterWindow } from './router.js';

/** A window whose history behaves like a browser's: entries, an index, Back firing popstate. */
function fakeWindow(initialHash = '') {
  const entries: { hash: string; state: unknown }[] = [{ hash: initialHash, state: null }];
  let at = 0;
  const listeners = new Set<() => void>();
  const win: RouterWindow = {
    location: {
      get hash() {
        return entries[at]!.hash;
      },
    },
    history: {
      get state() {
        return entries[at]!.state;
      },
      pushState(state, _unused, url) {
        entries.splice(at + 1, entries.length, { hash: url, state });
        at += 1;
      },
      replaceState(state, _unused, url) {
        entries[at] = { hash: url, state };
      },
      back() {
        if (at > 0) at -= 1;
        for (const listener of listeners) listener();
      },
    },
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
  return { win, entries: () => entries.map((e) => e.hash), at: () => at };
}

describe('routes', () => {
  it('reads a screen, a document and params, and writes them back the same', () => {
    const route = parseRoute('#/documents/12?sort=date&type=invoice');
    expect(route).toEqual({ screen: 'documents', documentId: 12, params: { sort: 'date', type: 'invoice' } });
    expect(routeHash(route)).toBe('#/documents/12?sort=date&type=invoice');
    expect(routeHash(parseRoute('#/search?q=a%20b%26c'))).toBe('#/search?q=a+b%26c');
    expect(parseRoute('#/search?q=a+b%26c').params.q).toBe('a b&c');
  });

  it('takes anything unknown for the home screen and ignores ids that are not ids', () => {
    expect(parseRoute('')).toEqual({ screen: 'documents', documentId: null, params: {} });
    expect(parseRoute('#/nowhere/3')).toEqual({ screen: 'documents', documentId: null, params: {} });
    expect(parseRoute('#/review/0').documentId).toBeNull();
    expect(parseRoute('#/review/-4').documentId).toBeNull();
    expect(parseRoute('#/review/99999999999999999999').documentId).toBeNull();
  });
});

describe('router', () => {
  it('pushes an entry per place, replaces for refinements, and drops params on a change of screen', () => {
    const { win, entries } = fakeWindow('#/search?q=x');
    const router = createRouter(win);
    expect(router.getState().route.params).toEqual({ q: 'x' });
    router.getState().navigate({ params: { q: 'xy' } }, { replace: true });
    router.getState().navigate({ documentId: 4 });
    router.getState().navigate({ screen: 'review' });
    expect(entries()).toEqual(['#/search?q=xy', '#/search/4', '#/review']);
    // The same place again adds nothing.
    router.getState().navigate({ screen: 'review' });
    expect(entries()).toHaveLength(3);
  });

  it('goes back within the app, and to the fallback when the tab was opened on a document', () => {
    const opened = fakeWindow('#/documents/7');
    const fresh = createRouter(opened.win);
    const stop = fresh.getState().start();
    fresh.getState().back({ screen: 'documents', documentId: null });
    expect(fresh.getState().route).toEqual({ screen: 'documents', documentId: null, params: {} });
    expect(opened.entries()).toEqual(['#/documents/7', '#/documents']);

    fresh.getState().navigate({ documentId: 9 });
    fresh.getState().back({ screen: 'documents', documentId: null });
    // history.back() fired popstate: the router followed the address to the list.
    expect(opened.at()).toBe(1);
    expect(fresh.getState().route.documentId).toBeNull();
    stop();
  });
});
