/**
 * The desktop app's export: the page names what to export, the person chooses where in the system's save
 * dialog, and the main process writes the CSV there from the core's stream. No path ever comes from the
 * page (the contract's `exportCsv`, which takes one, has no IPC channel at all).
 *
 * `ipc` and the dialog are passed in (ipcMain and dialog.showSaveDialog in the app), so this is tested
 * under Node without Electron.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { join } from 'node:path';
import type { Api } from '../shared/contract/api.js';
import { failureOf, type CommandResult } from '../shared/contract/envelope.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { writeTextFile } from '../core/export/csv.js';
import { SAVE_EXPORT_CHANNEL, type SavedExport } from '../preload/bridge.js';

/** What the save dialog answers (Electron's SaveDialogReturnValue). */
export interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string | undefined;
}

export interface SaveExportOptions {
  /** Shows the save dialog (dialog.showSaveDialog with the window). */
  ask(options: {
    title: string;
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
  }): Promise<SaveDialogAnswer>;
  /** The folder the dialog opens in (the Downloads folder). */
  folder(): string;
  isTrustedSender(frame: WebFrameMain | null, event: IpcMainInvokeEvent): boolean;
}

export function registerSaveExport(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  api: Pick<Api, 'exportCsvStream'>,
  options: SaveExportOptions,
): () => void {
  ipc.handle(SAVE_EXPORT_CHANNEL, async (event, input: unknown): Promise<CommandResult<SavedExport | null>> => {
    if (!options.isTrustedSender(event.senderFrame, event))
      return failureOf(
        new AppError(ErrorCode.INVALID_ARGUMENT, "Refused the export: the caller is not docpipe's window."),
      );
    try {
      // Parsed (and a query's documents found) before the dialog: a wrong filter is said at once.
      const csv = await api.exportCsvStream(input as Parameters<Api['exportCsvStream']>[0]);
      const answer = await options.ask({
        title: 'Save the export',
        defaultPath: join(options.folder(), csv.filename),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      });
      if (answer.canceled || !answer.filePath) return { ok: true, result: null };
      let lines = 0;
      function* counted(): Generator<string> {
        for (const chunk of csv.chunks) {
          lines++;
          yield chunk;
        }
      }
      await writeTextFile(answer.filePath, counted());
      // The first line is the header.
      return { ok: true, result: { path: answer.filePath, rows: Math.max(0, lines - 1) } };
    } catch (error) {
      return failureOf(error);
    }
  });
  return () => ipc.removeHandler(SAVE_EXPORT_CHANNEL);
}
