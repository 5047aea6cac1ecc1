/**
 * Where a bundled runtime lives for each target, in one place: fetch-runtimes places the programs there,
 * dist checks for them, the packaging test checks that electron-builder copies the same folder, and the
 * app looks them up at run time as `<resources>/bin/<process.platform>-<process.arch>/ollama`.
 *
 * The folder names use Node's words (linux, darwin, win32; x64, arm64) because the app computes them from
 * process.platform and process.arch. electron-builder calls the same platforms linux, mac and win (its
 * `${os}` macro and its per-platform config keys); its `${arch}` already is Node's arch name. Its
 * `${platform}` macro is the *build machine's* process.platform, not the target's, which is why the
 * config spells the platform out per section instead of using that macro.
 */
import { join } from 'node:path';

export const TARGET_PLATFORMS = ['linux', 'darwin', 'win32'] as const;
export type TargetPlatform = (typeof TARGET_PLATFORMS)[number];

export const TARGET_ARCHES = ['x64', 'arm64'] as const;
export type TargetArch = (typeof TARGET_ARCHES)[number];

/** electron-builder's name for each platform: the value of its `${os}` macro and its config section. */
export const BUILDER_OS: Readonly<Record<TargetPlatform, 'linux' | 'mac' | 'win'>> = {
  linux: 'linux',
  darwin: 'mac',
  win32: 'win',
};

export function isTargetPlatform(value: string): value is TargetPlatform {
  return (TARGET_PLATFORMS as readonly string[]).includes(value);
}

export function isTargetArch(value: string): value is TargetArch {
  return (TARGET_ARCHES as readonly string[]).includes(value);
}

/** `linux-x64`, `darwin-arm64`, `win32-x64`: the per-target folder name under resources/bin and resources/opensearch. */
export function targetName(platform: TargetPlatform, arch: TargetArch): string {
  return `${platform}-${arch}`;
}

/** resources/bin/<platform>-<arch>: Ollama, and the other bundled tools (tesseract, pdftoppm) beside it. */
export function binFolder(resourcesDir: string, platform: TargetPlatform, arch: TargetArch): string {
  return join(resourcesDir, 'bin', targetName(platform, arch));
}

/** resources/opensearch/<platform>-<arch>: one OpenSearch distribution, its top folder stripped. */
export function openSearchFolder(resourcesDir: string, platform: TargetPlatform, arch: TargetArch): string {
  return join(resourcesDir, 'opensearch', targetName(platform, arch));
}

/** The path the app starts Ollama from. */
export function ollamaExecutable(resourcesDir: string, platform: TargetPlatform, arch: TargetArch): string {
  return join(binFolder(resourcesDir, platform, arch), platform === 'win32' ? 'ollama.exe' : 'ollama');
}

/** The path the app starts OpenSearch from. */
export function openSearchLauncher(resourcesDir: string, platform: TargetPlatform, arch: TargetArch): string {
  return join(
    openSearchFolder(resourcesDir, platform, arch),
    'bin',
    platform === 'win32' ? 'opensearch.bat' : 'opensearch',
  );
}
