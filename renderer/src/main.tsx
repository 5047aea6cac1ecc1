import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createClient } from './client/docpipeClient.js';
import { createAppStore } from './state/appStore.js';
import { AppStoreProvider } from './state/AppStoreContext.js';
import './styles.css';

const store = createAppStore(createClient());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
