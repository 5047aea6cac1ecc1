/**
 * The system's open dialog for the page's "Choose folder…" and "Choose files…": in the desktop app the
 * engine reads the chosen folders where they are (with real paths), where the served UI has to upload.
 * Like the command handlers, it answers only our window's top frame, and only with data: a refused or
 * malformed call gets no paths.
 *
 * `ipc` and `showOpenDialog` are passed in (the real ones in the app) so this file is tested under Node.
 */
import type { IpcMain, OpenDialogOptions } from 'electron';
import { z } from 'zod';
import { CHOOSE_PATHS_CHANNEL, type PathKind } from '../preload/bridge.js';
import type { SenderCheck } from './ipc.js';

const PathKindSchema = z.enum(['folders', 'files']);

export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>;

/** Several folders or several files at once. */
export function openDialogOptions(kind: PathKind): OpenDialogOptions {
  return kind === 'folders'
    ? { title: 'Add folders to docpipe', buttonLabel: 'Add', properties: ['openDirectory', 'multiSelections'] }
    : { title: 'Add files to docpipe', buttonLabel: 'Add', properties: ['openFile', 'multiSelections'] };
}

export function registerPathDialog(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  showOpenDialog: ShowOpenDialog,
  isTrustedSender: SenderCheck,
): () => void {
  ipc.handle(CHOOSE_PATHS_CHANNEL, async (event, kind: unknown): Promise<string[]> => {
    if (!isTrustedSender(event.senderFrame, event)) return [];
    const parsed = PathKindSchema.safeParse(kind);
    if (!parsed.success) return [];
    const chosen = await showOpenDialog(openDialogOptions(parsed.data));
    return chosen.canceled ? [] : chosen.filePaths;
  });
  return () => ipc.removeHandler(CHOOSE_PATHS_CHANNEL);
}
