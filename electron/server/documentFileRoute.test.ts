/**
 * GET /api/documents/:id/file over a real core: Range requests as pdf.js makes them, the download
 * header, and a file that changed on disk (404 with a sentence, never other bytes).
 */
import { writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTextPdf, prose } from '../core/testing/fixtureFiles.js';
import { testCore, type TestCore } from '../core/testing/testCore.js';
import { contentDisposition, dispositionFileName } from '../shared/contract/http.js';
import { parseRange } from './documentFileRoute.js';
import { startServer, type RunningServer } from './startServer.js';

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let t: TestCore;
let server: RunningServer;
const lines = Array.from({ length: 8 }, (_, i) => `Line ${i + 1} of a page with enough text to need no OCR`);
const PDF = makeTextPdf([lines, lines]);
// Over 1 MiB: the route sends it in two parts.
const LONG = prose(7, 200_000);

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: { Authorization: `Bearer ${server.token}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function idOf(name: string): Promise<number> {
  return (await t.core.api.listDocuments({})).find((d) => d.paths.some((p) => p.endsWith(`/${name}`)))!.id;
}

beforeAll(async () => {
  t = await testCore({ 'Rechnung März.pdf': PDF, 'long.txt': LONG, 'notes.txt': 'some notes' }, { ingest: true });
  server = await startServer(t.core, { rendererDir: '/nonexistent', port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.dispose();
});

describe('GET /api/documents/:id/file', () => {
  it('sends the whole file inline with its type, length, name and ETag', async () => {
    const id = await idOf('Rechnung März.pdf');
    const res = await get(`/api/documents/${id}/file`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(PDF.length));
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`,
    );
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(res.body.equals(PDF)).toBe(true);
    const again = await get(`/api/documents/${id}/file`, { 'If-None-Match': res.headers.etag! });
    expect(again.status).toBe(304);
    const head = await get(`/api/documents/${id}/file`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(PDF.length));
    expect(head.body.length).toBe(0);
  });

  it('answers Range requests with 206 and Content-Range, and 416 past the end', async () => {
    const id = await idOf('Rechnung März.pdf');
    const first = await get(`/api/documents/${id}/file`, { Range: 'bytes=0-99' });
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${PDF.length}`);
    expect(first.headers['content-length']).toBe('100');
    expect(first.body.equals(PDF.subarray(0, 100))).toBe(true);
    const open = await get(`/api/documents/${id}/file`, { Range: `bytes=${PDF.length - 10}-` });
    expect(open.body.equals(PDF.subarray(PDF.length - 10))).toBe(true);
    const suffix = await get(`/api/documents/${id}/file`, { Range: 'bytes=-7' });
    expect(suffix.headers['content-range']).toBe(`bytes ${PDF.length - 7}-${PDF.length - 1}/${PDF.length}`);
    const past = await get(`/api/documents/${id}/file`, { Range: `bytes=${PDF.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${PDF.length}`);
    // A range of a file that is no longer the one the client started with: the whole file instead.
    const stale = await get(`/api/documents/${id}/file`, { Range: 'bytes=0-9', 'If-Range': '"another"' });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(PDF.length);
  });

  it('streams a file of several parts whole and in a range across parts', async () => {
    const id = await idOf('long.txt');
    const whole = await get(`/api/documents/${id}/file`);
    expect(whole.body.toString('utf8')).toBe(LONG);
    const from = 1024 * 1024 - 5;
    const across = await get(`/api/documents/${id}/file`, { Range: `bytes=${from}-${from + 300_000}` });
    expect(across.status).toBe(206);
    expect(across.body.equals(Buffer.from(LONG).subarray(from, from + 300_001))).toBe(true);
  });

  it('sends an attachment with ?download=1, sandboxed when it is not a passive type', async () => {
    const id = await idOf('notes.txt');
    const res = await get(`/api/documents/${id}/file?download=1`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(res.body.toString()).toBe('some notes');
  });

  it('says 404 with a sentence when the file changed, and needs the token', async () => {
    const id = await idOf('notes.txt');
    writeFileSync(join(t.docs, 'notes.txt'), 'other notes, longer');
    const res = await get(`/api/documents/${id}/file`);
    expect(res.status).toBe(404);
    const body = JSON.parse(res.body.toString()) as { ok: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    expect(body.error.message).toMatch(/notes\.txt\) is no longer where it was found, or has changed/);
    expect((await get('/api/documents/99999/file')).status).toBe(404);
    const noToken = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: server.port, path: `/api/documents/${id}/file` }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(noToken).toBe(401);
  });
});

describe('Range and Content-Disposition helpers', () => {
  it('parses one range, and leaves what it does not serve to a whole answer', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseRange('bytes=2-40', 10)).toEqual({ start: 2, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,3-4', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
  });

  it('writes a file name both ways and reads back the UTF-8 one', () => {
    const header = contentDisposition('attachment', 'Angebot "neu" (Köln).pdf');
    expect(header).toBe(
      `attachment; filename="Angebot _neu_ (K_ln).pdf"; filename*=UTF-8''Angebot%20%22neu%22%20%28K%C3%B6ln%29.pdf`,
    );
    expect(dispositionFileName(header)).toBe('Angebot "neu" (Köln).pdf');
    expect(dispositionFileName('inline; filename="plain.pdf"')).toBe('plain.pdf');
  });
});
