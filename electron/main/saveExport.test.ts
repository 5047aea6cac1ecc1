import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/createCore.js';
import { SAVE_EXPORT_CHANNEL } from '../preload/bridge.js';
import { registerSaveExport, type SaveExportOptions } from './saveExport.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

let root: string;
let core: Core;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'docpipe-save-export-'));
  core = await createCore({ dataDir: join(root, 'data'), runPipeline: false, log: { stderrLevel: 'silent' } });
});

afterAll(async () => {
  await core?.dispose();
  rmSync(root, { recursive: true, force: true });
});

function register(ask: SaveExportOptions['ask'], trusted = true): Handler {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
  registerSaveExport(ipc, core.api, { ask, folder: () => '/home/me/Downloads', isTrustedSender: () => trusted });
  return handlers.get(SAVE_EXPORT_CHANNEL)!;
}

const event = {} as IpcMainInvokeEvent;

describe('saving an export in the desktop app', () => {
  it('asks where, in the Downloads folder under the export’s name, and writes the CSV there', async () => {
    const asked: unknown[] = [];
    const target = join(root, 'chosen.csv');
    const save = register(async (options) => (asked.push(options), { canceled: false, filePath: target }));
    const answer = await save(event, { type: 'invoice', bom: true });
    expect(answer).toEqual({ ok: true, result: { path: target, rows: 0 } });
    expect(asked).toEqual([
      {
        title: 'Save the export',
        defaultPath: expect.stringMatching(/^\/home\/me\/Downloads\/docpipe-invoice-\d{4}-\d\d-\d\d\.csv$/),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      },
    ]);
    // The same bytes the CLI writes for the same request.
    const cli = join(root, 'cli.csv');
    await core.api.exportCsv({ path: cli, type: 'invoice', bom: true });
    expect(readFileSync(target)).toEqual(readFileSync(cli));
  });

  it('writes nothing when the person cancels, and says why a wrong request or a stranger is refused', async () => {
    let asked = 0;
    const cancel = register(async () => (asked++, { canceled: true }));
    expect(await cancel(event, {})).toEqual({ ok: true, result: null });
    expect(await cancel(event, { state: 'lost' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    // The wrong request was refused before any dialog.
    expect(asked).toBe(1);
    // Whatever a page adds, the path comes from the dialog only.
    const stranger = register(async () => ({ canceled: false, filePath: join(root, 'x.csv') }), false);
    expect(await stranger(event, { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/not docpipe's window/) },
    });
  });
});
