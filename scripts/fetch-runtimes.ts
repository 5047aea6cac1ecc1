/**
 * `npm run fetch-runtimes -- --from DIR [--platform linux|darwin|win32] [--arch x64|arm64]`
 *
 * Puts Ollama and OpenSearch where the packaged app looks for them (scripts/runtimeTargets.ts), from the
 * official release archives that someone downloaded on a machine with network into DIR. Nothing is
 * downloaded here: the build machine is offline, and a build should not depend on a network anyway.
 *
 * Every archive is checked against the checksum file its project publishes beside it (Ollama's
 * sha256sum.txt, OpenSearch's <archive>.sha512), and against build/runtimes.json when that file pins
 * archives, before anything is unpacked. If any archive fails a check, or cannot be unpacked, nothing at
 * all is placed: a half-updated set (a new Ollama beside an old OpenSearch nobody asked to keep) is
 * harder to notice than a refusal.
 *
 * Unpacking uses the system's `tar` (GNU tar or bsdtar) and, for .zip archives, `unzip` or a tar that
 * reads zip (bsdtar, as macOS and Windows 10+ ship). `--resources DIR` (default: this repository's
 * resources/) and `--manifest FILE` (default: build/runtimes.json) exist so that a test can work in a
 * temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  binFolder,
  isTargetArch,
  isTargetPlatform,
  ollamaExecutable,
  openSearchFolder,
  openSearchLauncher,
  targetName,
  type TargetArch,
  type TargetPlatform,
} from './runtimeTargets.js';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

const USAGE = `usage: npm run fetch-runtimes -- --from DIR [--platform linux|darwin|win32] [--arch x64|arm64]
  DIR holds release archives downloaded elsewhere, each with its published checksum file:
    Ollama (github.com/ollama/ollama/releases): ollama-linux-amd64.tgz, ollama-linux-arm64.tgz,
      ollama-darwin.tgz or Ollama-darwin.zip, ollama-windows-amd64.zip; and that release's sha256sum.txt
    OpenSearch (opensearch.org/downloads): opensearch-<version>-linux-x64.tar.gz (or -arm64, -darwin-*,
      -windows-x64.zip), each with its <archive>.sha512
  Default target: this machine (${process.platform}-${process.arch}).`;

type RuntimeKind = 'ollama' | 'opensearch';
const RUNTIME_NAME: Record<RuntimeKind, string> = { ollama: 'Ollama', opensearch: 'OpenSearch' };

interface Target {
  platform: TargetPlatform;
  arch: TargetArch;
}

/** An archive found in --from for the target, with the checksum file that must vouch for it. */
interface FoundArchive {
  kind: RuntimeKind;
  path: string;
  file: string;
  /** From the file name (OpenSearch); Ollama's archive names carry no version. */
  version: string | null;
  checksumFile: string;
}

// ---------------------------------------------------------------------------------------------------
// The pinned manifest (build/runtimes.json)

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), `${length} lowercase hex digits`);

const PinnedArchive = z
  .object({
    /** The archive's file name as released, e.g. "ollama-linux-amd64.tgz". */
    file: z.string().min(1),
    /** The release it belongs to; printed when the program cannot be asked (another platform's build). */
    version: z.string().min(1).optional(),
    sha256: hex(64).optional(),
    sha512: hex(128).optional(),
  })
  .refine((pin) => pin.sha256 !== undefined || pin.sha512 !== undefined, 'a pin needs sha256 or sha512');
type PinnedArchive = z.infer<typeof PinnedArchive>;

const RuntimeManifest = z.object({
  $comment: z.union([z.string(), z.array(z.string())]).optional(),
  /** Empty: only the published checksum files are checked. Not empty: every archive must be pinned here too. */
  pins: z.array(PinnedArchive),
});

function readManifest(path: string): PinnedArchive[] {
  if (!existsSync(path)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = RuntimeManifest.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `${path} is not a runtime manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data.pins;
}

// ---------------------------------------------------------------------------------------------------
// Recognising archives

function ollamaArchiveNames({ platform, arch }: Target): string[] {
  const goArch = arch === 'x64' ? 'amd64' : 'arm64';
  switch (platform) {
    case 'linux':
      return [`ollama-linux-${goArch}.tgz`, `ollama-linux-${goArch}.tar.zst`];
    case 'darwin':
      // Both are universal (x64 and arm64 in one binary); the .tgz is the bare program, the .zip the Ollama.app.
      return ['ollama-darwin.tgz', 'Ollama-darwin.zip'];
    case 'win32':
      return [`ollama-windows-${goArch}.zip`];
  }
}

const OPENSEARCH_OS: Record<TargetPlatform, string> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };

function openSearchPattern({ platform, arch }: Target): RegExp {
  const extension = platform === 'win32' ? '\\.zip' : '\\.tar\\.gz';
  return new RegExp(`^opensearch-(\\d+\\.\\d+\\.\\d+)-${OPENSEARCH_OS[platform]}-${arch}${extension}$`);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function findArchives(from: string, target: Target): { found: FoundArchive[]; notes: string[] } {
  const files = readdirSync(from);
  const found: FoundArchive[] = [];
  const notes: string[] = [];
  const name = targetName(target.platform, target.arch);

  const ollamaFile = ollamaArchiveNames(target).find((f) => files.includes(f));
  if (ollamaFile)
    found.push({
      kind: 'ollama',
      path: join(from, ollamaFile),
      file: ollamaFile,
      version: null,
      checksumFile: join(from, 'sha256sum.txt'),
    });
  else
    notes.push(
      `no Ollama archive for ${name} in ${from} (looked for ${ollamaArchiveNames(target).join(' or ')}): Ollama not placed`,
    );

  const pattern = openSearchPattern(target);
  const openSearch = files
    .map((f) => ({ file: f, version: pattern.exec(f)?.[1] }))
    .filter((c): c is { file: string; version: string } => c.version !== undefined)
    .sort((a, b) => compareVersions(b.version, a.version));
  const newest = openSearch[0];
  if (newest) {
    found.push({
      kind: 'opensearch',
      path: join(from, newest.file),
      file: newest.file,
      version: newest.version,
      checksumFile: join(from, `${newest.file}.sha512`),
    });
    if (openSearch.length > 1) notes.push(`several OpenSearch archives for ${name}: using the newest, ${newest.file}`);
  } else {
    notes.push(
      `no OpenSearch archive for ${name} in ${from} (looked for opensearch-<version>-${OPENSEARCH_OS[target.platform]}-${target.arch}${target.platform === 'win32' ? '.zip' : '.tar.gz'}): OpenSearch not placed`,
    );
  }
  return { found, notes };
}

// ---------------------------------------------------------------------------------------------------
// Checking checksums, before anything is unpacked

async function digests(path: string): Promise<{ sha256: string; sha512: string }> {
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    sha512.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
}

/** `<hex>  ./<file>` or `<hex> *<file>` lines (sha256sum's text and binary modes) → the hex for `file`. */
function publishedDigest(checksumText: string, file: string, hexLength: number): string | undefined {
  for (const line of checksumText.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]+)\s+\*?(?:\.\/)?(.*?)\s*$/.exec(line);
    if (match?.[1]?.length === hexLength && match[2] === file) return match[1].toLowerCase();
  }
  return undefined;
}

const AGAIN = 'then run npm run fetch-runtimes again';

/** Null when the archive may be unpacked; otherwise the sentence that says why not and what to do. */
async function refusal(archive: FoundArchive, pins: PinnedArchive[], manifestPath: string): Promise<string | null> {
  const { file } = archive;
  const checksumName = basename(archive.checksumFile);
  const fromDir = dirname(archive.path);
  if (!existsSync(archive.checksumFile)) {
    return archive.kind === 'ollama'
      ? `refused ${file}: there is no ${checksumName} beside it in ${fromDir}, so it cannot be checked. Download sha256sum.txt from the same Ollama release (https://github.com/ollama/ollama/releases, that release's assets) into ${fromDir}, ${AGAIN}.`
      : `refused ${file}: there is no ${checksumName} beside it in ${fromDir}, so it cannot be checked. Download ${checksumName} from where the archive came from (https://opensearch.org/downloads; https://artifacts.opensearch.org/releases/bundle/opensearch/${archive.version}/) into ${fromDir}, ${AGAIN}.`;
  }
  const algorithm = archive.kind === 'ollama' ? 'sha256' : 'sha512';
  const hexLength = algorithm === 'sha256' ? 64 : 128;
  const text = readFileSync(archive.checksumFile, 'utf8');
  // OpenSearch's .sha512 holds one line; a bare digest without a name is taken as this archive's.
  const bare = /^\s*([0-9a-fA-F]+)\s*$/.exec(text)?.[1];
  const published =
    publishedDigest(text, file, hexLength) ??
    (archive.kind === 'opensearch' && bare?.length === hexLength ? bare.toLowerCase() : undefined);
  if (!published) {
    return `refused ${file}: ${checksumName} has no ${algorithm} for ${file}, so it is probably from another release. Download the ${checksumName} published with this archive, ${AGAIN}.`;
  }
  const actual = await digests(archive.path);
  if (actual[algorithm] !== published) {
    return `refused ${file}: its ${algorithm} is ${actual[algorithm]}, but ${checksumName} says ${published}. The download is damaged or is not the released file: download it again, ${AGAIN}.`;
  }
  if (pins.length > 0) {
    const pin = pins.find((p) => p.file === file);
    if (!pin) {
      return `refused ${file}: ${manifestPath} pins runtime archives, and not this one. Add a pin for it (file, version, sha256 or sha512) or put a pinned archive in ${fromDir}, ${AGAIN}.`;
    }
    for (const pinned of ['sha256', 'sha512'] as const) {
      const want = pin[pinned];
      if (want !== undefined && actual[pinned] !== want) {
        return `refused ${file}: its ${pinned} is ${actual[pinned]}, but ${manifestPath} pins ${want}. It is not the archive that was pinned: use that one, or update the pin if the change is intended, ${AGAIN}.`;
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Unpacking and placing

class UsageError extends Error {}

function commandOutput(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.error || result.status !== 0 ? null : `${result.stdout}${result.stderr}`;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim()}`);
}

/**
 * Unpacks with the system's tools. GNU tar and unzip both refuse member names that climb out of the
 * folder (`../`) and strip leading slashes, so a hostile archive cannot write outside `into`.
 */
function unpack(archive: string, into: string): void {
  mkdirSync(into, { recursive: true });
  if (archive.endsWith('.zip')) {
    if (commandOutput('unzip', ['-v']) !== null) return run('unzip', ['-q', archive, '-d', into]);
    const tar = commandOutput('tar', ['--version']);
    // GNU tar cannot read zip; bsdtar (macOS, Windows 10+, libarchive-tools) can.
    if (tar !== null && !tar.includes('GNU tar')) return run('tar', ['-xf', archive, '-C', into]);
    throw new Error(
      `unpacking ${basename(archive)} needs unzip (apt-get install unzip) or bsdtar (apt-get install libarchive-tools)`,
    );
  }
  if (commandOutput('tar', ['--version']) === null)
    throw new Error(`unpacking ${basename(archive)} needs tar on the PATH`);
  if (archive.endsWith('.tar.zst')) return run('tar', ['--zstd', '-xf', archive, '-C', into]);
  run('tar', ['-xzf', archive, '-C', into]);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** Zips made without Unix modes lose the executable bit; a launcher without it would fail at run time. */
function ensureExecutable(path: string, platform: TargetPlatform): void {
  if (platform === 'win32' || !existsSync(path)) return;
  const mode = statSync(path).mode;
  if ((mode & 0o111) !== 0o111) chmodSync(path, mode | 0o755);
}

/** One thing to move into place: a staged file, folder or symlink and where it goes. */
interface Move {
  staged: string;
  target: string;
}

interface Prepared {
  archive: FoundArchive;
  moves: Move[];
  /** The program the app starts, once placed. */
  entry: string;
  /** The folder that now holds it, printed for the user. */
  placedIn: string;
}

/**
 * Ollama finds its libraries (the CPU and GPU backends in lib/ollama) relative to its real path, symlinks
 * resolved: `<dir>/../lib/ollama` on Linux, `<dir>` itself on macOS, `<dir>/lib/ollama` on Windows. The
 * app starts `bin/<platform>-<arch>/ollama`, and a lib/ next to that would be looked for one level up,
 * in bin/lib/, shared by every platform. So on Linux and macOS the release stays whole in
 * `ollama-runtime/` and `ollama` is a relative symlink into it (electron-builder and the installers keep
 * symlinks). Windows needs no symlink: its layout, ollama.exe beside lib/, is already what Ollama expects.
 */
function prepareOllama(
  archive: FoundArchive,
  unpacked: string,
  staging: string,
  target: Target,
  resourcesDir: string,
): Prepared {
  const bin = binFolder(resourcesDir, target.platform, target.arch);
  const entry = ollamaExecutable(resourcesDir, target.platform, target.arch);
  if (target.platform === 'win32') {
    if (!existsSync(join(unpacked, 'ollama.exe')))
      throw new Error(`${archive.file} has no ollama.exe at its top: not an Ollama for Windows archive`);
    return {
      archive,
      entry,
      placedIn: bin,
      moves: readdirSync(unpacked).map((name) => ({ staged: join(unpacked, name), target: join(bin, name) })),
    };
  }
  let runtime = unpacked;
  let program = target.platform === 'linux' ? 'bin/ollama' : 'ollama';
  if (archive.file.endsWith('.zip')) {
    // Ollama-darwin.zip is the Ollama.app; its command-line server and libraries are in Contents/Resources.
    runtime = join(unpacked, 'Ollama.app', 'Contents', 'Resources');
    program = 'ollama';
  }
  if (!existsSync(join(runtime, program)))
    throw new Error(
      `${archive.file} has no ${program} where Ollama's releases put it: not an Ollama archive for ${targetName(target.platform, target.arch)}`,
    );
  ensureExecutable(join(runtime, program), target.platform);
  const link = join(staging, 'ollama-link');
  symlinkSync(`ollama-runtime/${program}`, link);
  return {
    archive,
    entry,
    placedIn: bin,
    moves: [
      { staged: runtime, target: join(bin, 'ollama-runtime') },
      { staged: link, target: entry },
    ],
  };
}

/** OpenSearch's archives hold one folder, opensearch-<version>/; that folder becomes opensearch/<platform>-<arch>. */
function prepareOpenSearch(archive: FoundArchive, unpacked: string, target: Target, resourcesDir: string): Prepared {
  const top = readdirSync(unpacked);
  const folder = top[0];
  if (top.length !== 1 || folder === undefined || !statSync(join(unpacked, folder)).isDirectory()) {
    throw new Error(
      `${archive.file} should hold one folder (opensearch-${archive.version}/), but holds ${top.join(', ') || 'nothing'}`,
    );
  }
  const root = join(unpacked, folder);
  const launcher = join('bin', target.platform === 'win32' ? 'opensearch.bat' : 'opensearch');
  if (!existsSync(join(root, launcher)))
    throw new Error(`${archive.file} has no ${folder}/${launcher}: not an OpenSearch distribution`);
  ensureExecutable(join(root, launcher), target.platform);
  ensureExecutable(join(root, 'jdk', 'bin', 'java'), target.platform);
  const placed = openSearchFolder(resourcesDir, target.platform, target.arch);
  return {
    archive,
    entry: openSearchLauncher(resourcesDir, target.platform, target.arch),
    placedIn: placed,
    moves: [{ staged: root, target: placed }],
  };
}

/**
 * rename(2) replaces a file or a symlink in one step. It cannot replace a non-empty folder, so an older
 * folder is first moved aside into the staging folder (one rename) and the new one moved in (a second):
 * the target is never a mix of two releases, at worst briefly absent.
 */
function moveIntoPlace(move: Move, trash: string): void {
  mkdirSync(dirname(move.target), { recursive: true });
  const old = lstatOrNull(move.target);
  if (old?.isDirectory()) renameSync(move.target, join(trash, `${basename(move.target)}-${readdirSync(trash).length}`));
  renameSync(move.staged, move.target);
}

/** Asks the placed program its version when it can run here; another platform's build cannot be asked. */
function ollamaVersion(entry: string, target: Target): string | null {
  const runsHere =
    target.platform === process.platform && (target.arch === process.arch || target.platform === 'darwin');
  if (!runsHere) return null;
  // An unused loopback port: `ollama --version` also asks a running server for its version, and should not find one.
  const result = spawnSync(entry, ['--version'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, OLLAMA_HOST: '127.0.0.1:9' },
  });
  return /(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)/.exec(`${result.stdout ?? ''}${result.stderr ?? ''}`)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------------------

function parseCommandLine(argv: string[]): {
  from: string;
  target: Target;
  resourcesDir: string;
  manifestPath: string;
} {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      platform: { type: 'string', default: process.platform },
      arch: { type: 'string', default: process.arch },
      resources: { type: 'string', default: join(repoRoot, 'resources') },
      manifest: { type: 'string', default: join(repoRoot, 'build', 'runtimes.json') },
    },
    strict: true,
  });
  if (!values.from) throw new UsageError('--from DIR is required: the folder holding the downloaded archives.');
  if (!existsSync(values.from) || !statSync(values.from).isDirectory())
    throw new UsageError(`--from ${values.from}: no such folder.`);
  if (!isTargetPlatform(values.platform))
    throw new UsageError(
      `--platform ${values.platform}: use linux, darwin or win32 (Node's names, as process.platform gives them).`,
    );
  if (!isTargetArch(values.arch)) throw new UsageError(`--arch ${values.arch}: use x64 or arm64.`);
  return {
    from: resolve(values.from),
    target: { platform: values.platform, arch: values.arch },
    resourcesDir: resolve(values.resources),
    manifestPath: resolve(values.manifest),
  };
}

/** Relative to the current folder when inside it (the usual case: resources/ of this repository), else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

async function main(argv: string[]): Promise<number> {
  const { from, target, resourcesDir, manifestPath } = parseCommandLine(argv);
  const pins = readManifest(manifestPath);
  const { found, notes } = findArchives(from, target);
  if (found.length === 0) {
    console.error(
      `fetch-runtimes: nothing to place for ${targetName(target.platform, target.arch)}.\n${notes.map((n) => `  ${n}`).join('\n')}\n${USAGE}`,
    );
    return 1;
  }

  const refusals: string[] = [];
  for (const archive of found) {
    const reason = await refusal(archive, pins, shown(manifestPath));
    if (reason) refusals.push(reason);
  }
  if (refusals.length > 0) {
    console.error([...refusals, 'Nothing was placed.'].join('\n'));
    return 1;
  }

  // Staged inside resources/ so that the final renames stay on one filesystem.
  mkdirSync(resourcesDir, { recursive: true });
  const staging = mkdtempSync(join(resourcesDir, '.fetch-runtimes-'));
  let keepStaging = false;
  try {
    const prepared: Prepared[] = [];
    try {
      for (const archive of found) {
        const unpacked = join(staging, archive.kind);
        unpack(archive.path, unpacked);
        prepared.push(
          archive.kind === 'ollama'
            ? prepareOllama(archive, unpacked, staging, target, resourcesDir)
            : prepareOpenSearch(archive, unpacked, target, resourcesDir),
        );
      }
    } catch (error) {
      console.error(`fetch-runtimes: ${(error as Error).message}.\nNothing was placed.`);
      return 1;
    }
    const trash = join(staging, 'replaced');
    mkdirSync(trash);
    try {
      for (const { moves } of prepared) for (const move of moves) moveIntoPlace(move, trash);
    } catch (error) {
      // An older release may already have been moved aside: keep it rather than delete it with the staging folder.
      keepStaging = true;
      console.error(
        `fetch-runtimes: placing failed: ${(error as Error).message}. Releases that were replaced are kept in ${shown(trash)}.`,
      );
      return 1;
    }

    for (const { archive, entry, placedIn } of prepared) {
      const pinnedVersion = pins.find((p) => p.file === archive.file)?.version ?? null;
      const version = archive.kind === 'ollama' ? (ollamaVersion(entry, target) ?? pinnedVersion) : archive.version;
      const checked =
        pins.length > 0
          ? `${basename(archive.checksumFile)} and ${shown(manifestPath)}`
          : basename(archive.checksumFile);
      console.log(
        `placed ${RUNTIME_NAME[archive.kind]} ${version ?? '(version not known: a program for another platform cannot be asked)'} for ${targetName(target.platform, target.arch)}` +
          ` from ${archive.file} (checksum matches ${checked}) in ${shown(placedIn)}; the app starts ${shown(entry)}`,
      );
    }
    for (const note of notes) console.log(`note: ${note}`);
    return 0;
  } finally {
    if (!keepStaging) rmSync(staging, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main(process.argv.slice(3));
} catch (error) {
  if (!(error instanceof UsageError) && !(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw error;
  console.error(`fetch-runtimes: ${(error as Error).message}\n${USAGE}`);
  process.exitCode = 2;
}
