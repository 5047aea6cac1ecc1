/**
 * Packaging, checked on a machine without Electron's binaries or a network:
 * - build/electron-builder.yml through electron-builder's own loader, validator, file matchers and copier:
 *   what it would put in the asar, what it would unpack, and which per-target program folders it copies;
 * - a real `electron-vite build` holds every entry electron.vite.config.ts declares, and each goes in;
 * - `npm run fetch-runtimes` with release-shaped archives made here: placed where the app looks,
 *   executable, and refused when a checksum is wrong or missing;
 * - `npm run dist` stops with exit code 2 and says why, where Electron cannot be had.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  appendFileSync,
  chmodSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration, PlatformSpecificBuildOptions } from 'app-builder-lib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import viteConfig from '../electron.vite.config.js';
import { electronAvailability } from '../scripts/electronAvailability.js';
import {
  BUILDER_OS,
  TARGET_ARCHES,
  TARGET_PLATFORMS,
  targetName,
  type TargetArch,
  type TargetPlatform,
} from '../scripts/runtimeTargets.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const configPath = join(root, 'build', 'electron-builder.yml');
const scratch = mkdtempSync(join(tmpdir(), 'docpipe-packaging-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------------
// electron-builder's own modules (app-builder-lib 26.17, which electron-builder 26.17 runs). These are
// its internals, typed here by what the test uses: asking electron-builder what it would copy is the
// point, rather than re-implementing its glob rules and getting them subtly different.

type Filter = (file: string, stat: Stats) => boolean;
interface FileMatcher {
  readonly from: string;
  readonly to: string;
  createFilter(): Filter;
}
interface FileMatcherOptions {
  macroExpander: (pattern: string) => string;
  customBuildOptions: PlatformSpecificBuildOptions;
  globalOutDir: string;
  defaultSrc: string;
}
interface PackagerLike {
  info: {
    projectDir: string;
    buildResourcesDir: string;
    isPrepackedAppAsar: boolean;
    config: Configuration;
    debugLogger: { isEnabled: boolean };
  };
}
const requireFromHere = createRequire(import.meta.url);
const builderConfig = requireFromHere('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, configFromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = requireFromHere('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const builderFiles = requireFromHere('app-builder-lib/out/fileMatcher.js') as {
  getFileMatchers(
    config: Configuration,
    name: 'files' | 'extraResources' | 'asarUnpack',
    destination: string,
    options: FileMatcherOptions,
  ): FileMatcher[] | null;
  getMainFileMatchers(
    appDir: string,
    destination: string,
    macroExpander: (p: string) => string,
    platformOptions: PlatformSpecificBuildOptions,
    packager: PackagerLike,
    outDir: string,
    isElectronCompile: boolean,
  ): FileMatcher[];
  copyFiles(matchers: FileMatcher[] | null, transformer: null, isUseHardLink: boolean): Promise<unknown>;
};
const { expandMacro } = requireFromHere('app-builder-lib/out/util/macroExpander.js') as {
  expandMacro(pattern: string, arch: string | null, appInfo: object, extra: Record<string, string>): string;
};

/** The macro expansion electron-builder applies to file patterns while packaging `os`/`arch` (platformPackager). */
function macroExpanderFor(platform: TargetPlatform, arch: TargetArch): (pattern: string) => string {
  return (pattern) => expandMacro(pattern, arch, {}, { os: BUILDER_OS[platform], '/*': '{,/**/*}' });
}

function platformOptions(config: Configuration, platform: TargetPlatform): PlatformSpecificBuildOptions {
  return (config[BUILDER_OS[platform]] ?? {}) as PlatformSpecificBuildOptions;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)).map((f) => join(e.name, f)) : [e.name],
  );
}

const TARGETS = TARGET_PLATFORMS.flatMap((platform) => TARGET_ARCHES.map((arch) => ({ platform, arch })));

let config: Configuration;
beforeAll(async () => {
  config = await builderConfig.getConfig(root, configPath, null);
});

describe('build/electron-builder.yml, as electron-builder reads it', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the fuses that close the side doors, as electron-builder hands them to @electron/fuses', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // electron-builder's own translation (what it runs after packing), applied by @electron/fuses to a
    // stand-in binary that carries Electron's fuse wire: its sentinel, wire version 1 and eight fuses at
    // Electron's defaults (RunAsNode, node options, inspect and file-protocol privileges on; the rest off).
    const { PlatformPackager } = requireFromHere('app-builder-lib') as {
      PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<object> } };
    };
    const fuses = requireFromHere('@electron/fuses') as {
      flipFuses(path: string, config: object): Promise<number>;
      getCurrentFuseWire(path: string): Promise<Record<string, number | string>>;
    };
    const { SENTINEL, FuseState } = requireFromHere('@electron/fuses/dist/constants.js') as {
      SENTINEL: string;
      FuseState: Record<'ENABLE' | 'DISABLE', number>;
    };
    const binary = join(scratch, 'electron-standin');
    writeFileSync(
      binary,
      Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]),
    );
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    expect(await fuses.flipFuses(binary, fuseConfig)).toBe(1);
    const wire = await fuses.getCurrentFuseWire(binary);
    const { ENABLE: on, DISABLE: off } = FuseState;
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, then
    // the two left as Electron ships them (browser V8 snapshot off, file-protocol privileges on).
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => wire[i])).toEqual([off, on, off, off, on, on, off, on]);
  });

  /**
   * A project with every target's programs in place, laid out as fetch-runtimes leaves them (Ollama's
   * release in ollama-runtime/ behind an `ollama` symlink on Linux and macOS; ollama.exe beside lib/ on
   * Windows), plus a leftover staging folder and a README that must not ship.
   */
  const project = join(scratch, 'project');
  beforeAll(() => {
    const put = (path: string, content: string, mode = 0o644) => {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), content);
      chmodSync(join(project, path), mode);
    };
    put('resources/models/doctype-classifier.json', '{}');
    put('resources/README.md', 'for developers');
    put('resources/.fetch-runtimes-leftover/ollama/bin/ollama', 'half-unpacked', 0o755);
    for (const { platform, arch } of TARGETS) {
      const bin = `resources/bin/${platform}-${arch}`;
      if (platform === 'win32') {
        put(`${bin}/ollama.exe`, 'MZ');
        put(`${bin}/lib/ollama/ggml-base.dll`, 'dll');
        put(`resources/opensearch/${platform}-${arch}/bin/opensearch.bat`, '@echo off');
      } else {
        const program = platform === 'linux' ? 'bin/ollama' : 'ollama';
        put(`${bin}/ollama-runtime/${program}`, '#!/bin/sh\n', 0o755);
        put(`${bin}/ollama-runtime/${platform === 'linux' ? 'lib/ollama/' : ''}libggml-base.so`, 'so');
        symlinkSync(`ollama-runtime/${program}`, join(project, bin, 'ollama'));
        put(`${bin}/tesseract`, '#!/bin/sh\n', 0o755);
        put(`resources/opensearch/${platform}-${arch}/bin/opensearch`, '#!/bin/sh\n', 0o755);
        put(`resources/opensearch/${platform}-${arch}/jdk/bin/java`, '#!/bin/sh\n', 0o755);
      }
    }
  });

  it.each(TARGETS.map(({ platform, arch }) => [platform, arch] as const))(
    "copies the models and only %s-%s's program folders into resources/, keeping executable bits and symlinks",
    async (platform, arch) => {
      const resourcesOut = join(scratch, `packaged-${platform}-${arch}`, 'resources');
      const matchers = builderFiles.getFileMatchers(config, 'extraResources', resourcesOut, {
        macroExpander: macroExpanderFor(platform, arch),
        customBuildOptions: platformOptions(config, platform),
        globalOutDir: join(project, 'release'),
        defaultSrc: project,
      });
      await builderFiles.copyFiles(matchers, null, false);

      const shipped = join(resourcesOut, 'resources');
      expect(readFileSync(join(shipped, 'models', 'doctype-classifier.json'), 'utf8')).toBe('{}');
      expect(readdirSync(join(shipped, 'bin'))).toEqual([targetName(platform, arch)]);
      expect(readdirSync(join(shipped, 'opensearch'))).toEqual([targetName(platform, arch)]);
      expect(readdirSync(shipped).sort()).toEqual(['bin', 'models', 'opensearch']);

      const bin = join(shipped, 'bin', targetName(platform, arch));
      const openSearch = join(shipped, 'opensearch', targetName(platform, arch));
      if (platform === 'win32') {
        expect(existsSync(join(bin, 'ollama.exe'))).toBe(true);
        expect(existsSync(join(bin, 'lib', 'ollama', 'ggml-base.dll'))).toBe(true);
        expect(existsSync(join(openSearch, 'bin', 'opensearch.bat'))).toBe(true);
      } else {
        expect(lstatSync(join(bin, 'ollama')).isSymbolicLink()).toBe(true);
        expect(readlinkSync(join(bin, 'ollama'))).toBe(
          `ollama-runtime/${platform === 'linux' ? 'bin/ollama' : 'ollama'}`,
        );
        for (const program of [
          join(bin, 'ollama'),
          join(bin, 'tesseract'),
          join(openSearch, 'bin', 'opensearch'),
          join(openSearch, 'jdk', 'bin', 'java'),
        ]) {
          expect(() => accessSync(program, constants.X_OK), program).not.toThrow();
        }
      }
    },
  );

  it('unpacks the native modules and the worker entries from the asar, and nothing else of node_modules', () => {
    const unpack = builderFiles.getFileMatchers(config, 'asarUnpack', join(scratch, 'asar'), {
      macroExpander: macroExpanderFor('linux', 'x64'),
      customBuildOptions: platformOptions(config, 'linux'),
      globalOutDir: join(root, 'release'),
      defaultSrc: root,
    });
    expect(unpack).not.toBeNull();
    const unpacked = unpack![0]!.createFilter();
    const aFile = statSync(configPath);
    const isUnpacked = (path: string) =>
      unpacked(join(root, path), existsSync(join(root, path)) ? statSync(join(root, path)) : aFile);
    // Real files where this machine has them; the other platforms' sqlite-vec packages by their released names.
    expect(isUnpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    for (const loadable of [
      'sqlite-vec-linux-x64/vec0.so',
      'sqlite-vec-linux-arm64/vec0.so',
      'sqlite-vec-darwin-arm64/vec0.dylib',
      'sqlite-vec-darwin-x64/vec0.dylib',
      'sqlite-vec-windows-x64/vec0.dll',
    ]) {
      expect(isUnpacked(`node_modules/${loadable}`), loadable).toBe(true);
    }
    for (const entry of mainEntries()) expect(isUnpacked(`out/main/${entry}`), entry).toBe(true);
    expect(isUnpacked('node_modules/zod/package.json')).toBe(false);
    expect(isUnpacked('out/renderer/index.html')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// The built output: what electron.vite.config.ts declares, built for real, and what electron-builder takes of it

type RollupInput = string | string[] | Record<string, string> | undefined;
interface BuildSection {
  build?: { rollupOptions?: { input?: RollupInput; output?: unknown } };
}

/** Entry names as rollup names them: the keys of an input object, or the file names without extension. */
function entryNames(input: RollupInput): string[] {
  if (input === undefined) return [];
  if (typeof input === 'string') return [basename(input).replace(/\.[^.]+$/, '')];
  if (Array.isArray(input)) return input.map((i) => basename(i).replace(/\.[^.]+$/, ''));
  return Object.keys(input);
}

/** `[name].cjs` → `index.cjs`; electron-vite's default for the ESM main and preload is `[name].js`. */
function outputFile(section: BuildSection, name: string): string {
  const output = section.build?.rollupOptions?.output as { entryFileNames?: unknown } | undefined;
  const pattern = typeof output?.entryFileNames === 'string' ? output.entryFileNames : '[name].js';
  return pattern.replace('[name]', name);
}

function mainEntries(): string[] {
  const main = viteConfig.main as BuildSection;
  return entryNames(main.build?.rollupOptions?.input).map((name) => outputFile(main, name));
}

/** Every file the packaged app loads by path, relative to out/, read from electron.vite.config.ts. */
function declaredOutputs(): string[] {
  const preload = viteConfig.preload as BuildSection;
  const renderer = viteConfig.renderer as BuildSection;
  const rendererInput = renderer.build?.rollupOptions?.input;
  const pages =
    typeof rendererInput === 'object' && !Array.isArray(rendererInput)
      ? Object.values(rendererInput)
      : [rendererInput ?? []].flat();
  return [
    ...mainEntries().map((file) => `main/${file}`),
    ...entryNames(preload.build?.rollupOptions?.input).map((name) => `preload/${outputFile(preload, name)}`),
    ...pages.map((page) => `renderer/${basename(page)}`),
  ];
}

describe('electron-vite build output', () => {
  const outDir = join(scratch, 'out');
  beforeAll(() => {
    const build = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
        'build',
        '--outDir',
        outDir,
        '--logLevel',
        'error',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      },
    );
    expect(build.status, build.stderr).toBe(0);
  }, 120_000);

  it('holds every entry electron.vite.config.ts declares', () => {
    const declared = declaredOutputs();
    // What the app cannot start without, so that an empty reading of the config cannot pass.
    expect(declared).toEqual(
      expect.arrayContaining([
        'main/index.js',
        'main/extract.worker.js',
        'main/pdfRender.worker.js',
        'preload/index.cjs',
        'renderer/index.html',
      ]),
    );
    for (const file of declared) expect(existsSync(join(outDir, file)), file).toBe(true);
  });

  it('has every file the main bundle names with new URL("./….js", import.meta.url) beside it', () => {
    const mainDir = join(outDir, 'main');
    const named = readdirSync(mainDir)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) =>
        [
          ...readFileSync(join(mainDir, f), 'utf8').matchAll(
            /new URL\(\s*["']\.\/([^"'`]+\.js)["']\s*,\s*import\.meta\.url\s*\)/g,
          ),
        ].map((m) => m[1] as string),
      );
    expect(named).toContain('extract.worker.js');
    for (const file of named) expect(existsSync(join(mainDir, file)), file).toBe(true);
  });

  it("goes into the app's asar whole (no source maps), and nothing else of the repository does", () => {
    const packager: PackagerLike = {
      info: {
        projectDir: root,
        buildResourcesDir: join(root, 'build'),
        isPrepackedAppAsar: false,
        config,
        debugLogger: { isEnabled: false },
      },
    };
    const matchers = builderFiles.getMainFileMatchers(
      root,
      join(scratch, 'app'),
      macroExpanderFor('linux', 'x64'),
      platformOptions(config, 'linux'),
      packager,
      join(root, 'release'),
      false,
    );
    const included = matchers[0]!.createFilter();
    const built = walk(outDir);
    expect(built.length).toBeGreaterThan(5);
    for (const file of built) {
      // The built file, judged at the place electron-builder would find it: <project>/out/<file>.
      expect(included(join(root, 'out', file), statSync(join(outDir, file))), file).toBe(!file.endsWith('.map'));
    }
    for (const notShipped of [
      'electron/main/index.ts',
      'build/electron-builder.yml',
      'e2e/packaging.test.ts',
      'resources/models/doctype-classifier.json',
      'scripts/dist.ts',
    ]) {
      expect(included(join(root, notShipped), statSync(configPath)), notShipped).toBe(false);
    }
    expect(included(join(root, 'package.json'), statSync(join(root, 'package.json')))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// npm run fetch-runtimes, with archives shaped like the real releases

function sha(algorithm: 'sha256' | 'sha512', path: string): string {
  return createHash(algorithm).update(readFileSync(path)).digest('hex');
}

function tar(archive: string, from: string, members: string[]): void {
  const result = spawnSync('tar', ['-czf', archive, '-C', from, ...members], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

/** ollama-linux-amd64.tgz as Ollama releases it (bin/ollama, lib/ollama/…), with the release's sha256sum.txt. */
function ollamaLinuxRelease(downloads: string, version: string): string {
  const tree = mkdtempSync(join(scratch, 'ollama-tree-'));
  mkdirSync(join(tree, 'bin'));
  mkdirSync(join(tree, 'lib', 'ollama'), { recursive: true });
  writeFileSync(join(tree, 'bin', 'ollama'), `#!/bin/sh\necho "ollama version is ${version}"\n`, { mode: 0o755 });
  writeFileSync(join(tree, 'lib', 'ollama', 'libggml-base.so'), 'not really a library');
  const archive = join(downloads, 'ollama-linux-amd64.tgz');
  tar(archive, tree, ['bin', 'lib']);
  writeFileSync(
    join(downloads, 'sha256sum.txt'),
    `${'0'.repeat(64)}  ./ollama-darwin.tgz\n${sha('sha256', archive)}  ./ollama-linux-amd64.tgz\n`,
  );
  return archive;
}

/** opensearch-<version>-linux-x64.tar.gz: one top folder with bin/, jdk/, config/; and its .sha512. */
function openSearchLinuxRelease(downloads: string, version: string): string {
  const tree = mkdtempSync(join(scratch, 'opensearch-tree-'));
  const top = join(tree, `opensearch-${version}`);
  for (const dir of ['bin', 'jdk/bin', 'config']) mkdirSync(join(top, dir), { recursive: true });
  writeFileSync(join(top, 'bin', 'opensearch'), '#!/bin/sh\necho opensearch\n', { mode: 0o755 });
  writeFileSync(join(top, 'jdk', 'bin', 'java'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(top, 'config', 'opensearch.yml'), 'cluster.name: test\n');
  const file = `opensearch-${version}-linux-x64.tar.gz`;
  tar(join(downloads, file), tree, [`opensearch-${version}`]);
  writeFileSync(join(downloads, `${file}.sha512`), `${sha('sha512', join(downloads, file))}  ${file}\n`);
  return join(downloads, file);
}

function fetchRuntimes(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', ['run', '--silent', 'fetch-runtimes', '--', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function folders(prefix: string): { downloads: string; resources: string } {
  const downloads = mkdtempSync(join(scratch, `${prefix}-downloads-`));
  return { downloads, resources: join(mkdtempSync(join(scratch, `${prefix}-`)), 'resources') };
}

const emptyManifest = (): string => {
  const path = join(mkdtempSync(join(scratch, 'manifest-')), 'runtimes.json');
  writeFileSync(path, JSON.stringify({ pins: [] }));
  return path;
};

describe('npm run fetch-runtimes', () => {
  it('places Ollama and OpenSearch where the app starts them, executable, replacing older ones and keeping other tools', () => {
    const { downloads, resources } = folders('place');
    ollamaLinuxRelease(downloads, '0.0.7-test');
    openSearchLinuxRelease(downloads, '9.8.7');
    // An older OpenSearch and Ollama in place, and another bundled tool beside Ollama.
    mkdirSync(join(resources, 'opensearch', 'linux-x64'), { recursive: true });
    writeFileSync(join(resources, 'opensearch', 'linux-x64', 'OLDER-RELEASE'), '');
    mkdirSync(join(resources, 'bin', 'linux-x64', 'ollama-runtime'), { recursive: true });
    writeFileSync(join(resources, 'bin', 'linux-x64', 'ollama-runtime', 'OLDER-RELEASE'), '');
    writeFileSync(join(resources, 'bin', 'linux-x64', 'tesseract'), '#!/bin/sh\n', { mode: 0o755 });

    // The committed build/runtimes.json (no pins yet) is the manifest here.
    const run = fetchRuntimes(['--from', downloads, '--resources', resources, '--platform', 'linux', '--arch', 'x64']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('placed Ollama 0.0.7-test for linux-x64 from ollama-linux-amd64.tgz');
    expect(run.stdout).toContain('placed OpenSearch 9.8.7 for linux-x64 from opensearch-9.8.7-linux-x64.tar.gz');

    const ollama = join(resources, 'bin', 'linux-x64', 'ollama');
    expect(() => accessSync(ollama, constants.X_OK)).not.toThrow();
    expect(spawnSync(ollama, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe('ollama version is 0.0.7-test');
    // Ollama looks for its libraries at <its real folder>/../lib/ollama on Linux.
    expect(existsSync(join(dirname(realpathSync(ollama)), '..', 'lib', 'ollama', 'libggml-base.so'))).toBe(true);
    expect(existsSync(join(resources, 'bin', 'linux-x64', 'ollama-runtime', 'OLDER-RELEASE'))).toBe(false);
    expect(existsSync(join(resources, 'bin', 'linux-x64', 'tesseract'))).toBe(true);

    const openSearch = join(resources, 'opensearch', 'linux-x64');
    expect(() => accessSync(join(openSearch, 'bin', 'opensearch'), constants.X_OK)).not.toThrow();
    expect(() => accessSync(join(openSearch, 'jdk', 'bin', 'java'), constants.X_OK)).not.toThrow();
    expect(readFileSync(join(openSearch, 'config', 'opensearch.yml'), 'utf8')).toContain('cluster.name');
    expect(existsSync(join(openSearch, 'OLDER-RELEASE'))).toBe(false);
    expect(readdirSync(resources).sort()).toEqual(['bin', 'opensearch']);
  });

  it('refuses a tampered archive and places nothing, not even the archives that check out', () => {
    const { downloads, resources } = folders('tampered');
    const archive = ollamaLinuxRelease(downloads, '0.0.7-test');
    openSearchLinuxRelease(downloads, '9.8.7');
    appendFileSync(archive, 'one more byte');

    const run = fetchRuntimes([
      '--from',
      downloads,
      '--resources',
      resources,
      '--manifest',
      emptyManifest(),
      '--platform',
      'linux',
      '--arch',
      'x64',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /refused ollama-linux-amd64\.tgz: its sha256 is [0-9a-f]{64}, but sha256sum\.txt says [0-9a-f]{64}\. .*download it again/,
    );
    expect(run.stderr).toContain('Nothing was placed.');
    expect(existsSync(resources)).toBe(false);
  });

  it('refuses archives whose checksum file is missing, saying which file to download', () => {
    const { downloads, resources } = folders('unchecked');
    ollamaLinuxRelease(downloads, '0.0.7-test');
    const openSearch = openSearchLinuxRelease(downloads, '9.8.7');
    rmSync(join(downloads, 'sha256sum.txt'));
    rmSync(`${openSearch}.sha512`);

    const run = fetchRuntimes([
      '--from',
      downloads,
      '--resources',
      resources,
      '--manifest',
      emptyManifest(),
      '--platform',
      'linux',
      '--arch',
      'x64',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refused ollama-linux-amd64.tgz: there is no sha256sum.txt beside it');
    expect(run.stderr).toContain('Download sha256sum.txt from the same Ollama release');
    expect(run.stderr).toContain(
      'refused opensearch-9.8.7-linux-x64.tar.gz: there is no opensearch-9.8.7-linux-x64.tar.gz.sha512 beside it',
    );
    expect(existsSync(resources)).toBe(false);
  });

  it('holds archives to the pins in the manifest once it has any', () => {
    const { downloads, resources } = folders('pinned');
    const ollama = ollamaLinuxRelease(downloads, '0.0.7-test');
    const openSearch = openSearchLinuxRelease(downloads, '9.8.7');
    const manifest = join(mkdtempSync(join(scratch, 'pins-')), 'runtimes.json');
    const pinOllama = { file: basename(ollama), version: '0.0.7-test', sha256: sha('sha256', ollama) };
    const pinOpenSearch = { file: basename(openSearch), version: '9.8.7', sha512: sha('sha512', openSearch) };
    const args = [
      '--from',
      downloads,
      '--resources',
      resources,
      '--manifest',
      manifest,
      '--platform',
      'linux',
      '--arch',
      'x64',
    ];

    writeFileSync(manifest, JSON.stringify({ pins: [pinOllama] }));
    const unpinned = fetchRuntimes(args);
    expect(unpinned.status).toBe(1);
    expect(unpinned.stderr).toContain('refused opensearch-9.8.7-linux-x64.tar.gz: ');
    expect(unpinned.stderr).toContain('pins runtime archives, and not this one');

    writeFileSync(manifest, JSON.stringify({ pins: [{ ...pinOllama, sha256: 'f'.repeat(64) }, pinOpenSearch] }));
    const otherPin = fetchRuntimes(args);
    expect(otherPin.status).toBe(1);
    expect(otherPin.stderr).toContain(`refused ollama-linux-amd64.tgz: its sha256 is ${pinOllama.sha256}, but`);
    expect(existsSync(resources)).toBe(false);

    writeFileSync(manifest, JSON.stringify({ pins: [pinOllama, pinOpenSearch] }));
    const pinned = fetchRuntimes(args);
    expect(pinned.status, pinned.stderr).toBe(0);
    expect(pinned.stdout).toContain('runtimes.json');
    expect(existsSync(join(resources, 'bin', 'linux-x64', 'ollama'))).toBe(true);
  });

  it('prepares another target: Windows from its zips, macOS from the Ollama.app zip', async () => {
    const { downloads, resources } = folders('other-targets');
    const zip = async (path: string, files: Record<string, { content: string; mode?: number }>) => {
      const archive = new JSZip();
      for (const [name, { content, mode }] of Object.entries(files))
        archive.file(name, content, mode === undefined ? {} : { unixPermissions: mode });
      writeFileSync(path, await archive.generateAsync({ type: 'nodebuffer', platform: 'UNIX' }));
    };
    await zip(join(downloads, 'ollama-windows-amd64.zip'), {
      'ollama.exe': { content: 'MZ' },
      'lib/ollama/ggml-base.dll': { content: 'dll' },
    });
    await zip(join(downloads, 'Ollama-darwin.zip'), {
      'Ollama.app/Contents/Resources/ollama': { content: '#!/bin/sh\n', mode: 0o755 },
      'Ollama.app/Contents/Resources/libggml-base.dylib': { content: 'dylib' },
      'Ollama.app/Contents/MacOS/Ollama': { content: 'the menu-bar app', mode: 0o755 },
    });
    await zip(join(downloads, 'opensearch-9.8.7-windows-x64.zip'), {
      'opensearch-9.8.7/bin/opensearch.bat': { content: '@echo off' },
    });
    const lines = ['ollama-windows-amd64.zip', 'Ollama-darwin.zip'].map(
      (f) => `${sha('sha256', join(downloads, f))}  ./${f}`,
    );
    writeFileSync(join(downloads, 'sha256sum.txt'), `${lines.join('\n')}\n`);
    const openSearchZip = 'opensearch-9.8.7-windows-x64.zip';
    writeFileSync(
      join(downloads, `${openSearchZip}.sha512`),
      `${sha('sha512', join(downloads, openSearchZip))}  ${openSearchZip}\n`,
    );

    const windows = fetchRuntimes([
      '--from',
      downloads,
      '--resources',
      resources,
      '--manifest',
      emptyManifest(),
      '--platform',
      'win32',
      '--arch',
      'x64',
    ]);
    expect(windows.status, windows.stderr).toBe(0);
    expect(windows.stdout).toContain('version not known');
    expect(readFileSync(join(resources, 'bin', 'win32-x64', 'ollama.exe'), 'utf8')).toBe('MZ');
    expect(existsSync(join(resources, 'bin', 'win32-x64', 'lib', 'ollama', 'ggml-base.dll'))).toBe(true);
    expect(existsSync(join(resources, 'opensearch', 'win32-x64', 'bin', 'opensearch.bat'))).toBe(true);

    const mac = fetchRuntimes([
      '--from',
      downloads,
      '--resources',
      resources,
      '--manifest',
      emptyManifest(),
      '--platform',
      'darwin',
      '--arch',
      'arm64',
    ]);
    expect(mac.status, mac.stderr).toBe(0);
    expect(mac.stdout).toContain('no OpenSearch archive for darwin-arm64');
    const ollama = join(resources, 'bin', 'darwin-arm64', 'ollama');
    expect(() => accessSync(ollama, constants.X_OK)).not.toThrow();
    // Ollama on macOS looks for its libraries in its own real folder.
    expect(existsSync(join(dirname(realpathSync(ollama)), 'libggml-base.dylib'))).toBe(true);
    expect(existsSync(join(resources, 'bin', 'darwin-arm64', 'ollama-runtime', 'MacOS'))).toBe(false);
    expect(relative(resources, realpathSync(ollama))).toBe(join('bin', 'darwin-arm64', 'ollama-runtime', 'ollama'));
  });
});

// ---------------------------------------------------------------------------------------------------

describe('npm run dist', () => {
  it('stops with exit code 2 and a sentence saying why, where Electron cannot be had', async (context) => {
    const env = { ...process.env };
    delete env.DOCPIPE_ELECTRON_DIST;
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const availability = await electronAvailability({ root, platform: process.platform, arch: process.arch, env });
    // Where Electron can be had, dist would build installers and rebuild better-sqlite3 in node_modules for Electron.
    context.skip(
      availability.canPackage,
      `Electron ${availability.version} can be had on this machine, so npm run dist would really package; not run by a test`,
    );

    const started = Date.now();
    const run = spawnSync('npm', ['run', '--silent', 'dist'], { cwd: root, encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(2);
    // Found out before electron-builder's 45-second download attempt, not after it.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.stderr).toContain('npm run dist cannot package docpipe here');
    expect(run.stderr).toContain('Run npm run dist on a machine with network');
    expect(run.stderr).toContain('--electron-dist PATH');
    expect(run.stderr).toMatch(/better-sqlite3 must be rebuilt for Electron's ABI \(\d+\) rather than Node's \(\d+\)/);
    expect(run.stderr).toContain('nodedir');
  }, 60_000);
});
