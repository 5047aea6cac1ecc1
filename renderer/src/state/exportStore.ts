/**
 * The Export screen's state: the preview of what the chosen export will write (re-read as the choices
 * change; an answer to older choices is dropped), and saving it the window's way: a download of the
 * streamed route in a browser, the system's save dialog in the desktop app.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RemoteApi } from '../../../electron/shared/contract/api.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import type { ExportPreview, ExportRequestInput } from '../../../electron/shared/contract/exports.js';
import type { ExportSaver } from '../client/docpipeClient.js';

/** Rows the preview shows. */
export const PREVIEW_ROWS = 20;

export interface ExportClient {
  api: Pick<RemoteApi, 'exportPreview'>;
  exportCsv: ExportSaver;
}

export interface ExportState {
  preview: ExportPreview | null;
  loading: boolean;
  /** Why the preview or the save failed, as a sentence. */
  error: string | null;
  saving: boolean;
  /** What the last save did ("Saved 12 rows to …"). */
  message: string | null;
  saver: ExportSaver['kind'];

  loadPreview(request: ExportRequestInput): Promise<void>;
  /** The download's address (browser); null where the window saves otherwise. */
  downloadUrl(request: ExportRequestInput): string | null;
  /** Asks where and saves (desktop). */
  save(request: ExportRequestInput): Promise<void>;
}

export type ExportStore = StoreApi<ExportState>;

export function createExportStore(client: ExportClient): ExportStore {
  let sequence = 0;
  return createStore<ExportState>()((set) => ({
    preview: null,
    loading: false,
    error: null,
    saving: false,
    message: null,
    saver: client.exportCsv.kind,

    async loadPreview(request) {
      const mine = ++sequence;
      set({ loading: true });
      try {
        const { bom: _bom, ...filters } = request;
        const preview = await client.api.exportPreview({ ...filters, limit: PREVIEW_ROWS });
        if (mine === sequence) set({ preview, loading: false, error: null });
      } catch (error) {
        if (mine === sequence) set({ loading: false, error: AppError.wrap(error).message, preview: null });
      }
    },

    downloadUrl(request) {
      return client.exportCsv.kind === 'download' ? client.exportCsv.url(request) : null;
    },

    async save(request) {
      const saver = client.exportCsv;
      if (saver.kind !== 'dialog') {
        set({ error: 'This window cannot save files; update docpipe, or use "docpipe export --csv FILE".' });
        return;
      }
      set({ saving: true, error: null, message: null });
      try {
        const saved = await saver.save(request);
        set({ message: saved ? `Saved ${saved.rows} row${saved.rows === 1 ? '' : 's'} to ${saved.path}.` : null });
      } catch (error) {
        set({ error: AppError.wrap(error).message });
      } finally {
        set({ saving: false });
      }
    },
  }));
}
