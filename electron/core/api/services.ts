import { DocumentCatalog } from '../documents/DocumentCatalog.js';
import { FolderIntake } from '../documents/FolderIntake.js';
import { Reprocessing } from '../documents/Reprocessing.js';
import type { UploadInbox } from '../documents/UploadInbox.js';
import type { FolderWatcher } from '../ingest/FolderWatcher.js';
import type { Ingestor } from '../ingest/Ingestor.js';
import type { ModelHost } from '../inference/ModelHost.js';
import type { JobQueue } from '../queue/JobQueue.js';
import { Corrections } from '../review/Corrections.js';
import type { SearchBackend } from '../search/SearchBackend.js';
import type { Store } from '../store/Store.js';
import type { Api } from '../../shared/contract/api.js';
import { createPageImageSource } from '../pages/pageImages.js';
import type { ModelServerLink } from '../inference/ModelServerLink.js';
import type { ServicesBoard } from '../services/ServicesBoard.js';
import type { SettingsService } from '../settings/SettingsService.js';

export interface ServiceDeps {
  store: Store;
  queue: JobQueue;
  ingestor: Ingestor;
  watcher: Pick<FolderWatcher, 'add' | 'remove'>;
  /** Where browser uploads land (`<data folder>/inbox`). */
  inbox: Pick<UploadInbox, 'begin' | 'folderOf'>;
  /** The embedded classifier, when the pipeline runs; corrections are learned through it. */
  models: ModelHost | null;
  /** The search backend the index stage writes to. */
  search: SearchBackend;
  /** Type or field confidence under which a document's review status is needs_review. */
  reviewThreshold: number;
  /** Attempts of a job the API enqueues. */
  maxAttempts: number;
  /** Something was enqueued: the pipeline should look for work. */
  wake(): void;
  /** Where a bundled pdftoppm is looked for (page pictures). */
  resourcesDir: string;
  settings: SettingsService;
  /** The model server as the pipeline uses it: models, downloads. */
  modelServer: ModelServerLink;
  /** The services' overview. */
  board: ServicesBoard;
}

/** What the handlers call: each service gets the dependencies it needs, nothing global. */
export interface Services {
  store: Store;
  search: SearchBackend;
  catalog: DocumentCatalog;
  intake: FolderIntake;
  reprocessing: Reprocessing;
  corrections: Corrections;
  /** The picture of one page (core/pages/pageImages.ts). */
  pageImage: Api['pageImage'];
  settings: SettingsService;
  modelServer: ModelServerLink;
  board: ServicesBoard;
}

export function createServices(deps: ServiceDeps): Services {
  const { store, queue, wake, maxAttempts } = deps;
  const catalog = new DocumentCatalog(store, deps.reviewThreshold);
  return {
    store,
    search: deps.search,
    catalog,
    intake: new FolderIntake({ store, ingestor: deps.ingestor, watcher: deps.watcher, inbox: deps.inbox, wake }),
    reprocessing: new Reprocessing({ store, queue, catalog, maxAttempts, wake }),
    corrections: new Corrections({ store, queue, catalog, models: deps.models, maxAttempts, wake }),
    pageImage: createPageImageSource(async (id) => catalog.detail(id), { resourcesDir: deps.resourcesDir }),
    settings: deps.settings,
    modelServer: deps.modelServer,
    board: deps.board,
  };
}
