import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { humanLogLine, stderrLogFormat } from './humanLog.js';

/** Lines as pino writes them (the same options as createLogger), collected. */
function pinoLines(write: (log: pino.Logger) => void): string[] {
  const lines: string[] = [];
  const log = pino(
    { level: 'info', base: { pid: 4242 }, timestamp: pino.stdTimeFunctions.isoTime },
    { write: (line: string) => void lines.push(line) },
  );
  write(log);
  return lines;
}

const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);

describe('log lines for a person', () => {
  it('writes time, level, message and the key fields, leaving out pid and the batch id', () => {
    const [line = ''] = pinoLines((log) =>
      log
        .child({ correlationId: '5fd3ea6c-3c7f-4788-914d-a093d14abb69', documentId: 2 })
        .warn(
          { stage: 'extract', code: 'PDF_CORRUPT', attempt: 1, ms: 3907, path: '/in/broken file.pdf' },
          'stage failed',
        ),
    );
    const time = clock((JSON.parse(line) as { time: string }).time);
    expect(humanLogLine(line, { color: false })).toBe(
      `${time} WARN  stage failed  documentId=2 path="/in/broken file.pdf" stage=extract code=PDF_CORRUPT attempt=1 ms=3907\n`,
    );
  });

  it('says what an error was, shortens long values and counts what it left out', () => {
    const [line = ''] = pinoLines((log) =>
      log.error(
        {
          err: Object.assign(new Error('disk full'), { code: 'ENOSPC' }),
          a: 1,
          b: 2,
          c: 3,
          d: 4,
          e: 5,
          f: 6,
          g: 'x'.repeat(80),
        },
        'write failed',
      ),
    );
    const text = humanLogLine(line, { color: false });
    expect(text).toMatch(
      /^\d\d:\d\d:\d\d ERROR write failed: disk full \[ENOSPC\] {2}a=1 b=2 c=3 d=4 e=5 f=6 \(\+1 in the log file\)\n$/,
    );
    const [long = ''] = pinoLines((log) => log.info({ summary: { found: 2, batchId: 'y'.repeat(80) } }, 'walked'));
    expect(humanLogLine(long, { color: false })).toMatch(/summary=\{"found":2,"batchId":"y+…\n$/);
    expect(humanLogLine(long, { color: true })).toContain('\u001b[36mINFO \u001b[0m');
    expect(humanLogLine('not json', { color: false })).toBe('not json\n');
  });

  it('is human on a terminal, JSON in a file, with --json, or as DOCPIPE_LOG_FORMAT says', () => {
    expect(stderrLogFormat({ json: false, isTTY: true, env: {} })).toBe('human');
    expect(stderrLogFormat({ json: false, isTTY: false, env: {} })).toBe('json');
    expect(stderrLogFormat({ json: true, isTTY: true, env: {} })).toBe('json');
    expect(stderrLogFormat({ json: false, isTTY: true, env: { DOCPIPE_LOG_FORMAT: 'json' } })).toBe('json');
    expect(stderrLogFormat({ json: true, isTTY: false, env: { DOCPIPE_LOG_FORMAT: 'human' } })).toBe('human');
  });
});
