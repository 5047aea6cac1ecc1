/**
 * `docpipe app`: start the desktop app when Electron can run here, else serve the same UI over HTTP.
 *
 * Electron needs its binary (downloaded lazily by the `electron` package since v42: offline machines
 * and CI have none), a built app (out/main) and, on Linux, a display. Each is checked before spawning,
 * because the `electron` package's index.js *downloads* the binary when it is missing instead of
 * failing, and a spawned Electron that cannot start exits within a second or two, which is detected
 * as well. Whatever the reason, the user gets the UI and a sentence saying why it is in a browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../core/packageRoot.js';
import type { Core } from '../core/createCore.js';
import { startRememberedServer } from '../server/servedAddress.js';
import type { RunningServer } from '../server/startServer.js';

/** The repository (or unpacked app) root: where package.json and out/ are. */
export const defaultAppRoot = packageRoot(import.meta.url);

export interface LaunchOptions {
  /** The data folder; Electron gets it as `--docpipe-data=DIR`, the fallback core opens it. */
  dataDir: string;
  /** Opens the core, for the fallback only (Electron opens its own in its main process). */
  openCore: () => Promise<Core>;
  /** Where package.json and out/ live. Default: the repository root. */
  appRoot?: string;
  /**
   * Fallback server address. Default: the one kept in the data folder (servedAddress.ts), else 127.0.0.1
   * and a free port; a given port is used as given.
   */
  host?: string | undefined;
  port?: number | undefined;
  /** Replace the fallback server's kept token. Default false. */
  newToken?: boolean;
  /** Lines for the user (the fallback URL, why Electron did not start). Default: stderr. */
  print?: (line: string) => void;
  /** An Electron still running after this long counts as started, ms. Default 3000. */
  startupWindowMs?: number;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export type LaunchResult =
  | {
      kind: 'electron';
      child: ChildProcess;
      /** Resolves with Electron's exit code when the user quits the app. */
      exited: Promise<number>;
    }
  | {
      kind: 'server';
      /** Why Electron did not start. */
      reason: string;
      server: RunningServer;
      core: Core;
      /** The URL to open, token included. */
      openUrl: string;
      /** Closes the server, then disposes the core. */
      close(): Promise<void>;
    };

/** The Electron executable, or the reason there is none. Never downloads anything. */
export function findElectronBinary(
  appRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): { path: string } | { reason: string } {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(appRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(binary)
      ? { path: binary }
      : { reason: `no Electron binary at ${binary} (ELECTRON_OVERRIDE_DIST_PATH)` };
  }
  if (!relative)
    return {
      reason:
        'the Electron binary has not been downloaded (it needs network access: run "npx install-electron" once online)',
    };
  const binary = join(packageDir, 'dist', relative);
  return existsSync(binary) ? { path: binary } : { reason: `the Electron binary is missing (${binary})` };
}

/** Everything that must hold before spawning Electron is worth trying; null when all is well. */
export function electronBlocker(appRoot: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (!existsSync(join(appRoot, 'out', 'main', 'index.js')))
    return 'the desktop app is not built (run "npm run build")';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return 'there is no display ($DISPLAY and $WAYLAND_DISPLAY are unset)';
  return null;
}

/** Spawns Electron and waits `windowMs`: an early exit is a failed start, with its stderr as the reason. */
function spawnElectron(
  binary: string,
  appRoot: string,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  windowMs: number,
): Promise<{ child: ChildProcess; exited: Promise<number> } | { reason: string }> {
  const childEnv = { ...env };
  // Set by some tools; it would make Electron behave as plain Node and ignore the app.
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [appRoot, `--docpipe-data=${dataDir}`], {
    env: childEnv,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
    process.stderr.write(chunk);
  });
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ child, exited }), windowMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ reason: `Electron failed to start (${error.message})` });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      const lastLine = stderrTail.trim().split('\n').pop();
      resolve({ reason: `Electron exited at once with code ${code}${lastLine ? `: ${lastLine}` : ''}` });
    });
  });
}

export async function launchApp(options: LaunchOptions): Promise<LaunchResult> {
  const appRoot = options.appRoot ?? defaultAppRoot;
  const env = options.env ?? process.env;
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));

  let reason = electronBlocker(appRoot, env, options.platform ?? process.platform);
  if (!reason) {
    const found = findElectronBinary(appRoot, env);
    if ('reason' in found) reason = found.reason;
    else {
      const started = await spawnElectron(found.path, appRoot, options.dataDir, env, options.startupWindowMs ?? 3000);
      if ('child' in started) return { kind: 'electron', ...started };
      reason = started.reason;
    }
  }

  const core = await options.openCore();
  let started;
  try {
    started = await startRememberedServer(core, {
      dataDir: options.dataDir,
      host: options.host,
      port: options.port,
      newToken: options.newToken ?? false,
      rendererDir: join(appRoot, 'out', 'renderer'),
    });
  } catch (error) {
    await core.dispose({ graceMs: 1000 });
    throw error;
  }
  const { server, openUrl, moved } = started;
  if (moved) print(moved);
  print(`Electron could not start here (${reason}); serving the same UI at ${openUrl}`);
  return {
    kind: 'server',
    reason,
    server,
    core,
    openUrl,
    async close() {
      await server.close();
      await core.dispose();
    },
  };
}
