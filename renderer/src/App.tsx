import { useEffect } from 'react';
import {
  useAppStoreApi,
  usePipelineStoreApi,
  useRouter,
  useRouterApi,
  useServicesStoreApi,
} from './state/AppStoreContext.js';
import { routeHash } from './state/router.js';
import { SCREENS } from './screens/registry.js';
import { NoticeBar } from './components/NoticeBar.js';
import { ModelServerBadge } from './components/ModelServerBadge.js';
import { ConnectionBanner, ConnectionStatus } from './components/ConnectionStatus.js';
import { BatchFinishedNotice } from './components/BatchFinishedNotice.js';
import { useSearchShortcuts } from './state/searchShortcuts.js';
import { DropOverlay } from './components/DropOverlay.js';

export function App() {
  const store = useAppStoreApi();
  const services = useServicesStoreApi();
  const router = useRouterApi();
  const pipeline = usePipelineStoreApi();
  const route = useRouter((s) => s.route);
  const navigate = useRouter((s) => s.navigate);

  // One subscription per window: events keep the snapshot fresh for every screen.
  useEffect(() => store.getState().connect(), [store]);
  // The header's badge shows the model server on every screen, so its store follows events from the start.
  useEffect(() => services.getState().connect(), [services]);
  // Pipeline numbers follow events on every screen, so a batch that finishes is announced wherever the person is.
  useEffect(() => pipeline.getState().connect(), [pipeline]);
  // `/` and Ctrl+K (Cmd+K) go to the search box from anywhere.
  useSearchShortcuts();
  // The address is the truth about where the window is: Back, Forward and typed addresses move it.
  useEffect(() => router.getState().start(), [router]);
  // The document in the address is the one open (a reload or a bookmark opens it again).
  useEffect(() => {
    if (route.documentId === null) store.getState().closeDocument();
    else void store.getState().openDocument(route.documentId);
  }, [store, route.documentId]);

  const current = SCREENS.find((s) => s.id === route.screen) ?? SCREENS[0];
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">docpipe</h1>
        <nav aria-label="Screens">
          <ul className="tabs">
            {SCREENS.map((s) => (
              <li key={s.id}>
                <a
                  className="tab"
                  href={routeHash({ screen: s.id, documentId: null, params: {} })}
                  aria-current={s.id === current?.id ? 'page' : undefined}
                  onClick={(e) => {
                    // Through the router, so a click on the current screen's tab closes an open document
                    // without a second history entry for the same address.
                    e.preventDefault();
                    navigate({ screen: s.id, documentId: null, params: {} });
                  }}
                >
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-status">
          <ModelServerBadge />
          <ConnectionStatus />
        </div>
      </header>
      <ConnectionBanner />
      <NoticeBar />
      <BatchFinishedNotice />
      <DropOverlay />
      <main className="app-main" aria-label={current?.label}>
        {current ? <current.Component /> : null}
      </main>
    </div>
  );
}
