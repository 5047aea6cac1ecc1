import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { commandNames, remoteCommandNames, type Api } from '../shared/contract/api.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import type { DocpipeEvent } from '../shared/contract/events.js';
import { commandChannel, EVENT_CHANNEL } from '../preload/bridge.js';
import { forwardEvents, registerCommandHandlers, type IpcCore } from './ipc.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
  return { ipc, handlers };
}

function fakeCore(): IpcCore & { emit(e: DocpipeEvent): void } {
  const listeners = new Set<(e: DocpipeEvent) => void>();
  const api = Object.fromEntries(
    commandNames.map((name) => [name, async (input: unknown) => ({ name, input })]),
  ) as unknown as Api;
  api.getDocument = async () => {
    throw new AppError(ErrorCode.NOT_FOUND, 'No document 9.');
  };
  return {
    api,
    events: {
      subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
      follow: (l) => (listeners.add(l), () => listeners.delete(l)),
    },
    emit: (e) => listeners.forEach((l) => l(e)),
  };
}

const event = (frame: unknown) => ({ senderFrame: frame }) as unknown as IpcMainInvokeEvent;

describe('typed IPC', () => {
  it('registers one handler per command a page may call, and removes them all', () => {
    const { ipc, handlers } = fakeIpc();
    const dispose = registerCommandHandlers(ipc, fakeCore(), () => true);
    expect([...handlers.keys()].sort()).toEqual(remoteCommandNames.map(commandChannel).sort());
    // Writing a file at a path, or a stream: no channel at all.
    expect(commandNames.filter((name) => !(remoteCommandNames as string[]).includes(name)).sort()).toEqual([
      'exportCsv',
      'exportCsvStream',
    ]);
    expect([...handlers.keys()].some((channel) => channel.includes('exportCsv'))).toBe(false);
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('calls the core for a trusted sender and returns errors as codes', async () => {
    const { ipc, handlers } = fakeIpc();
    registerCommandHandlers(ipc, fakeCore(), (frame) => (frame as unknown) === 'ours');
    const status = handlers.get(commandChannel('status'))!;
    expect(await status(event('ours'), { x: 1 })).toEqual({ ok: true, result: { name: 'status', input: { x: 1 } } });
    expect(await handlers.get(commandChannel('getDocument'))!(event('ours'), { ref: 9 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No document 9.', retryable: false },
    });
    expect(await status(event('an iframe'), {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('forwards events to the window until it is destroyed', () => {
    const core = fakeCore();
    const sent: unknown[] = [];
    let destroyed = false;
    const stop = forwardEvents(core, {
      isDestroyed: () => destroyed,
      send: (channel, e) => sent.push([channel, e.type]),
    });
    const e = { id: 1, at: '', correlationId: null, documentId: 1, type: 'document.completed' } as DocpipeEvent;
    core.emit(e);
    destroyed = true;
    core.emit(e);
    stop();
    expect(sent).toEqual([[EVENT_CHANNEL, 'document.completed']]);
  });
});
