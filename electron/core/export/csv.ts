import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF. A cell a spreadsheet would run
 * as a formula (starting with = + - @ tab or CR) gets a leading apostrophe first (OWASP's advice), so a
 * document's text can never execute in the user's Excel.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * Streams rows to `path` through a temporary file renamed at the end, honouring backpressure so memory
 * stays flat for any number of rows. Returns the number of data rows.
 */
export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly (string | number | null | undefined)[]>,
  options: { bom: boolean },
): Promise<number> {
  const tmp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  let count = 0;
  try {
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    if (options.bom) await write('\uFEFF');
    await write(csvRow(header));
    for (const row of rows) {
      await write(csvRow(row));
      count++;
    }
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
    return count;
  } catch (error) {
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
}
