/**
 * `serve` and `app`: the UI over HTTP on loopback, and the desktop app (or, where Electron cannot start,
 * the same UI served). Each runs until the user stops it (Ctrl-C). They live with the CLI; electron/server
 * is only the HTTP transport they start. The address and token are kept per data folder
 * (server/servedAddress.ts), and `url` prints them again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { resumeWatching } from '../../core/createCore.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { baseUrl } from '../../server/httpSecurity.js';
import { answersWithToken, openUrl, readServeRecord, startRememberedServer } from '../../server/servedAddress.js';
import type { RunningServer } from '../../server/startServer.js';
import { startCoordinatorEndpoint, type RunningWorkerServer } from '../../server/workerServer.js';
import { CoreConfig } from '../../core/config.js';
import { defineCommand, EXIT_OK, EXIT_USAGE } from '../command.js';
import { booleanFlag, schemaFlag, textFlag } from '../flags.js';
import { defaultAppRoot, launchApp } from '../launch.js';
import { waitUntilStopped } from '../waiting.js';

/** The flags both commands take: where the server listens, and with which token. */
const addressFlags = {
  port: schemaFlag(z.number().int().min(0).max(65_535), {
    placeholder: 'N',
    help: 'TCP port, used as given (a busy one is refused; 0: any free one; default: the last one used)',
  }),
  host: textFlag('H', 'loopback address: 127.0.0.1, ::1 or localhost (default: the last one used, at first 127.0.0.1)'),
  'new-token': booleanFlag(
    'replace the kept token: links printed before, and browsers signed in with them, stop working',
  ),
};

/** How the address and the token are kept, for `serve --help` and `app --help`. */
const addressDetails =
  'The address and the token are kept in the data folder (serve.json, readable by you only): the next start\n' +
  'serves at the same link, so a browser tab left open signs in again by itself. When another program has\n' +
  'taken the port since, a free one is chosen and kept instead. "docpipe url" prints the link again.';

/** Where the server is, as `--json` prints it (one line, so a script can read it and go on). */
interface ServedAt {
  url: string;
  port: number;
  token: string;
  /** The URL to open, with the token (traded for a cookie on the first load). */
  openUrl: string;
  /** With --broker: where remote workers fetch documents, and their token. */
  workers?: { coordinator: string; token: string; broker: string };
}

/** `serve`'s scale-out flags (docs/decisions.md, Scale-out); main.ts reads them into the core's config. */
const brokerFlags = {
  broker: textFlag(
    'URL',
    'coordinate remote "docpipe worker" processes through this RabbitMQ (amqp://user:pass@host/vhost; or $DOCPIPE_BROKER_URL)',
  ),
  'local-workers': schemaFlag(z.number().int().min(0).max(64), {
    placeholder: 'N',
    help: 'with --broker: extraction threads of serve itself beside the workers (0: all to the workers; default --workers)',
  }),
  'worker-address': textFlag(
    'HOST:PORT',
    'with --broker: where workers fetch documents (default 127.0.0.1:0; 0.0.0.0:PORT for other machines)',
  ),
  'delivery-limit': schemaFlag(z.number().int().min(1).max(100), {
    placeholder: 'N',
    help: 'with --broker: times a task may be handed back (its worker died) before it is dead-lettered (default 3)',
  }),
  'new-worker-token': booleanFlag('with --broker: replace the kept worker token (running workers are refused)'),
};

/** The broker settings of a core from serve's flags (and $DOCPIPE_BROKER_URL), or none. */
export function brokerConfig(
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): CoreConfig['broker'] | undefined {
  const url = typeof flags.broker === 'string' ? flags.broker : env.DOCPIPE_BROKER_URL || undefined;
  if (!url) return undefined;
  const localWorkers = typeof flags['local-workers'] === 'number' ? flags['local-workers'] : undefined;
  const deliveryLimit = typeof flags['delivery-limit'] === 'number' ? flags['delivery-limit'] : undefined;
  const parsed = CoreConfig.shape.broker.safeParse({
    url,
    ...(localWorkers !== undefined && { localWorkers }),
    ...(deliveryLimit !== undefined && { deliveryLimit }),
  });
  if (!parsed.success)
    throw new AppError(
      ErrorCode.INVALID_ARGUMENT,
      `--broker takes amqp://user:password@host:port/vhost, not "${url}".`,
    );
  return parsed.data;
}

function servedAt(server: RunningServer): ServedAt {
  return { url: server.url, port: server.port, token: server.token, openUrl: openUrl(server.url, server.token) };
}

export const serve = defineCommand({
  name: 'serve',
  operands: '',
  summary: 'serve the UI and the API on loopback (the same link, with its token, each time)',
  details:
    addressDetails +
    '\n\nWith --broker, serve is the coordinator of remote workers: it stays the only writer of the data folder,\n' +
    'publishes extraction tasks to RabbitMQ and prints the "docpipe worker" command to start on each machine.',
  flags: { ...addressFlags, ...brokerFlags },
  core: 'services',
  async run({ core, flags, io, isStopping, print }) {
    const rendererDir = join(defaultAppRoot, 'out', 'renderer');
    if (!existsSync(join(rendererDir, 'index.html'))) {
      io.stderr(
        `The UI is not built (no ${join(rendererDir, 'index.html')}). Run "npm run build:renderer" (or "npm run build") first.\n`,
      );
      return EXIT_USAGE;
    }
    const { server, moved } = await startRememberedServer(core, {
      dataDir: core.config.dataDir,
      host: flags.host,
      port: flags.port,
      newToken: flags['new-token'],
      rendererDir,
    });
    let workers: RunningWorkerServer | null = null;
    try {
      if (moved) io.stderr(`${moved}\n`);
      let workersAt: ServedAt['workers'];
      const endpoint = await startCoordinatorEndpoint(core, {
        ...(flags['worker-address'] && { address: flags['worker-address'] }),
        renewToken: flags['new-worker-token'],
      });
      if (endpoint) {
        workers = endpoint.server;
        workersAt = { coordinator: endpoint.server.url, token: endpoint.token, broker: endpoint.broker };
      }
      await resumeWatching(core);
      print({ ...servedAt(server), ...(workersAt && { workers: workersAt }) });
      await waitUntilStopped(isStopping);
      return EXIT_OK;
    } finally {
      await workers?.close();
      await server.close();
    }
  },
  text: ({ openUrl: link, workers }: ServedAt) =>
    `docpipe is serving its UI at ${link}\n` +
    'Open that link in a browser on this machine. It stays the same when serve starts again on this data folder\n' +
    '("docpipe url" prints it again). Press Ctrl-C to stop.\n' +
    (workers
      ? '\nRemote workers: start on each machine (the token is kept in the data folder, workers.json)\n' +
        `  docpipe worker --broker ${workers.broker} --coordinator ${workers.coordinator} --token ${workers.token}\n`
      : ''),
});

export const app = defineCommand({
  name: 'app',
  operands: '',
  summary: 'open the desktop app (or, where Electron cannot start, serve the UI)',
  details: addressDetails,
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
        port: flags.port,
        newToken: flags['new-token'],
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
      // As the desktop app does: remote workers when the settings name a broker.
      const endpoint = await startCoordinatorEndpoint(result.core).catch(async (error: unknown) => {
        await result.close();
        throw error;
      });
      try {
        await resumeWatching(result.core);
        print(servedAt(result.server));
        await waitUntilStopped(() => stopping);
        return EXIT_OK;
      } finally {
        await endpoint?.server.close();
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

interface KeptAddress extends ServedAt {
  /** Whether a docpipe answers there now, to this token. */
  running: boolean;
}

export const url = defineCommand({
  name: 'url',
  operands: '',
  summary: "print the link (with its token) to this data folder's UI, as serve printed it",
  details:
    'The link stays the same when serve starts again, so a browser tab left open signs in again by itself.\n' +
    'Only the link goes to stdout (open "$(docpipe url)"); whether docpipe answers there now goes to stderr.',
  flags: {},
  core: 'none',
  async run({ dataDir, io, options, print }) {
    const kept = readServeRecord(dataDir);
    if (!kept)
      throw new AppError(
        ErrorCode.NOT_FOUND,
        `docpipe has not served ${dataDir} yet: "docpipe serve" starts serving it and prints the link.`,
      );
    const url = baseUrl(kept.host, kept.port);
    const running = await answersWithToken(url, kept.token);
    print({ url, port: kept.port, token: kept.token, openUrl: openUrl(url, kept.token), running });
    if (!options.json)
      io.stderr(
        running
          ? 'docpipe is serving this data folder there now.\n'
          : 'Nothing answers there now: "docpipe serve" serves this data folder again at this link.\n',
      );
    return EXIT_OK;
  },
  text: ({ openUrl: link }: KeptAddress) => `${link}\n`,
});
