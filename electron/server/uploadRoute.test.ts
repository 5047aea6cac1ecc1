/**
 * Browser uploads over real HTTP: a real core on a temporary data folder, the real server, and raw
 * requests (so a test can stream a body in parts, leave out the token or send a hostile path).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/createCore.js';
import { uploadFileUrl, type UploadStarted } from '../shared/contract/uploads.js';
import { until } from '../core/testing/until.js';
import { startServer, type RunningServer } from './startServer.js';

/** The size limit of this test's engine: small, so going over it is cheap. */
const LIMIT = 256 * 1024;

let root: string;
let dataDir: string;
let core: Core;
let server: RunningServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'docpipe-upload-'));
  dataDir = join(root, 'data');
  core = await createCore({ dataDir, runPipeline: false, ingest: { maxFileBytes: LIMIT } });
  server = await startServer(core, { rendererDir: join(root, 'no-renderer'), port: 0 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await core?.dispose();
  rmSync(root, { recursive: true, force: true });
});

interface Answer {
  status: number;
  json: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
}

function readAnswer(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () =>
      resolve({
        status: res.statusCode ?? 0,
        json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['json'],
      }),
    );
  });
}

/** A PUT whose body the test writes itself; the answer comes as a promise. */
function openPut(
  path: string,
  headers: Record<string, string> = {},
  token: string | null = server.token,
): { req: ClientRequest; answer: Promise<Answer> } {
  let req!: ClientRequest;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'PUT',
        path,
        headers: {
          'Content-Type': 'application/octet-stream',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => void readAnswer(res).then(resolve),
    );
    req.on('error', reject);
  });
  return { req, answer };
}

function put(path: string, body: Buffer, token: string | null = server.token): Promise<Answer> {
  const { req, answer } = openPut(path, { 'Content-Length': String(body.length) }, token);
  req.end(body);
  return answer;
}

async function call(command: string, input: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/${command}`,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      },
      (res) => void readAnswer(res).then(resolve),
    );
    req.on('error', reject);
    req.end(JSON.stringify(input));
  });
}

async function beginUpload(): Promise<UploadStarted> {
  const answer = await call('beginUpload', {});
  expect(answer.status).toBe(200);
  return answer.json.result as UploadStarted;
}

const inbox = () => join(dataDir, 'inbox');
const incoming = () => (existsSync(join(inbox(), '.incoming')) ? readdirSync(join(inbox(), '.incoming')) : []);

describe('the upload route', () => {
  it('requires the token like every /api route, and writes nothing without it', async () => {
    const { uploadId } = await beginUpload();
    const answer = await put(uploadFileUrl(uploadId, 'a.txt'), Buffer.from('hello'), null);
    expect(answer.status).toBe(401);
    expect(readdirSync(join(inbox(), uploadId))).toEqual([]);
    const wrong = await put(uploadFileUrl(uploadId, 'a.txt'), Buffer.from('hello'), 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(readdirSync(join(inbox(), uploadId))).toEqual([]);
  });

  it('streams a file to disk as it arrives, then puts it in place at once, private to this user', async () => {
    const { uploadId, maxFileBytes } = await beginUpload();
    expect(maxFileBytes).toBe(LIMIT);
    const first = Buffer.alloc(64 * 1024, 'a');
    const rest = Buffer.alloc(100 * 1024, 'b');
    const target = join(inbox(), uploadId, 'receipts', '2024', 'a.txt');
    const { req, answer } = openPut(uploadFileUrl(uploadId, 'receipts/2024/a.txt'), {
      'Content-Length': String(first.length + rest.length),
    });
    req.write(first);
    // The first half is on disk, in a temporary file, before the second is sent: nothing waits in memory,
    // and nothing is at the final path yet.
    await until('the first half on disk', () =>
      incoming().some((name) => statSync(join(inbox(), '.incoming', name)).size >= first.length),
    );
    expect(existsSync(target)).toBe(false);
    req.end(rest);
    expect(await answer).toEqual({
      status: 200,
      json: { ok: true, result: { path: 'receipts/2024/a.txt', bytes: first.length + rest.length } },
    });
    expect(readFileSync(target).equals(Buffer.concat([first, rest]))).toBe(true);
    expect(incoming()).toEqual([]);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(statSync(join(inbox(), uploadId, 'receipts')).mode & 0o777).toBe(0o700);
    expect(statSync(join(inbox(), uploadId)).mode & 0o777).toBe(0o700);
  });

  it('refuses a file over the ingest size limit, declared or streamed, and keeps none of it', async () => {
    const { uploadId } = await beginUpload();
    const declared = await put(uploadFileUrl(uploadId, 'big.pdf'), Buffer.alloc(LIMIT + 1));
    expect(declared.status).toBe(413);
    expect(declared.json.error).toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: 'big.pdf is 256.0 KiB, over the 256.0 KiB limit for one file; it was not uploaded.',
    });

    // Without a length (chunked), the limit is found while streaming: cut off there, the part removed.
    const { req, answer } = openPut(uploadFileUrl(uploadId, 'streamed.pdf'), { 'Transfer-Encoding': 'chunked' });
    for (let i = 0; i < 8; i++) req.write(Buffer.alloc(64 * 1024, i));
    req.end();
    const streamed = await answer;
    expect(streamed.status).toBe(413);
    expect(streamed.json.error?.code).toBe('FILE_TOO_LARGE');
    expect(readdirSync(join(inbox(), uploadId))).toEqual([]);
    expect(incoming()).toEqual([]);
  });

  it('keeps nothing of a file whose sender stopped halfway', async () => {
    const { uploadId } = await beginUpload();
    const { req, answer } = openPut(uploadFileUrl(uploadId, 'half.pdf'), { 'Content-Length': String(100 * 1024) });
    answer.catch(() => undefined); // the connection is cut: there is no answer to read
    req.write(Buffer.alloc(50 * 1024, 'h'));
    await until('the first half on disk', () => incoming().length > 0);
    req.destroy();
    await until('the part removed', () => incoming().length === 0);
    expect(readdirSync(join(inbox(), uploadId))).toEqual([]);
  });

  it('refuses paths that leave the upload, and hostile names, writing nothing anywhere', async () => {
    const { uploadId } = await beginUpload();
    const hostile = [
      '../escape.txt',
      '../../../../tmp/escape.txt',
      'a/../../escape.txt',
      '/etc/passwd',
      'C:\\Windows\\win.ini',
      'nul\u0000byte.txt',
      'CON.txt',
      'what?.pdf',
    ];
    for (const path of hostile) {
      const answer = await put(uploadFileUrl(uploadId, path), Buffer.from('x'));
      expect(answer.status, path).toBe(400);
      expect(answer.json.error?.code, path).toBe('INVALID_ARGUMENT');
    }
    expect(readdirSync(join(inbox(), uploadId))).toEqual([]);
    expect(existsSync(join(inbox(), 'escape.txt'))).toBe(false);
    expect(existsSync(join(dataDir, 'escape.txt'))).toBe(false);
    // A raw path the URL parser would collapse (an encoded slash keeps `..` a name) is refused as well.
    const encoded = await put(`/api/uploads/${uploadId}/files?path=..%2F..%2Fescape.txt`, Buffer.from('x'));
    expect(encoded.status).toBe(400);
  });

  it('writes only into an upload that was begun', async () => {
    const unknown = await put(uploadFileUrl('20200101-000000-00000000', 'a.txt'), Buffer.from('x'));
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.message).toMatch(/There is no upload 20200101-000000-00000000/);
    for (const id of ['not-an-id', '../inbox', '20200101-000000-0000000g']) {
      const malformed = await put(uploadFileUrl(id, 'a.txt'), Buffer.from('x'));
      expect(malformed.status, id).toBe(400);
      expect(malformed.json.error?.message, id).toMatch(/is not an upload id/);
    }
    const noPath = await put(`/api/uploads/${(await beginUpload()).uploadId}/files`, Buffer.from('x'));
    expect(noPath.status).toBe(400);
  });

  it('answers only PUT', async () => {
    const { uploadId } = await beginUpload();
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'GET',
          path: uploadFileUrl(uploadId, 'a.txt'),
          headers: { Authorization: `Bearer ${server.token}` },
        },
        (res) => void readAnswer(res).then(resolve),
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(405);
  });

  it('ingests an upload as one batch, paths as dropped; the same bytes again are the same document', async () => {
    const first = await beginUpload();
    const files: Record<string, string> = {
      'receipts/2024/coffee.txt': 'Receipt: coffee 3.20 EUR',
      'receipts/2024/train.txt': 'Receipt: train ticket 42.00 EUR',
      'receipts/notes.txt': 'Notes on the receipts of 2024',
    };
    for (const [path, text] of Object.entries(files))
      expect((await put(uploadFileUrl(first.uploadId, path), Buffer.from(text))).status).toBe(200);
    const summary = await call('ingestUpload', { uploadId: first.uploadId });
    expect(summary.json.result).toMatchObject({ found: 3, new: 3, duplicates: 0 });
    const listed = (await call('listDocuments', {})).json.result as { paths: string[] }[];
    expect(listed.flatMap((d) => d.paths).sort()).toEqual(
      Object.keys(files)
        .map((p) => join(inbox(), first.uploadId, p))
        .sort(),
    );

    // The same folder dropped again: three more paths, no new document.
    const again = await beginUpload();
    for (const [path, text] of Object.entries(files))
      expect((await put(uploadFileUrl(again.uploadId, path), Buffer.from(text))).status).toBe(200);
    expect((await call('ingestUpload', { uploadId: again.uploadId })).json.result).toMatchObject({
      found: 3,
      new: 0,
      duplicates: 3,
    });
    expect(((await call('listDocuments', {})).json.result as unknown[]).length).toBe(3);

    const missing = await call('ingestUpload', { uploadId: '20200101-000000-00000000' });
    expect(missing.status).toBe(404);
  });
});
