/**
 * `serve` and `app`: the UI over HTTP on loopback, and the desktop app (or, where Electron cannot start,
 * the same UI served). Each runs until the user stops it (Ctrl-C). They live with the CLI; electron/server
 * is only the HTTP transport they start.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { resumeWatching } from '../../core/createCore.js';
import { startServer, type RunningServer } from '../../server/startServer.js';
import { defineCommand, EXIT_OK, EXIT_USAGE } from '../command.js';
import { schemaFlag, textFlag } from '../flags.js';
import { defaultAppRoot, launchApp } from '../launch.js';
import { waitUntilStopped } from '../waiting.js';

/** The flags both commands take: where the server listens. */
const addressFlags = {
  port: schemaFlag(z.number().int().min(0).max(65_535), {
    placeholder: 'N',
    help: 'TCP port to listen on; 0 (the default) picks a free one',
  }),
  host: textFlag('127.0.0.1', 'loopback address to listen on: 127.0.0.1 (the default), ::1 or localhost'),
};

/** Where the server is, as `--json` prints it (one line, so a script can read it and go on). */
interface ServedAt {
  url: string;
  port: number;
  token: string;
  /** The URL to open, with the token (traded for a cookie on the first load). */
  openUrl: string;
}

function servedAt(server: RunningServer): ServedAt {
  return { url: server.url, port: server.port, token: server.token, openUrl: `${server.url}/?token=${server.token}` };
}

export const serve = defineCommand({
  name: 'serve',
  operands: '',
  summary: 'serve the UI and the API on loopback (token in the printed URL)',
  flags: addressFlags,
  core: 'services',
  async run({ core, flags, io, isStopping, print }) {
    const rendererDir = join(defaultAppRoot, 'out', 'renderer');
    if (!existsSync(join(rendererDir, 'index.html'))) {
      io.stderr(
        `The UI is not built (no ${join(rendererDir, 'index.html')}). Run "npm run build:renderer" (or "npm run build") first.\n`,
      );
      return EXIT_USAGE;
    }
    const server = await startServer(core, { host: flags.host ?? '127.0.0.1', port: flags.port ?? 0, rendererDir });
    try {
      await resumeWatching(core);
      print(servedAt(server));
      await waitUntilStopped(isStopping);
      return EXIT_OK;
    } finally {
      await server.close();
    }
  },
  text: ({ openUrl }: ServedAt) =>
    `docpipe is serving its UI at ${openUrl}\nOpen that link in a browser on this machine; press Ctrl-C to stop.\n`,
});

export const app = defineCommand({
  name: 'app',
  operands: '',
  summary: 'open the desktop app (or, where Electron cannot start, serve the UI)',
  flags: addressFlags,
  // Electron opens the data folder itself; a core is opened here only if it falls back to the browser.
  core: 'none',
  async run({ flags, io, dataDir, openCore, print }) {
    // Its own Ctrl-C handling: it runs without the core the CLI would install it with.
    let stopping = false;
    const stop = () => {
      stopping = true;
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const result = await launchApp({
        dataDir,
        openCore,
        host: flags.host,
        port: flags.port ?? 0,
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
        print(servedAt(result.server));
        await waitUntilStopped(() => stopping);
        return EXIT_OK;
      } finally {
        await result.close();
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
  // The address went to stderr already, with the reason Electron did not start; stdout has it only with --json.
  text: (_servedAt: ServedAt) => '',
});
