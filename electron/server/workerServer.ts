/**
 * The coordinator's address for remote workers (`docpipe serve --broker`): one route, a document's bytes
 * by sha256, for holders of the worker token. It is a server of its own, apart from the UI's: the UI's
 * server answers on loopback only (its token is a browser cookie), while workers on other machines must
 * reach this one, so it listens where the person says (`--worker-address`), and serves nothing else.
 *
 *   GET|HEAD /blobs/<sha256>   Authorization: Bearer <worker token>  → the bytes (the worker checks the hash)
 */
import { createReadStream, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { redactUrl } from '../shared/contract/settings.js';
import type { Core } from '../core/createCore.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { failureOf } from '../shared/contract/envelope.js';
import { baseUrl, newToken, tokensEqual } from './httpSecurity.js';
import { sendJson } from './jsonAnswer.js';

/** Where the worker token is kept in the data folder (readable by its owner only). */
export const WORKER_TOKEN_FILE = 'workers.json';

const BLOB_ROUTE = /^\/blobs\/([0-9a-f]{64})$/;

export interface WorkerServerOptions {
  /** A readable file with these bytes, or null. */
  bytesPath(sha256: string): string | null;
  token: string;
  /** Address to listen on; 0.0.0.0 for workers on other machines. Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
}

export interface RunningWorkerServer {
  /** What workers pass as --coordinator (the machine's name when listening on every interface). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startWorkerServer(options: WorkerServerOptions): Promise<RunningWorkerServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, failureOf(AppError.wrap(error)));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization;
    const given = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : null;
    if (!tokensEqual(given, options.token)) {
      sendJson(
        res,
        401,
        failureOf(
          new AppError(ErrorCode.INVALID_ARGUMENT, 'Missing or wrong worker token: use the one docpipe serve printed.'),
        ),
      );
      return;
    }
    const match = BLOB_ROUTE.exec(new URL(req.url ?? '/', 'http://worker').pathname);
    if (!match) {
      sendJson(res, 404, failureOf(new AppError(ErrorCode.NOT_FOUND, 'Workers fetch /blobs/<sha256> only.')));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendJson(res, 405, failureOf(new AppError(ErrorCode.INVALID_ARGUMENT, 'Method not allowed; use GET.')));
      return;
    }
    const path = options.bytesPath(match[1]!);
    let size: number | null = null;
    try {
      size = path ? statSync(path).size : null;
    } catch {
      size = null;
    }
    if (!path || size === null) {
      sendJson(res, 404, failureOf(new AppError(ErrorCode.NOT_FOUND, 'No readable document has these bytes.')));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // A file that changes midway is sent as it is: the worker's hash check refuses it.
    await pipeline(createReadStream(path), res);
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError(
              ErrorCode.PORT_IN_USE,
              `Port ${options.port} on ${host} is in use: choose another worker address (--worker-address HOST:PORT).`,
              { cause: error },
            )
          : AppError.wrap(error, ErrorCode.INVALID_ARGUMENT, `docpipe could not listen for workers on ${host}`),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? hostname() : host;
  let closing: Promise<void> | null = null;
  return {
    url: baseUrl(shownHost, port),
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

const TokenRecord = z.object({ token: z.string().min(20) });

/** The worker token kept in the data folder (so workers keep working across restarts), made on first use. */
export function rememberedWorkerToken(dataDir: string, renew = false): string {
  const file = join(dataDir, WORKER_TOKEN_FILE);
  if (!renew) {
    try {
      return TokenRecord.parse(JSON.parse(readFileSync(file, 'utf8'))).token;
    } catch {
      // None yet, or unreadable: a new one is made.
    }
  }
  const token = newToken();
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ token }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return token;
}

/** HOST:PORT (the host may be an [IPv6] address). */
export function parseWorkerAddress(given: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(given.trim());
  const port = Number(match?.[2]);
  if (!match || port > 65_535)
    throw new AppError(
      ErrorCode.INVALID_ARGUMENT,
      `A worker address is HOST:PORT (e.g. 0.0.0.0:8790), not "${given}" (--worker-address, or the setting broker.workerAddress).`,
    );
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

export interface CoordinatorEndpoint {
  server: RunningWorkerServer;
  token: string;
  /** The broker's URL with its password hidden, for the worker command shown to a person. */
  broker: string;
}

/**
 * The workers' side of a coordinator core (the app and `serve` both start it when the core has a broker):
 * listens at `address` (default the core's, from the settings), with the worker token kept in the data folder.
 */
export async function startCoordinatorEndpoint(
  core: Pick<Core, 'broker' | 'config'>,
  options: { address?: string; renewToken?: boolean } = {},
): Promise<CoordinatorEndpoint | null> {
  const broker = core.broker;
  if (!broker) return null;
  const token = rememberedWorkerToken(core.config.dataDir, options.renewToken);
  const server = await startWorkerServer({
    bytesPath: (sha256) => broker.bytesPath(sha256),
    token,
    ...parseWorkerAddress(options.address ?? broker.workerAddress),
  });
  return { server, token, broker: redactUrl(broker.url) };
}
