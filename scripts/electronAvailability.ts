/**
 * Whether electron-builder can get what packaging needs, found out before it starts:
 * - the Electron zip for the target: an electronDist given by the user, or one in @electron/get's cache;
 * - Electron's headers, to rebuild better-sqlite3 for Electron's ABI: node-gyp's ~/.electron-gyp;
 * - or else a network that reaches where both are downloaded from.
 * Without this check, electron-builder spends about 45 s on a download that cannot work here and ends
 * with `getaddrinfo ENOTFOUND github.com` and a stack trace (docs: TOOLCHAIN.md, "electron-builder --dir").
 */
import { lookup } from 'node:dns/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ElectronAvailabilityOptions {
  /** The repository: node_modules/electron/package.json gives the version to package. */
  root: string;
  platform: NodeJS.Platform;
  arch: string;
  /** A zip, a folder holding the zip, or an unpacked Electron (electron-builder's `electronDist`). */
  electronDist?: string | undefined;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long one network probe may take; default 5 s. */
  probeTimeoutMs?: number;
}

export interface ElectronAvailability {
  version: string;
  /** The zip electron-builder wants, by its file name. */
  zipName: string;
  /** What to pass electron-builder as electronDist (given, or ELECTRON_OVERRIDE_DIST_PATH of the same version). */
  electronDist: string | null;
  /** A zip in @electron/get's cache, which electron-builder uses without downloading. */
  cachedZip: string | null;
  /** Electron's headers in node-gyp's folder, which the rebuild of better-sqlite3 uses without downloading. */
  headers: string | null;
  /** Null when the download hosts answered; otherwise what failed, e.g. "getaddrinfo ENOTFOUND github.com". */
  networkError: string | null;
  canPackage: boolean;
  /** Why packaging cannot work here and what to do; null when it can. */
  explanation: string | null;
}

/** Where @electron/get keeps downloads (env-paths' cache folder for "electron"), as electron-builder computes it. */
function electronCacheRoot(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (env.electron_config_cache) return env.electron_config_cache;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'electron');
}

/** The cache holds `<root>/<hash of the download folder's URL>/<zip>`; the hash depends on the mirror, so every folder is looked in. */
function findCachedZip(root: string, zipName: string): string | null {
  if (!existsSync(root)) return null;
  if (existsSync(join(root, zipName))) return join(root, zipName);
  for (const entry of readdirSync(root)) {
    const candidate = join(root, entry, zipName);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** node-gyp's headers for this Electron: ~/.electron-gyp/<version> (sequential rebuild) or ~/.electron-gyp/_p/<module>/<version> (parallel). */
function findHeaders(version: string): string | null {
  const gyp = join(homedir(), '.electron-gyp');
  for (const folder of [join(gyp, version), join(gyp, '_p', 'better-sqlite3', version)]) {
    if (existsSync(join(folder, 'include', 'node', 'node.h'))) return folder;
  }
  return null;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Null when `host` resolves and accepts a connection on port 443; otherwise the error. */
async function probe(host: string, timeoutMs: number): Promise<string | null> {
  try {
    const { address } = await withTimeout(lookup(host), timeoutMs, `resolving ${host}`);
    await withTimeout(
      new Promise<void>((resolvePromise, reject) => {
        const socket = connect(443, address, () => {
          socket.destroy();
          resolvePromise();
        });
        socket.on('error', reject);
      }),
      timeoutMs,
      `connecting to ${host}:443`,
    );
    return null;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return code === 'ENOTFOUND' ? `getaddrinfo ENOTFOUND ${host}` : message;
  }
}

export async function electronAvailability(options: ElectronAvailabilityOptions): Promise<ElectronAvailability> {
  const env = options.env ?? process.env;
  const { platform, arch } = options;
  const version = (
    JSON.parse(readFileSync(join(options.root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const zipName = `electron-v${version}-${platform}-${arch}.zip`;
  const abiFile = join(options.root, 'node_modules', 'electron', 'abi_version');
  const electronAbi = existsSync(abiFile)
    ? readFileSync(abiFile, 'utf8').trim()
    : 'see node_modules/electron/abi_version';

  let electronDist: string | null = null;
  if (options.electronDist) {
    electronDist = resolve(options.electronDist);
  } else if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    // The folder `electron .` runs from when set; electron-builder accepts it as an unpacked Electron if it is the same version.
    const override = env.ELECTRON_OVERRIDE_DIST_PATH;
    const versionFile = join(override, 'version');
    if (existsSync(versionFile) && readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') === version)
      electronDist = resolve(override);
  }
  const distMissing = electronDist !== null && !existsSync(electronDist);
  const cacheRoot = electronCacheRoot(env, platform);
  const cachedZip = findCachedZip(cacheRoot, zipName);
  const headers = findHeaders(version);

  const hasZip = (electronDist !== null && !distMissing) || cachedZip !== null;
  const zipHost = env.ELECTRON_MIRROR ? new URL(env.ELECTRON_MIRROR).hostname : 'github.com';
  // electron-builder's rebuild fetches headers from https://www.electronjs.org/headers.
  const downloadHosts = [...(hasZip ? [] : [zipHost]), ...(headers === null ? ['www.electronjs.org'] : [])];
  // A direct probe says nothing about a proxy; behind one, electron-builder is left to try through it.
  const behindProxy = Boolean(env.HTTPS_PROXY ?? env.https_proxy);
  let networkError: string | null = null;
  for (const host of behindProxy ? [] : downloadHosts) {
    networkError = await probe(host, options.probeTimeoutMs ?? 5000);
    if (networkError !== null) break;
  }
  const canPackage = !distMissing && networkError === null;

  let explanation: string | null = null;
  if (!canPackage) {
    const missing: string[] = [];
    if (distMissing) missing.push(`the electronDist given (${electronDist}) does not exist`);
    else if (!hasZip)
      missing.push(
        `Electron ${version} for ${platform}-${arch} is not on this machine (no electronDist given, no ${zipName} in ${cacheRoot})`,
      );
    if (headers === null)
      missing.push(`Electron ${version}'s headers are not in ${join(homedir(), '.electron-gyp', version)}`);
    explanation =
      `npm run dist cannot package docpipe here: ${missing.join(', and ')}${networkError ? `, and the download fails (${networkError})` : ''}. ` +
      `Run npm run dist on a machine with network, or give electron-builder a local Electron with ` +
      `\`npm run dist -- --electron-dist PATH\` (the folder holding ${zipName}, the zip itself, or an unpacked Electron ${version}) ` +
      `and put Electron ${version}'s headers in ~/.electron-gyp/${version}. ` +
      `There, better-sqlite3 must be rebuilt for Electron's ABI (${electronAbi}) rather than Node's (${process.versions.modules}): dist clears npm's nodedir setting for that, ` +
      `because a nodedir pointing at the system Node (nodedir=/usr in an npmrc) makes the rebuild use Node's headers and "succeed" with a module Electron cannot load.`;
  }
  return { version, zipName, electronDist, cachedZip, headers, networkError, canPackage, explanation };
}
