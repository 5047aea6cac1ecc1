/**
 * Open and Show in folder for a document's original file: the desktop app's own (a browser has no such
 * thing; it downloads). The page names a document id, never a path: main asks the core where the file
 * is (`locateDocumentFile`, which also checks it still holds the document's bytes), so a page cannot
 * have any other file on the disk opened or run.
 *
 * `ipc` and `shell` are passed in (Electron's in the app) so this file is tested under Node.
 */
import type { IpcMain, Shell } from 'electron';
import { z } from 'zod';
import { failureOf, type CommandResult } from '../shared/contract/envelope.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { ORIGINAL_CHANNELS } from '../preload/bridge.js';
import type { IpcCore, SenderCheck } from './ipc.js';

const DocumentId = z.number().int().positive();

export function registerOriginalHandlers(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<IpcCore, 'api'>,
  shell: Pick<Shell, 'openPath' | 'showItemInFolder'>,
  isTrustedSender: SenderCheck,
): () => void {
  const actions = {
    open: async (path: string) => {
      // openPath answers with an error message, or '' when the file was opened.
      const problem = await shell.openPath(path);
      if (problem) throw new AppError(ErrorCode.INTERNAL, `The original could not be opened: ${problem}`);
    },
    show: async (path: string) => shell.showItemInFolder(path),
  };
  for (const [action, run] of Object.entries(actions) as [keyof typeof actions, (path: string) => Promise<void>][]) {
    ipc.handle(ORIGINAL_CHANNELS[action], async (event, input: unknown): Promise<CommandResult<null>> => {
      if (!isTrustedSender(event.senderFrame, event))
        return failureOf(new AppError(ErrorCode.INVALID_ARGUMENT, "Refused: the caller is not docpipe's window."));
      const id = DocumentId.safeParse(input);
      if (!id.success)
        return failureOf(new AppError(ErrorCode.INVALID_ARGUMENT, 'A document id is a positive number.'));
      try {
        const { path } = await core.api.locateDocumentFile({ id: id.data });
        await run(path);
        return { ok: true, result: null };
      } catch (error) {
        return failureOf(AppError.wrap(error));
      }
    });
  }
  return () => {
    for (const channel of Object.values(ORIGINAL_CHANNELS)) ipc.removeHandler(channel);
  };
}
