import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Log file (JSON lines). Created with its folder. */
  file?: string | undefined;
  /** Also write human-relevant lines (warn and above, or `stderrLevel`) to stderr. */
  stderrLevel?: pino.Level | 'silent' | undefined;
  level?: pino.Level | undefined;
}

/**
 * Structured logs: JSON lines to a file in the data folder, each line with the correlation id and
 * document id when known (child loggers carry them). stdout is never used: it belongs to `--json`.
 */
export function createLogger(options: LoggerOptions): { log: Logger; flush: () => void } {
  const streams: pino.StreamEntry[] = [];
  let fileStream: pino.DestinationStream | undefined;
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    // sync: a kill -9 must not lose the lines that explain what was going on.
    fileStream = pino.destination({ dest: options.file, sync: true, mkdir: true });
    streams.push({ level: options.level ?? 'info', stream: fileStream });
  }
  if (options.stderrLevel && options.stderrLevel !== 'silent') {
    streams.push({ level: options.stderrLevel, stream: pino.destination({ dest: 2, sync: true }) });
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
