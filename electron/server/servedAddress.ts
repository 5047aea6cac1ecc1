/**
 * One stable address per data folder for `docpipe serve` and the app's browser fallback. The port, the
 * host, the token and an instance id are kept in `<data>/serve.json` (readable by its owner only), so a
 * restarted docpipe answers at the same URL with the same token, and a tab left open signs in again by
 * itself (its cookie, named for the instance, is still good).
 *
 * The port: `--port N` is used as given (a busy one is refused with PORT_IN_USE); without it, the
 * remembered port, and when another program holds that one, a free port, which is remembered in turn.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { baseUrl, INSTANCE_ID_PATTERN, newInstanceId, newToken } from './httpSecurity.js';
import { startServer, type RunningServer, type ServedCore, type ServerOptions } from './startServer.js';

export const SERVE_RECORD_FILE = 'serve.json';

export const ServeRecord = z.object({
  /** Names the token cookie (docpipe_token_<instanceId>); kept for good. */
  instanceId: z.string().regex(INSTANCE_ID_PATTERN),
  /** The secret in the link; kept until `--new-token` replaces it. */
  token: z.string().regex(/^[\w-]{32,128}$/),
  /** The loopback address last listened on. */
  host: z.string().min(1),
  /** The port last listened on. */
  port: z.number().int().min(1).max(65_535),
});
export type ServeRecord = z.infer<typeof ServeRecord>;

/** The kept address of a data folder; null when it was never served, or the file is unreadable (a new one replaces it). */
export function readServeRecord(dataDir: string): ServeRecord | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, SERVE_RECORD_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = ServeRecord.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written whole (a temporary file renamed over it) and 0600: the token signs in to the archive. */
export function writeServeRecord(dataDir: string, record: ServeRecord): void {
  const file = join(dataDir, SERVE_RECORD_FILE);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/** The link to open: the token rides along once, and the server trades it for a cookie. */
export function openUrl(base: string, token: string): string {
  return `${base}/?token=${token}`;
}

/** True when a docpipe answers at `base` to this token (so it serves the same data folder). */
export async function answersWithToken(base: string, token: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await fetch(`${base}/api/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

export interface RememberedServerOptions extends Omit<ServerOptions, 'port' | 'host' | 'token' | 'instanceId'> {
  dataDir: string;
  /** Given by the user: used (and remembered) whatever was kept. Default: the kept host, else 127.0.0.1. */
  host?: string | undefined;
  /**
   * Given by the user: used as given, and a busy one refused (PORT_IN_USE); 0 picks a free one. Undefined:
   * the kept port, else a free one. Whatever port is listened on is remembered.
   */
  port?: number | undefined;
  /** Replace the kept token (links and cookies from before stop working). Default false. */
  newToken?: boolean;
}

export interface RememberedServer {
  server: RunningServer;
  /** The link to open, with the token. */
  openUrl: string;
  /** A sentence when the address is not the one kept (its port was taken), else null. */
  moved: string | null;
}

export async function startRememberedServer(
  core: ServedCore,
  options: RememberedServerOptions,
): Promise<RememberedServer> {
  const { dataDir, host: givenHost, port: givenPort, newToken: replaceToken, ...serverOptions } = options;
  const kept = readServeRecord(dataDir);
  const host = givenHost ?? kept?.host ?? '127.0.0.1';
  const base = {
    ...serverOptions,
    host,
    token: kept && !replaceToken ? kept.token : newToken(),
    instanceId: kept?.instanceId ?? newInstanceId(),
  };

  let server: RunningServer;
  let moved: string | null = null;
  if (givenPort !== undefined || !kept) {
    server = await startServer(core, { ...base, port: givenPort ?? 0 });
  } else {
    try {
      server = await startServer(core, { ...base, port: kept.port });
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCode.PORT_IN_USE)) throw error;
      const keptBase = baseUrl(host, kept.port);
      // The kept token answering there means this very data folder is being served (even under --new-token).
      if (await answersWithToken(keptBase, kept.token))
        throw new AppError(
          ErrorCode.PORT_IN_USE,
          `docpipe already serves this data folder at ${openUrl(keptBase, kept.token)}: open that link, or stop that docpipe first.`,
        );
      server = await startServer(core, { ...base, port: 0 });
      moved = `Port ${kept.port}, where this data folder was served before, is taken by another program; serving on port ${server.port} instead (remembered for next time).`;
    }
  }
  try {
    writeServeRecord(dataDir, { instanceId: server.instanceId, token: server.token, host, port: server.port });
  } catch (error) {
    await server.close();
    throw AppError.wrap(error, ErrorCode.INTERNAL, `docpipe could not write ${join(dataDir, SERVE_RECORD_FILE)}`);
  }
  return { server, openUrl: openUrl(server.url, server.token), moved };
}
