/**
 * GET /api/export.csv?type=…&fields=…&state=…&review=…&q=…&ids=…&minConfidence=…&bom=1: the CSV as a
 * download, streamed as it is read (a paused download holds the reading back; nothing is buffered whole).
 * The `exportCsvStream` command is in-process only (the contract's LOCAL_COMMANDS): this route is how a
 * page gets an export, and the file lands where the browser saves downloads, never at a path the page names.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Api } from '../shared/contract/api.js';
import { exportRequestOfQuery } from '../shared/contract/exports.js';

/**
 * Sends the export `url`'s query names. Invalid filters reject before anything is sent (an AppError the
 * server answers as JSON with 400); a failure half-way ends the connection, so the download fails visibly
 * instead of leaving a short file that looks complete.
 */
export async function sendExportCsv(
  api: Pick<Api, 'exportCsvStream'>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const csv = await api.exportCsvStream(exportRequestOfQuery(url.searchParams));
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    // The name is ours (type and date, ASCII), so it needs no quoting beyond the quotes.
    'Content-Disposition': `attachment; filename="${csv.filename}"`,
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'",
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.from(csv.chunks), res);
  } catch {
    // The reader went away (a cancelled download) or the store failed: the connection is already ended.
    res.destroy();
  }
}
