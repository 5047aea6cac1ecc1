import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF. A cell a spreadsheet would run
 * as a formula (starting with = + - @ tab or CR) gets a leading apostrophe first (OWASP's advice), so a
 * document's text can never execute in the user's Excel. A plain negative number stays a number.
 */
/** A negative amount as fields store it ("-12.50"): a number to a spreadsheet, never a formula. */
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !NEGATIVE_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * The CSV text of a header and rows, a line at a time (the BOM and header first), made as the consumer
 * reads: nothing is built ahead, so a consumer that pauses (a slow download) holds the rows back.
 */
export function* csvLines(
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
  options: { bom: boolean },
): Generator<string> {
  yield `${options.bom ? '\uFEFF' : ''}${csvRow(header)}`;
  for (const row of rows) yield csvRow(row);
}

/**
 * Streams text to `path` through a temporary file beside it, renamed at the end, honouring backpressure
 * so memory stays flat for any amount of text. A failure leaves no temporary file behind.
 */
export async function writeTextFile(path: string, chunks: Iterable<string>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  try {
    for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (error) {
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Streams rows to `path` as CSV (see writeTextFile). Returns the number of data rows. */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
  options: { bom: boolean },
): Promise<number> {
  let count = -1;
  function* counted(): Generator<string> {
    for (const line of csvLines(header, rows, options)) {
      count++;
      yield line;
    }
  }
  await writeTextFile(path, counted());
  return count;
}
