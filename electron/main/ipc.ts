/**
 * Typed IPC generated from the contract: one `ipcMain.handle` per command a page may call (the local
 * ones, such as writing a file at a path, have no channel), nothing else. A handler
 * checks who is calling, then makes one call into the core's api (which parses the input with the
 * contract's schema). Errors go back as data (the contract's envelope, `CommandResult`) so their code
 * survives the trip.
 *
 * `ipc` is passed in (the real `ipcMain` in the app) so this file is tested under Node without Electron.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { remoteCommandNames } from '../shared/contract/api.js';
import { callCommand, failureOf, type CommandResult } from '../shared/contract/envelope.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import type { DocpipeEvent } from '../shared/contract/events.js';
import type { Core } from '../core/createCore.js';
import { commandChannel, EVENT_CHANNEL } from '../preload/bridge.js';

export type IpcCore = Pick<Core, 'api' | 'events'>;

/** Decides whether a frame may call the engine (our window's top frame showing our renderer). */
export type SenderCheck = (frame: WebFrameMain | null, event: IpcMainInvokeEvent) => boolean;

export function registerCommandHandlers(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: IpcCore,
  isTrustedSender: SenderCheck,
): () => void {
  for (const name of remoteCommandNames) {
    ipc.handle(commandChannel(name), async (event, input: unknown): Promise<CommandResult<unknown>> => {
      if (!isTrustedSender(event.senderFrame, event)) {
        return failureOf(
          new AppError(ErrorCode.INVALID_ARGUMENT, `Refused ${name}: the caller is not docpipe's window.`),
        );
      }
      return callCommand(core.api, name, input);
    });
  }
  return () => {
    for (const name of remoteCommandNames) ipc.removeHandler(commandChannel(name));
  };
}

/** Something that can receive pushed events (a WebContents). */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, event: DocpipeEvent): void;
}

/**
 * Forwards every event of the data folder to the window, other processes' too (a CLI ingest shows in the
 * app as it goes); returns the unsubscribe function.
 */
export function forwardEvents(core: IpcCore, target: EventTarget): () => void {
  return core.events.follow((event) => {
    if (!target.isDestroyed()) target.send(EVENT_CHANNEL, event);
  });
}
