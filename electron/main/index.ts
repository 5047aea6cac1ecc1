/**
 * The desktop shell: app lifecycle, one window, typed IPC to the core. No business logic lives here;
 * the core is the same engine the server and the CLI drive, with its data in Electron's userData folder
 * (or `--docpipe-data=DIR`, which `docpipe app --data DIR` passes).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, shell } from 'electron';
import { join, resolve } from 'node:path';
import { createCore, resumeWatching, type Core } from '../core/createCore.js';
import { startCoordinatorEndpoint } from '../server/workerServer.js';
import { forwardEvents, registerCommandHandlers, type SenderCheck } from './ipc.js';
import { registerOriginalHandlers } from './originals.js';
import { registerPathDialog } from './pathDialog.js';
import { registerSaveExport } from './saveExport.js';
import { acquireDataFolderLock, lockRefusal } from './dataFolderLock.js';
import { createMainWindow, denyAllPermissions } from './window.js';
import { isTrustedFrame, lockDownContents, windowPaths } from './windowPolicy.js';

const paths = windowPaths(__dirname, { isPackaged: app.isPackaged, env: process.env });
let core: Core | null = null;
let window: BrowserWindow | null = null;
const cleanups: (() => void)[] = [];

const defaultDataFolder = resolve(app.getPath('userData'));
const dataFolder = resolve(app.commandLine.getSwitchValue('docpipe-data') || defaultDataFolder);
// Electron's single-instance lock is Chromium's, keyed by the userData folder. Another data folder gets
// its own browser profile inside it, so the lock (and "focus the open window" on a second launch) is per
// data folder: two folders run side by side. The default data folder is userData itself.
if (dataFolder !== defaultDataFolder) app.setPath('userData', join(dataFolder, 'app-profile'));

function openWindow(openCore: Core): void {
  const win = createMainWindow(paths);
  window = win;
  cleanups.push(forwardEvents(openCore, win.webContents));
  win.on('closed', () => {
    if (window === win) window = null;
  });
}

async function start(): Promise<void> {
  denyAllPermissions(paths.rendererUrl);
  Menu.setApplicationMenu(null);
  core = await createCore({
    dataDir: dataFolder,
    resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : undefined,
    // Built beside this file by electron.vite.config.ts (the sources' relative path does not exist in out/).
    extractWorkerEntry: new URL('./extract.worker.js', import.meta.url).href,
    understandWorkerEntry: new URL('./understand.worker.js', import.meta.url).href,
    log: { stderrLevel: app.isPackaged ? 'silent' : 'warn' },
    // The bundled model server (and OpenSearch when chosen) run with the app, as with `docpipe serve`.
    services: { run: true },
    // Remote workers when the settings name a broker (the workers' address is opened below).
    brokerFromSettings: true,
  });
  const openCore = core;
  const ours: SenderCheck = (frame, event) =>
    event.sender === window?.webContents && isTrustedFrame(frame, paths.rendererUrl);
  cleanups.push(
    registerCommandHandlers(ipcMain, openCore, ours),
    registerOriginalHandlers(ipcMain, openCore, shell, ours),
    registerSaveExport(ipcMain, openCore.api, {
      ask: (options) => (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options)),
      folder: () => app.getPath('downloads'),
      isTrustedSender: ours,
    }),
    // Modal to the window, so the choice belongs to it.
    registerPathDialog(
      ipcMain,
      (options) => (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options)),
      ours,
    ),
  );
  openWindow(openCore);
  // With a broker in the settings the app coordinates remote workers, as `serve --broker` does; the
  // Services screen shows them, and the worker token is kept in the data folder (workers.json).
  const endpoint = await startCoordinatorEndpoint(openCore).catch((error: unknown) => {
    openCore.log.error({ err: error }, 'the address for remote workers could not be opened; extraction stays here');
    return null;
  });
  if (endpoint) {
    cleanups.push(() => void endpoint.server.close());
    openCore.log.info({ coordinator: endpoint.server.url }, 'remote workers fetch documents here');
  }
  await resumeWatching(openCore);
}

// One running app per data folder: a second launch on the same folder focuses the first window instead
// of opening the archive a second time. Electron's lock does that within one install and user; the lock
// file (dataFolderLock.ts) holds across installs, users and a `--docpipe-data` spelled differently.
const folderLock = app.requestSingleInstanceLock() ? acquireDataFolderLock(dataFolder) : null;
if (!folderLock) {
  app.quit();
} else if (!folderLock.held) {
  const refusal = lockRefusal(dataFolder, folderLock.holder);
  console.error(`docpipe: ${refusal}`);
  // Before ready, Linux would print the box to stderr only.
  void app.whenReady().then(() => {
    dialog.showErrorBox('docpipe is already open', refusal);
    app.exit(1);
  });
} else {
  const release = folderLock.release;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, paths.rendererUrl));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow(core);
  });

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    if (!core) {
      release();
      return;
    }
    // Let running jobs finish or go back to the queue before the process ends.
    event.preventDefault();
    disposed = true;
    for (const cleanup of cleanups.splice(0)) cleanup();
    const closing = core;
    core = null;
    closing
      .dispose({ graceMs: 5_000 })
      .catch((error: unknown) => console.error('docpipe: shutting the engine down failed', error))
      .finally(() => {
        release();
        app.quit();
      });
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('docpipe could not start:', error);
      app.exit(1);
    });
}
