/**
 * Paths a person typed (the UI's path field, the API), checked before anything is stored. The engine may
 * run in another folder than the caller (`docpipe serve` started elsewhere, the desktop app), so a
 * relative path has no meaning here and is refused; the CLI resolves relative operands against its own
 * folder before it calls. A path where nothing exists is refused at once with a sentence, instead of
 * becoming a failed document nobody can act on.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { isNameNotUtf8, nameNotUtf8 } from '../ingest/walk.js';

/** `~` and `~/…` (also `~\…` on Windows) as the home folder; everything else unchanged. */
export function expandHome(text: string, home: string = homedir()): string {
  if (text === '~') return home;
  if (text.startsWith('~/') || (sep === '\\' && text.startsWith('~\\'))) return join(home, text.slice(2));
  return text;
}

/** A typed path as the engine uses it: home expanded, absolute and normalised. Refuses a relative one. */
export function typedPath(text: string, home: string = homedir()): string {
  const expanded = expandHome(text, home);
  if (/^~[^/\\]/.test(expanded)) {
    throw new AppError(
      ErrorCode.INVALID_ARGUMENT,
      `“${text}” names another user's home folder, which docpipe does not look up. Give the full path (for example ${join(home, 'Documents')}).`,
    );
  }
  if (!isAbsolute(expanded)) {
    throw new AppError(
      ErrorCode.INVALID_ARGUMENT,
      `“${text}” is a relative path, and docpipe cannot know which folder it is relative to. Give the full path (for example ${join(home, text)} or ~/${text.replace(/^\.[/\\]/, '')}).`,
    );
  }
  return resolve(expanded);
}

/** What a checked path is. */
export type PathKind = 'file' | 'folder';

/**
 * Checks that a path (absolute, from `typedPath`) exists and can be read: FILE_NOT_FOUND when nothing is
 * there, FILE_UNREADABLE without permission, INVALID_ARGUMENT for what is neither a file nor a folder.
 */
export async function checkReadablePath(path: string, typed: string = path): Promise<PathKind> {
  let kind: PathKind;
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) kind = 'folder';
    else if (stats.isFile()) kind = 'file';
    else
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `${path} is neither a file nor a folder (a device, a socket or a pipe); docpipe reads files and folders.`,
      );
  } catch (error) {
    if (AppError.is(error)) throw error;
    if (await isNameNotUtf8(path)) throw AppError.fromData(nameNotUtf8(path));
    throw statFailure(path, typed, error);
  }
  try {
    // A folder must be listable as well as readable.
    await access(path, kind === 'folder' ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch (error) {
    throw statFailure(path, typed, error);
  }
  return kind;
}

function statFailure(path: string, typed: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  const shown = typed === path ? path : `${path} (from “${typed}”)`;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AppError(
      ErrorCode.FILE_NOT_FOUND,
      `There is no file or folder at ${shown}. Check the spelling (names are case-sensitive) and try again.`,
      { cause: error },
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError(
      ErrorCode.FILE_UNREADABLE,
      `${shown} cannot be read (permission denied). Give your user read access to it and try again.`,
      { cause: error, retryable: false },
    );
  }
  return AppError.wrap(error, ErrorCode.FILE_UNREADABLE, `${shown} cannot be read`);
}
