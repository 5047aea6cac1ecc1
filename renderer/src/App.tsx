import { useEffect } from 'react';
import { useApp, useAppStoreApi, useRouter, useRouterApi, useServicesStoreApi } from './state/AppStoreContext.js';
import { routeHash } from './state/router.js';
import { SCREENS } from './screens/registry.js';
import { NoticeBar } from './components/NoticeBar.js';
import { ModelServerBadge } from './components/ModelServerBadge.js';
import { DropOverlay } from './components/DropOverlay.js';

const CONNECTION_LABEL = { connecting: 'Connecting…', live: 'Connected', offline: 'Disconnected' } as const;

export function App() {
  const store = useAppStoreApi();
  const services = useServicesStoreApi();
  const router = useRouterApi();
  const connection = useApp((s) => s.connection);
  const route = useRouter((s) => s.route);
  const navigate = useRouter((s) => s.navigate);

  // One subscription per window: events keep the snapshot fresh for every screen.
  useEffect(() => store.getState().connect(), [store]);
  // The header's badge shows the model server on every screen, so its store follows events from the start.
  useEffect(() => services.getState().connect(), [services]);
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
          <span
            className={`connection connection-${connection}`}
            role="status"
            aria-label={`Engine: ${CONNECTION_LABEL[connection]}`}
          >
            {CONNECTION_LABEL[connection]}
          </span>
        </div>
      </header>
      <NoticeBar />
      <DropOverlay />
      <main className="app-main" aria-label={current?.label}>
        {current ? <current.Component /> : null}
      </main>
    </div>
  );
}
