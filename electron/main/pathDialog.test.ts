import type { IpcMain, IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { CHOOSE_PATHS_CHANNEL } from '../preload/bridge.js';
import { registerPathDialog } from './pathDialog.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
  return { ipc, handlers };
}

const from = (frame: string) => ({ senderFrame: frame }) as unknown as IpcMainInvokeEvent;

describe('the open dialog over IPC', () => {
  it('asks for several folders or several files, and answers the chosen paths', async () => {
    const { ipc, handlers } = fakeIpc();
    const asked: OpenDialogOptions[] = [];
    const dispose = registerPathDialog(
      ipc,
      async (options) => {
        asked.push(options);
        return { canceled: false, filePaths: ['/home/me/receipts', '/home/me/letters'] };
      },
      (frame) => (frame as unknown) === 'ours',
    );
    const choose = handlers.get(CHOOSE_PATHS_CHANNEL)!;
    expect(await choose(from('ours'), 'folders')).toEqual(['/home/me/receipts', '/home/me/letters']);
    expect(asked[0]?.properties).toEqual(['openDirectory', 'multiSelections']);
    await choose(from('ours'), 'files');
    expect(asked[1]?.properties).toEqual(['openFile', 'multiSelections']);
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('answers no paths when the person cancels, the caller is not our window, or the request is malformed', async () => {
    const { ipc, handlers } = fakeIpc();
    let shown = 0;
    registerPathDialog(
      ipc,
      async () => {
        shown++;
        return { canceled: true, filePaths: ['/ignored'] };
      },
      (frame) => (frame as unknown) === 'ours',
    );
    const choose = handlers.get(CHOOSE_PATHS_CHANNEL)!;
    expect(await choose(from('ours'), 'folders')).toEqual([]);
    expect(shown).toBe(1);
    expect(await choose(from('an iframe'), 'folders')).toEqual([]);
    expect(await choose(from('ours'), 'the whole disk')).toEqual([]);
    expect(shown).toBe(1);
  });
});
