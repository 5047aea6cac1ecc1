import { dirname } from 'node:path';
import pino from 'pino';
import { humanLogLine, type LogFormat } from './humanLog.js';
import { makePrivateDir, makePrivateFile } from '../privateFiles.js';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Log file (JSON lines). Created with its folder. */
  file?: string | undefined;
  /** Also write human-relevant lines (warn and above, or `stderrLevel`) to stderr. */
  stderrLevel?: pino.Level | 'silent' | undefined;
  /** How stderr lines are written: JSON (default), or words for a person at a terminal. The file is always JSON. */
  stderrFormat?: LogFormat | undefined;
  level?: pino.Level | undefined;
}

/**
 * Structured logs: JSON lines to a file in the data folder, each line with the correlation id and
 * document id when known (child loggers carry them). stdout is never used: it belongs to `--json`.
 * On stderr the same lines, as JSON or (`stderrFormat: 'human'`) in words (humanLog.ts).
 */
export function createLogger(options: LoggerOptions): { log: Logger; flush: () => void } {
  const streams: pino.StreamEntry[] = [];
  let fileStream: pino.DestinationStream | undefined;
  if (options.file) {
    makePrivateDir(dirname(options.file));
    makePrivateFile(options.file);
    // sync: a kill -9 must not lose the lines that explain what was going on.
    fileStream = pino.destination({ dest: options.file, sync: true, mkdir: true });
    streams.push({ level: options.level ?? 'info', stream: fileStream });
  }
  if (options.stderrLevel && options.stderrLevel !== 'silent') {
    const stderr = pino.destination({ dest: 2, sync: true });
    const terminal = process.stderr.isTTY === true;
    // Colour only where a person looks at it, and not when they asked for none (no-color.org).
    const color = terminal && !process.env.NO_COLOR;
    // On a terminal a progress bar may be drawn on the last line: the log line replaces it (it is redrawn below).
    const clearLine = terminal ? '\r\u001b[2K' : '';
    const stream =
      options.stderrFormat === 'human'
        ? { write: (line: string) => stderr.write(clearLine + humanLogLine(line, { color })) }
        : stderr;
    streams.push({ level: options.stderrLevel, stream });
  }
  const log = pino(
    { level: options.level ?? 'info', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    streams.length > 0 ? pino.multistream(streams) : pino.destination('/dev/null'),
  );
  return {
    log,
    flush: () => {
      const s = fileStream as unknown as { flushSync?: () => void } | undefined;
      s?.flushSync?.();
    },
  };
}
