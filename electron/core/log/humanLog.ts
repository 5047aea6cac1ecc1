/**
 * Log lines for a person at a terminal: `13:42:51 WARN  stage failed  document=3 stage=extract code=PDF_CORRUPT`.
 * The log file keeps every line as JSON (the tools and a bug report need all of it); only what goes to a
 * terminal is turned into words here, line by line, from the JSON pino writes.
 */

export type LogFormat = 'json' | 'human';

/**
 * How log lines on stderr are written: `DOCPIPE_LOG_FORMAT` (json or human) when set; else JSON under
 * `--json` (machine output throughout) or when stderr is not a terminal (a file, a log collector), else human.
 */
export function stderrLogFormat(options: {
  json: boolean;
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): LogFormat {
  const chosen = options.env.DOCPIPE_LOG_FORMAT;
  if (chosen === 'json' || chosen === 'human') return chosen;
  return options.json || !options.isTTY ? 'json' : 'human';
}

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '2' },
  20: { name: 'DEBUG', color: '2' },
  30: { name: 'INFO', color: '36' },
  40: { name: 'WARN', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '31;1' },
};

/** Said by the line itself (time, level, message), or noise to a person (pid, the batch's UUID). */
const NOT_SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'correlationId', 'v']);
/** These first, when present, in this order; then the others as they come. */
const FIRST = ['documentId', 'path', 'stage', 'code', 'service', 'model', 'attempt', 'ms'];
const FIELDS_SHOWN = 6;
const VALUE_CHARS = 60;

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const short = text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS - 1)}…` : text;
  return typeof value === 'string' && /[\s"=]/.test(short) ? JSON.stringify(short) : short;
}

/** `13:42:51`, in this machine's time zone. */
function clockTime(iso: unknown): string {
  const at = typeof iso === 'string' || typeof iso === 'number' ? new Date(iso) : new Date();
  return Number.isNaN(at.getTime()) ? String(iso) : at.toTimeString().slice(0, 8);
}

/** One JSON log line as a line for a person; a line that is not JSON passes through as it is. */
export function humanLogLine(line: string, options: { color: boolean }): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an entry');
    entry = parsed as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const level = LEVELS[Number(entry.level)] ?? { name: String(entry.level ?? '?'), color: '0' };
  const err = entry.err as { message?: unknown; code?: unknown } | undefined;
  const because =
    err && typeof err.message === 'string'
      ? `: ${err.message}${typeof err.code === 'string' ? ` [${err.code}]` : ''}`
      : '';
  const keys = Object.keys(entry).filter((key) => !NOT_SHOWN.has(key) && entry[key] !== undefined);
  const ordered = [...FIRST.filter((key) => keys.includes(key)), ...keys.filter((key) => !FIRST.includes(key))];
  const fields = ordered.slice(0, FIELDS_SHOWN).map((key) => `${key}=${valueText(entry[key])}`);
  if (ordered.length > FIELDS_SHOWN) fields.push(`(+${ordered.length - FIELDS_SHOWN} in the log file)`);
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return (
    `${paint('2', clockTime(entry.time))} ${paint(level.color, level.name.padEnd(5))} ${message}${because}` +
    (fields.length ? `  ${paint('2', fields.join(' '))}` : '') +
    '\n'
  );
}
