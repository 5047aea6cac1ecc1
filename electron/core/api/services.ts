import { DocumentCatalog } from '../documents/DocumentCatalog.js';
import { DocumentFiles } from '../documents/DocumentFiles.js';
import { DocumentRemoval } from '../documents/DocumentRemoval.js';
import { Library } from '../documents/Library.js';
import { ThumbnailCache } from '../pages/ThumbnailCache.js';
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
import { CsvExports } from '../export/exportCsv.js';
import { PipelineMonitor } from '../pipeline/PipelineMonitor.js';

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
  /** Where pages rendered as thumbnails are kept (in the data folder). */
  thumbnailsDir: string;
  settings: SettingsService;
  /** The model server as the pipeline uses it: models, downloads. */
  modelServer: ModelServerLink;
  /** The services' overview. */
  board: ServicesBoard;
  /** docpipe's data folder (exports never write into it). */
  dataDir: string;
}

/** What the handlers call: each service gets the dependencies it needs, nothing global. */
export interface Services {
  store: Store;
  search: SearchBackend;
  catalog: DocumentCatalog;
  intake: FolderIntake;
  reprocessing: Reprocessing;
  corrections: Corrections;
  /** Documents' original files (documentFile, locateDocumentFile). */
  files: DocumentFiles;
  /** The library's pages and selections (documents/Library.ts). */
  library: Library;
  /** Removing documents from the archive (documents/DocumentRemoval.ts). */
  removal: DocumentRemoval;
  /** The picture of one page (core/pages/pageImages.ts). */
  pageImage: Api['pageImage'];
  settings: SettingsService;
  modelServer: ModelServerLink;
  board: ServicesBoard;
  /** CSV exports: preview, stream, file. */
  exports: CsvExports;
  /** The Pipeline screen's numbers, from the store. */
  pipeline: PipelineMonitor;
}

export function createServices(deps: ServiceDeps): Services {
  const { store, queue, wake, maxAttempts } = deps;
  const catalog = new DocumentCatalog(store, deps.reviewThreshold);
  const library = new Library(store, deps.reviewThreshold);
  const thumbnails = new ThumbnailCache(deps.thumbnailsDir);
  return {
    store,
    search: deps.search,
    catalog,
    intake: new FolderIntake({ store, ingestor: deps.ingestor, watcher: deps.watcher, inbox: deps.inbox, wake }),
    reprocessing: new Reprocessing({ store, queue, catalog, maxAttempts, wake }),
    corrections: new Corrections({
      store,
      queue,
      catalog,
      models: deps.models,
      reviewThreshold: deps.reviewThreshold,
      maxAttempts,
      wake,
    }),
    files: new DocumentFiles(catalog),
    library,
    removal: new DocumentRemoval({ store, library, thumbnails }),
    pageImage: createPageImageSource(async (id) => catalog.pageDocument(id), {
      resourcesDir: deps.resourcesDir,
      thumbnails,
    }),
    settings: deps.settings,
    modelServer: deps.modelServer,
    board: deps.board,
    exports: new CsvExports({ store, catalog, search: deps.search, dataDir: deps.dataDir }),
    pipeline: new PipelineMonitor(store),
  };
}
