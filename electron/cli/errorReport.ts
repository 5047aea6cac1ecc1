/**
 * What the CLI says when a command fails, and with which exit code. A person gets a sentence (what
 * happened, what to do) with the code in brackets; a file-system error the engine did not put in words
 * (ENOENT, EACCES…) is put in words here from its errno and path.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ErrorCode, type AppError } from '../shared/contract/errors.js';
import { EXIT_FAILURES, EXIT_USAGE } from './command.js';
import { printable } from './wording.js';

/**
 * The exit code of a failed command: 2 when what was asked cannot be done as asked (a wrong argument or
 * query, an unknown document, a busy port, a data folder of a newer docpipe), else 1.
 */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.INVALID_ARGUMENT:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.QUERY_INVALID:
    case ErrorCode.PORT_IN_USE:
    case ErrorCode.DB_NEWER_THAN_APP:
      return EXIT_USAGE;
    default:
      return EXIT_FAILURES;
  }
}

/** The first errno-carrying error in the cause chain (what node:fs threw), if any. */
function systemCause(error: unknown): NodeJS.ErrnoException | null {
  for (let seen: unknown = error, depth = 0; seen instanceof Error && depth < 5; depth++) {
    const errno = seen as NodeJS.ErrnoException;
    if (typeof errno.code === 'string' && /^E[A-Z]+$/.test(errno.code)) return errno;
    seen = seen.cause;
  }
  return null;
}

/** The file a person named: an atomic write's temporary name (`x.csv.1234.tmp`) is the file being written. */
function namedPath(path: string): string {
  return path.replace(/\.[0-9a-f]+\.tmp$/i, '');
}

/** A file-system failure as a sentence, or null for an errno this does not know. */
function systemSentence(cause: NodeJS.ErrnoException): string | null {
  const path = cause.path === undefined ? null : namedPath(cause.path);
  const target = path ?? 'a file';
  switch (cause.code) {
    case 'ENOENT':
      if (path && !existsSync(dirname(path)))
        return `The folder ${dirname(path)} does not exist: create it, or choose a path in a folder that does.`;
      return `${target} does not exist: check the path.`;
    case 'EACCES':
    case 'EPERM':
      return `docpipe may not use ${target} (permission denied): check its owner and permissions, or choose another place.`;
    case 'ENOSPC':
      return `The disk is full (writing ${target}): free some space and run the command again.`;
    case 'EROFS':
      return `${target} is on a read-only disk: choose another place.`;
    case 'EISDIR':
      return `${target} is a folder: give the path of a file.`;
    case 'ENOTDIR':
      return `A part of ${target} is a file, not a folder: check the path.`;
    case 'EMFILE':
    case 'ENFILE':
      return 'Too many files are open on this machine: close some programs and run the command again.';
    default:
      return null;
  }
}

/**
 * The line printed on stderr for a failed command: the sentence, ending in a full stop, the code in
 * brackets; an unexpected failure (INTERNAL) also names the log that has the details.
 */
export function errorLine(error: AppError, logFile: string | null): string {
  const cause = error.code === ErrorCode.INTERNAL ? systemCause(error) : null;
  let sentence = (cause && systemSentence(cause)) ?? error.message.trim();
  if (!/[.!?]$/.test(sentence)) sentence += '.';
  if (error.code === ErrorCode.INTERNAL && !cause && logFile)
    sentence += ` This was not expected; ${logFile} has the details.`;
  // A message may name a file, and a file's name may hold anything, terminal escapes included.
  return `${printable(sentence, true)} [${error.code}]`;
}
