/**
 * Where the window is: every screen and every document has its own address, kept in the URL's hash
 * (`#/documents/12`, `#/search?q=total`), so Back and Forward work, a reload stays where it was and an
 * address can be bookmarked. The hash rather than the path because the desktop app loads the renderer
 * from a file (no server to answer `/documents/12`) and the served one would otherwise need a fallback
 * route for every address.
 *
 *   #/<screen>[/<document id>][?key=value&…]
 *
 * The router is a store like the others: it gets its window as an argument, so a test hands it a fake.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export const SCREEN_IDS = ['documents', 'search', 'review', 'pipeline', 'export', 'services'] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

export interface Route {
  screen: ScreenId;
  /** The document open on the screen, if any. */
  documentId: number | null;
  /** The screen's own state worth keeping in the address (a query, a filter, a sort). */
  params: Record<string, string>;
}

/** What `navigate` takes: a whole route, or a part of one (the rest from the current route, params reset). */
export type RouteChange = Partial<Route> & { screen?: ScreenId };

export const HOME: Route = { screen: 'documents', documentId: null, params: {} };

function isScreenId(value: string): value is ScreenId {
  return (SCREEN_IDS as readonly string[]).includes(value);
}

/** The route of a hash; anything unknown is the home screen (an old bookmark never shows a blank window). */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const queryAt = text.indexOf('?');
  const path = queryAt < 0 ? text : text.slice(0, queryAt);
  const query = queryAt < 0 ? '' : text.slice(queryAt + 1);
  const [screen = '', id = ''] = path.split('/').filter(Boolean);
  if (!isScreenId(screen)) return HOME;
  const documentId = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : null;
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) params[key] = value;
  return { screen, documentId, params };
}

/** The hash of a route: `#/documents/12?sort=date`. Params with empty values are left out. */
export function routeHash(route: Route): string {
  const query = new URLSearchParams(Object.entries(route.params).filter(([, value]) => value !== '')).toString();
  return `#/${route.screen}${route.documentId !== null ? `/${route.documentId}` : ''}${query ? `?${query}` : ''}`;
}

export function sameRoute(a: Route, b: Route): boolean {
  return routeHash(a) === routeHash(b);
}

export interface RouterState {
  route: Route;
  /**
   * Goes to a route; a new history entry unless `replace` (for state that refines the current place, such
   * as a filter typed into a box, so Back does not step through every keystroke).
   */
  navigate(change: RouteChange, options?: { replace?: boolean }): void;
  /** Back within the app when the previous entry is the app's, else to `fallback` (a fresh tab opened on a document). */
  back(fallback: RouteChange): void;
  /** Follows the window's address; returns the stop function. */
  start(): () => void;
}

export type RouterStore = StoreApi<RouterState>;

/** The part of `window` the router uses. */
export interface RouterWindow {
  location: { hash: string };
  history: {
    readonly state: unknown;
    pushState(data: unknown, unused: string, url: string): void;
    replaceState(data: unknown, unused: string, url: string): void;
    back(): void;
  };
  addEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
  removeEventListener(type: 'hashchange' | 'popstate', listener: () => void): void;
}

/** The position of the current history entry among the app's own, kept in the entry's state. */
function entryIndex(state: unknown): number {
  const index = (state as { docpipeIndex?: unknown } | null)?.docpipeIndex;
  return typeof index === 'number' ? index : 0;
}

export function createRouter(win: RouterWindow): RouterStore {
  // Entries before this one that are the app's: Back within the app is possible only above 0
  // (history.length also counts other sites', and a tab opened on a document has none of ours).
  let index = entryIndex(win.history.state);
  return createStore<RouterState>()((set, get) => ({
    route: parseRoute(win.location.hash),

    navigate(change, options) {
      const current = get().route;
      const screenChanged = change.screen !== undefined && change.screen !== current.screen;
      const next: Route = {
        screen: change.screen ?? current.screen,
        documentId: change.documentId !== undefined ? change.documentId : screenChanged ? null : current.documentId,
        params: change.params ?? (screenChanged || change.documentId !== undefined ? {} : current.params),
      };
      if (sameRoute(next, current)) return;
      const hash = routeHash(next);
      if (options?.replace) win.history.replaceState({ docpipeIndex: index }, '', hash);
      else {
        index += 1;
        win.history.pushState({ docpipeIndex: index }, '', hash);
      }
      set({ route: next });
    },

    back(fallback) {
      if (index > 0) win.history.back();
      else get().navigate(fallback);
    },

    start() {
      // pushState fires neither event; typing an address, Back and Forward fire one or both.
      const follow = () => {
        index = entryIndex(win.history.state);
        const route = parseRoute(win.location.hash);
        if (!sameRoute(route, get().route)) set({ route });
      };
      win.addEventListener('hashchange', follow);
      win.addEventListener('popstate', follow);
      follow();
      return () => {
        win.removeEventListener('hashchange', follow);
        win.removeEventListener('popstate', follow);
      };
    },
  }));
}
