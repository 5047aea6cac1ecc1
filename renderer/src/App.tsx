import { useEffect } from 'react';
import { useApp, useAppStoreApi, useServicesStoreApi } from './state/AppStoreContext.js';
import { SCREENS } from './screens/registry.js';
import { NoticeBar } from './components/NoticeBar.js';
import { ModelServerBadge } from './components/ModelServerBadge.js';
import { ConnectionBanner, ConnectionStatus } from './components/ConnectionStatus.js';

export function App() {
  const store = useAppStoreApi();
  const services = useServicesStoreApi();
  const screen = useApp((s) => s.screen);
  const setScreen = useApp((s) => s.setScreen);

  // One subscription per window: events keep the snapshot fresh for every screen.
  useEffect(() => store.getState().connect(), [store]);
  // The header's badge shows the model server on every screen, so its store follows events from the start.
  useEffect(() => services.getState().connect(), [services]);

  const current = SCREENS.find((s) => s.id === screen) ?? SCREENS[0];
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">docpipe</h1>
        <nav aria-label="Screens">
          <ul className="tabs">
            {SCREENS.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="tab"
                  aria-current={s.id === screen ? 'page' : undefined}
                  onClick={() => setScreen(s.id)}
                >
                  {s.label}
                </button>
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
      <main className="app-main" aria-label={current?.label}>
        {current ? <current.Component /> : null}
      </main>
    </div>
  );
}
