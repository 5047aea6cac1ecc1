/**
 * `npm run dist [-- --electron-dist PATH] [-- other electron-builder options, e.g. --dir]`
 *
 * The desktop installers for this machine's platform and arch (electron-builder cannot sign or build
 * every target everywhere, and the bundled runtimes are per target): `electron-vite build`, then
 * electron-builder with build/electron-builder.yml.
 *
 * Where Electron cannot be had (no electronDist, nothing cached, no network: this build machine), it
 * stops before building anything, with exit code 2 and a sentence that says why and what to do
 * (scripts/electronAvailability.ts). `--electron-dist` (or DOCPIPE_ELECTRON_DIST) is passed on as
 * electron-builder's electronDist.
 *
 * electron-builder rebuilds better-sqlite3 for Electron in node_modules itself; afterwards the Node
 * tests need `npm rebuild better-sqlite3` to get Node's build back (build/README.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronAvailability } from './electronAvailability.js';
import { BUILDER_OS, isTargetArch, isTargetPlatform, ollamaExecutable, openSearchLauncher } from './runtimeTargets.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * npm hands its settings to scripts as npm_config_* variables, and node-gyp reads nodedir from there. A
 * nodedir that points at the system Node makes @electron/rebuild compile better-sqlite3 against Node's
 * headers: it reports success, and the packaged app cannot load the module (TOOLCHAIN.md).
 */
function withoutNodedir(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'));
}

function splitArguments(args: string[]): { electronDist: string | undefined; passOn: string[] } {
  const passOn: string[] = [];
  let electronDist = process.env.DOCPIPE_ELECTRON_DIST || undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--electron-dist') electronDist = args[++i];
    else if (arg.startsWith('--electron-dist=')) electronDist = arg.slice('--electron-dist='.length);
    else passOn.push(arg);
  }
  return { electronDist, passOn };
}

async function main(): Promise<number> {
  const { electronDist, passOn } = splitArguments(process.argv.slice(3));
  const { platform, arch } = process;
  if (!isTargetPlatform(platform) || !isTargetArch(arch)) {
    console.error(
      `npm run dist: docpipe is packaged for linux, darwin and win32 on x64 or arm64, not ${platform}-${arch}.`,
    );
    return 2;
  }

  const availability = await electronAvailability({ root, platform, arch, electronDist });
  if (!availability.canPackage) {
    console.error(availability.explanation);
    return 2;
  }

  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) return build.status ?? 1;

  const resourcesDir = join(root, 'resources');
  for (const [name, path] of [
    ['Ollama', ollamaExecutable(resourcesDir, platform, arch)],
    ['OpenSearch', openSearchLauncher(resourcesDir, platform, arch)],
  ] as const) {
    if (!existsSync(path))
      console.warn(
        `note: no bundled ${name} for ${platform}-${arch} (${path}): the app will need one installed. npm run fetch-runtimes -- --from DIR places it.`,
      );
  }

  const builder = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--config',
      join('build', 'electron-builder.yml'),
      `--${BUILDER_OS[platform]}`,
      `--${arch}`,
      ...(availability.electronDist ? [`-c.electronDist=${availability.electronDist}`] : []),
      ...passOn,
    ],
    { cwd: root, stdio: 'inherit', env: withoutNodedir(process.env) },
  );
  return builder.status ?? 1;
}

process.exitCode = await main();
