import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createClient } from './client/docpipeClient.js';
import { createAppStore } from './state/appStore.js';
import { createSearchStore } from './state/searchStore.js';
import { createReviewStore } from './state/reviewStore.js';
import { createServicesStore } from './state/servicesStore.js';
import { AppStoreProvider } from './state/AppStoreContext.js';
import { createRouter } from './state/router.js';
import { createLibraryStore } from './state/libraryStore.js';
import { browserNotifier, createPipelineStore } from './state/pipelineStore.js';
import { createExportStore } from './state/exportStore.js';
import { createIntakeStore } from './state/intakeStore.js';
import { formatBytes } from './components/documentFacts.js';
import './styles.css';

const client = createClient();
const app = createAppStore(client);
const stores = {
  app,
  search: createSearchStore(client.api),
  review: createReviewStore(client.api),
  services: createServicesStore(client),
  router: createRouter(window),
  library: createLibraryStore(client),
  pipeline: createPipelineStore(client, browserNotifier()),
  exports: createExportStore(client),
  intake: createIntakeStore(client, {
    onBatch: (summary) => app.getState().followBatch(summary),
    sizeText: formatBytes,
    preferences: window.localStorage,
  }),
};
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <AppStoreProvider stores={stores}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
