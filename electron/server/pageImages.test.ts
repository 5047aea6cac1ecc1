import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../shared/contract/documents.js';
import { createCore, type Core } from '../core/createCore.js';
import { makeTextPdf } from '../core/testing/fixtureFiles.js';
import { encodeGrayPng, pngSize } from './grayPng.js';
import { startServer, type RunningServer } from './startServer.js';

const WORDS_PNG = fileURLToPath(new URL('../../workers/extract/fixtures/words.png', import.meta.url));

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function get(server: RunningServer, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method: 'GET', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/documents/:id/pages/:page/image', () => {
  let root: string;
  let core: Core;
  let server: RunningServer;
  let pdf: DocumentSummary;
  let png: DocumentSummary;
  let text: DocumentSummary;
  const auth = () => ({ Authorization: `Bearer ${server.token}` });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'docpipe-page-image-'));
    const files = join(root, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'invoice.pdf'), makeTextPdf([['INVOICE', 'Invoice number: INV-7', 'Total: 120.00 EUR'], ['Page two']]));
    copyFileSync(WORDS_PNG, join(files, 'words.png'));
    writeFileSync(join(files, 'note.txt'), 'A plain text note.\n');
    core = await createCore({ dataDir: join(root, 'data'), workers: 1 });
    server = await startServer(core, { rendererDir: root, port: 0 });
    await core.api.ingest({ paths: [files] });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const docs = await core.api.listDocuments({});
      if (docs.length === 3 && docs.every((d) => d.state === 'completed' || d.state === 'failed')) {
        const byName = (name: string) => docs.find((d) => d.paths[0]?.endsWith(name))!;
        [pdf, png, text] = [byName('invoice.pdf'), byName('words.png'), byName('note.txt')];
        break;
      }
      if (Date.now() > deadline) throw new Error(`documents not done: ${JSON.stringify(docs.map((d) => [d.paths[0], d.state]))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 90_000);

  afterAll(async () => {
    await server?.close();
    await core?.dispose({ graceMs: 1000 });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('renders a PDF page as a PNG at about 1.5 px per point', async () => {
    expect(pdf.pages).toBe(2);
    const res = await get(server, `/api/documents/${pdf.id}/pages/1/image`, auth());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toMatch(/^private/);
    // A 612 × 792 pt page at 1.5 px/pt.
    const size = pngSize(res.body);
    expect(size).not.toBeNull();
    expect(Math.abs(size!.width - 918)).toBeLessThanOrEqual(2);
    expect(Math.abs(size!.height - 1188)).toBeLessThanOrEqual(2);
    expect((await get(server, `/api/documents/${pdf.id}/pages/2/image`, auth())).status).toBe(200);
  }, 30_000);

  it('sends an image document as it is on disk', async () => {
    const res = await get(server, `/api/documents/${png.id}/pages/1/image`, auth());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const size = pngSize(res.body);
    expect(size!.width).toBeGreaterThan(10);
    expect(size!.height).toBeGreaterThan(10);
  });

  it('needs the token and refuses other sites', async () => {
    const path = `/api/documents/${pdf.id}/pages/1/image`;
    expect((await get(server, path)).status).toBe(401);
    expect((await get(server, path, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(server, path, { ...auth(), Origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers 404 for a missing document or page and 415 for a type without a preview', async () => {
    expect((await get(server, `/api/documents/${pdf.id}/pages/3/image`, auth())).status).toBe(404);
    expect((await get(server, `/api/documents/${pdf.id}/pages/0/image`, auth())).status).toBe(404);
    expect((await get(server, `/api/documents/99999/pages/1/image`, auth())).status).toBe(404);
    const unsupported = await get(server, `/api/documents/${text.id}/pages/1/image`, auth());
    expect(unsupported.status).toBe(415);
    expect(JSON.parse(unsupported.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_TYPE' } });
  });
});

describe('encodeGrayPng', () => {
  it('writes a PNG whose IHDR holds the size', () => {
    const png = encodeGrayPng(3, 2, Uint8Array.from([0, 128, 255, 255, 128, 0]));
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    expect(() => encodeGrayPng(3, 2, new Uint8Array(5))).toThrow(/pixels/);
  });
});
