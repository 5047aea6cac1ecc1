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
import './styles.css';

const client = createClient();
const stores = {
  app: createAppStore(client),
  search: createSearchStore(client.api),
  review: createReviewStore(client.api),
  services: createServicesStore(client),
  router: createRouter(window),
  library: createLibraryStore(client),
  pipeline: createPipelineStore(client, browserNotifier()),
  exports: createExportStore(client),
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
