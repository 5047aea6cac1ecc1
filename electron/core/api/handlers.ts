import type { z } from 'zod';
import { commands, type Api, type CommandName, type CommandOutput } from '../../shared/contract/api.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { completedDocumentBatches } from '../pipeline/indexStage.js';
import { reviewQueue } from '../review/reviewQueue.js';
import { reindexFromStore } from '../search/reindex.js';
import type { Services } from './services.js';

/** Handlers receive the parsed input (defaults applied). */
type ParsedInput<K extends CommandName> = z.output<(typeof commands)[K]['input']>;
type Implementations = { [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandOutput<K>> | CommandOutput<K> };

/**
 * The one implementation of the contract. Every shell (IPC, HTTP, CLI) calls these through `api`,
 * which parses the input with the contract's schema first: a handler never sees unchecked input.
 * Each handler is one call into a service (api/services.ts); what a command does lives there.
 */
export function createApi(services: Services): Api {
  const {
    store,
    search,
    catalog,
    intake,
    reprocessing,
    corrections,
    settings,
    modelServer,
    board,
    files,
    library,
    removal,
    exports,
  } = services;

  const impl: Implementations = {
    search: (request) => search.search(request),
    searchHealth: () => search.health(),
    reindex: () => reindexFromStore(search, completedDocumentBatches(store)),
    ingest: (request) => intake.ingest(request),
    batchProgress: ({ batchId }) => catalog.batchProgress(batchId),
    status: () => catalog.status(),
    listDocuments: (filter) => catalog.list(filter),
    getDocument: ({ ref }) => catalog.detail(ref),
    retryJobs: (request) => reprocessing.retryJobs(request),
    unwatch: ({ path }) => intake.unwatch(path),
    review: (request) => reviewQueue(store, request),
    setType: ({ ref, type }) => corrections.setType(ref, type),
    setField: ({ ref, field, value }) => corrections.setField(ref, field, value),
    confirm: ({ ref }) => corrections.confirm(ref),
    reprocess: (request) => reprocessing.reprocess(request),
    exportCsv: (request) => exports.toFile(request),
    pageImage: (request) => services.pageImage(request),
    services: () => board.overview(),
    settings: () => settings.get(),
    setSettings: (change) => settings.change(change),
    pullModel: ({ model }) => modelServer.pull(model),
    cancelPull: ({ model }) => modelServer.cancelPull(model),
    deleteModel: ({ model }) => modelServer.deleteModel(model),
    documentFile: (request) => files.read(request),
    locateDocumentFile: ({ id }) => files.locate(id),
    clearCorrection: ({ ref, field }) => corrections.clearCorrection(ref, field),
    confirmConfident: (request) => corrections.confirmConfident(request),
    library: (request) => library.page(request),
    libraryIds: (request) => ({ ids: library.ids(request) }),
    setTypes: ({ type, ...selection }) => corrections.setTypes(library.resolve(selection), type),
    confirmDocuments: (selection) => corrections.confirmMany(library.resolve(selection)),
    reprocessDocuments: (selection) => reprocessing.reprocessMany(library.resolve(selection)),
    removeDocuments: (selection) => removal.remove(selection),
    pipeline: (request) => services.pipeline.overview(request),
    exportPreview: (request) => exports.preview(request),
    exportCsvStream: (request) => exports.stream(request),
    watchedFolders: () => intake.watchedFolders(),
    pauseWatch: ({ path }) => intake.pauseWatch(path),
    resumeWatch: ({ path }) => intake.resumeWatch(path),
    beginUpload: () => intake.beginUpload(),
    ingestUpload: ({ uploadId }) => intake.ingestUpload(uploadId),
  };

  const api = {} as Record<CommandName, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(commands) as CommandName[]) {
    const schema = commands[name].input;
    const handler = impl[name] as (input: unknown) => unknown;
    api[name] = async (input: unknown) => {
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) {
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          `Invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
        );
      }
      return handler(parsed.data);
    };
  }
  return api as unknown as Api;
}
