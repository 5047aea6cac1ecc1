/**
 * Finding a server program docpipe may run. Both bundled servers are looked up the same way: a path from
 * the environment, then one from the settings, then the copy under the resources folder.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** Where the program is and who said so, or a sentence telling a person how to provide it. */
export type ProgramResolution =
  { kind: 'found'; path: string; source: 'environment' | 'settings' | 'bundled' } | { kind: 'absent'; reason: string };

/** A regular file that this user may execute (on Windows, any file: there is no execute bit). */
export function isExecutableFile(path: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
