/**
 * The `serve` and `app` commands: each runs until the user stops it (Ctrl-C) and returns the exit code.
 * They live with the CLI; electron/server is only the HTTP transport they start.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resumeWatching, type Core } from '../../core/createCore.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { startServer } from '../../server/startServer.js';
import { defaultAppRoot, launchApp } from '../launch.js';

export interface ShellIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface ServeArgs {
  /** `--port N` as typed; default 0 (a free port). */
  port?: string | undefined;
  /** `--host H`; default 127.0.0.1 (loopback names only). */
  host?: string | undefined;
  /** `--json`: print one JSON line { url, port, token, openUrl } instead of the sentence. */
  json?: boolean | undefined;
  /** The built renderer. Default: <repo>/out/renderer. */
  rendererDir?: string | undefined;
}

/** `--port` as a TCP port, or a usage error with a sentence the CLI can print. */
export function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new AppError(ErrorCode.INVALID_ARGUMENT, `--port takes a port number from 0 (any free port) to 65535, not "${text}".`);
  }
  return port;
}

function waitUntilStopped(isStopping: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (isStopping()) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
  });
}

/**
 * `docpipe serve`: the UI and the API on loopback over an already open core (with its pipeline
 * running), until `isStopping()` turns true. The caller disposes the core afterwards.
 */
export async function runServe(core: Core, args: ServeArgs, io: ShellIo, isStopping: () => boolean): Promise<number> {
  const rendererDir = args.rendererDir ?? join(defaultAppRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    io.stderr(`The UI is not built (no ${join(rendererDir, 'index.html')}). Run "npm run build:renderer" (or "npm run build") first.\n`);
    return 2;
  }
  const server = await startServer(core, { host: args.host ?? '127.0.0.1', port: parsePort(args.port), rendererDir });
  try {
    await resumeWatching(core);
    const openUrl = `${server.url}/?token=${server.token}`;
    if (args.json) io.stdout(`${JSON.stringify({ url: server.url, port: server.port, token: server.token, openUrl })}\n`);
    else io.stdout(`docpipe is serving its UI at ${openUrl}\nOpen that link in a browser on this machine; press Ctrl-C to stop.\n`);
    await waitUntilStopped(isStopping);
    return 0;
  } finally {
    await server.close();
  }
}

export interface AppArgs extends ServeArgs {
  dataDir: string;
  /** Opens the core for the browser fallback; not called when Electron starts (it opens its own). */
  openCore: () => Promise<Core>;
}

/**
 * `docpipe app` (= `npm start`): the desktop app, or the same UI served over HTTP when Electron
 * cannot start here. Installs its own Ctrl-C handling, since it runs before the CLI opens a core.
 */
export async function runApp(args: AppArgs, io: ShellIo): Promise<number> {
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await launchApp({
      dataDir: args.dataDir,
      openCore: args.openCore,
      host: args.host,
      port: parsePort(args.port),
      print: (line) => io.stderr(`${line}\n`),
    });
    if (result.kind === 'electron') {
      const stopElectron = () => result.child.kill('SIGTERM');
      process.once('SIGINT', stopElectron);
      process.once('SIGTERM', stopElectron);
      try {
        return await result.exited;
      } finally {
        process.off('SIGINT', stopElectron);
        process.off('SIGTERM', stopElectron);
      }
    }
    try {
      await resumeWatching(result.core);
      if (args.json) io.stdout(`${JSON.stringify({ url: result.server.url, port: result.server.port, token: result.server.token, openUrl: result.openUrl })}\n`);
      await waitUntilStopped(() => stopping);
      return 0;
    } finally {
      await result.close();
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
