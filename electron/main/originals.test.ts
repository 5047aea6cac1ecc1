import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { Api } from '../shared/contract/api.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { ORIGINAL_CHANNELS } from '../preload/bridge.js';
import { registerOriginalHandlers } from './originals.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function setup(openPathAnswer = '') {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
  const shellCalls: string[] = [];
  const shell = {
    openPath: async (path: string) => (shellCalls.push(`open ${path}`), openPathAnswer),
    showItemInFolder: (path: string) => void shellCalls.push(`show ${path}`),
  };
  const api = {
    locateDocumentFile: async ({ id }: { id: number }) => {
      if (id === 2) throw new AppError(ErrorCode.FILE_NOT_FOUND, 'The file of document 2 moved.');
      return { path: `/docs/${id}.pdf`, fileName: `${id}.pdf`, contentType: 'application/pdf', size: 1, sha256: 'x' };
    },
  } as unknown as Api;
  const dispose = registerOriginalHandlers(ipc, { api }, shell, (frame) => (frame as unknown) === 'ours');
  const call = (action: 'open' | 'show', input: unknown, frame = 'ours') =>
    handlers.get(ORIGINAL_CHANNELS[action])!({ senderFrame: frame } as unknown as IpcMainInvokeEvent, input);
  return { call, shellCalls, handlers, dispose };
}

describe('Open and Show in folder', () => {
  it('opens or reveals the path the core locates for the id, never one from the page', async () => {
    const { call, shellCalls } = setup();
    expect(await call('open', 7)).toEqual({ ok: true, result: null });
    expect(await call('show', 7)).toEqual({ ok: true, result: null });
    expect(shellCalls).toEqual(['open /docs/7.pdf', 'show /docs/7.pdf']);
    expect(await call('open', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(shellCalls).toHaveLength(2);
  });

  it("answers the core's refusal, a failed open and a stranger as errors with codes", async () => {
    const { call, shellCalls } = setup('No application knows this file.');
    expect(await call('open', 2)).toEqual({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: 'The file of document 2 moved.', retryable: false },
    });
    expect(await call('open', 3)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/could not be opened: No application knows this file/) },
    });
    expect(await call('show', 3, 'an iframe')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(shellCalls).toEqual(['open /docs/3.pdf']);
  });

  it('removes its handlers', () => {
    const { handlers, dispose } = setup();
    expect(handlers.size).toBe(2);
    dispose();
    expect(handlers.size).toBe(0);
  });
});
