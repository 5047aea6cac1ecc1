import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames, type Api, type PageImageRequest } from '../shared/contract/api.js';
import { AppError, ErrorCode } from '../shared/contract/errors.js';
import { startServer, type RunningServer, type ServedCore } from './startServer.js';

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function send(
  server: RunningServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Page 1 of document 1 is a picture; other documents fail with the code their id names. */
const FAILURES: Record<number, ErrorCode> = {
  2: ErrorCode.NOT_FOUND,
  3: ErrorCode.FILE_NOT_FOUND,
  4: ErrorCode.UNSUPPORTED_TYPE,
  5: ErrorCode.INVALID_ARGUMENT,
  6: ErrorCode.EXTRACT_FAILED,
};
const PICTURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

describe('GET /api/documents/:id/pages/:page/image', () => {
  let server: RunningServer;
  const calls: unknown[] = [];
  const auth = () => ({ Authorization: `Bearer ${server.token}` });

  beforeAll(async () => {
    const api = Object.fromEntries(commandNames.map((name) => [name, async () => ({})])) as unknown as Api;
    api.pageImage = async (input) => {
      calls.push(input);
      const { id } = input as PageImageRequest;
      const failure = FAILURES[id];
      if (failure) throw new AppError(failure, `document ${id} fails with ${failure}`);
      return { contentType: 'image/png', bytes: PICTURE };
    };
    const core: ServedCore = { api, events: { subscribe: () => () => undefined, follow: () => () => undefined } };
    server = await startServer(core, { rendererDir: '/nonexistent', port: 0 });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("calls the api's pageImage and sends its bytes as the image, privately cached", async () => {
    calls.length = 0;
    const res = await send(server, 'GET', '/api/documents/1/pages/7/image', auth());
    expect(res.status).toBe(200);
    expect(calls).toEqual([{ id: 1, page: 7 }]);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe(String(PICTURE.length));
    expect(res.headers['cache-control']).toMatch(/^private/);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'");
    expect(new Uint8Array(res.body)).toEqual(PICTURE);
    const head = await send(server, 'HEAD', '/api/documents/1/pages/7/image', auth());
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('passes a thumbnail width on, and lets the browser keep a picture whose address names its content', async () => {
    calls.length = 0;
    const plain = await send(server, 'GET', '/api/documents/1/pages/1/image?width=96', auth());
    expect(plain.status).toBe(200);
    expect(plain.headers['cache-control']).toBe('private, max-age=300');
    const versioned = await send(server, 'GET', '/api/documents/1/pages/1/image?width=96&v=0123abcd', auth());
    expect(versioned.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(calls).toEqual([
      { id: 1, page: 1, width: 96 },
      { id: 1, page: 1, width: 96 },
    ]);
    // Not digits: passed on as NaN for the api's schema to refuse with its sentence.
    await send(server, 'GET', '/api/documents/1/pages/1/image?width=wide', auth());
    expect(calls.at(-1)).toEqual({ id: 1, page: 1, width: NaN });
  });

  it('answers with the envelope and a status from the error code', async () => {
    const statuses: Record<number, number> = {};
    for (const id of Object.keys(FAILURES).map(Number)) {
      const res = await send(server, 'GET', `/api/documents/${id}/pages/1/image`, auth());
      statuses[id] = res.status;
      expect(JSON.parse(res.body.toString('utf8'))).toEqual({
        ok: false,
        error: { code: FAILURES[id], message: `document ${id} fails with ${FAILURES[id]}`, retryable: false },
      });
    }
    expect(statuses).toEqual({ 2: 404, 3: 404, 4: 415, 5: 400, 6: 500 });
  });

  it('needs the token, refuses other sites and other methods', async () => {
    const path = '/api/documents/1/pages/1/image';
    expect((await send(server, 'GET', path)).status).toBe(401);
    expect((await send(server, 'GET', path, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await send(server, 'GET', path, { ...auth(), Origin: 'http://evil.example' })).status).toBe(403);
    const post = await send(server, 'POST', path, { ...auth(), 'Content-Type': 'application/json' }, '{}');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('refuses pageImage as a JSON POST, naming the GET route, without calling the api', async () => {
    calls.length = 0;
    const res = await send(
      server,
      'POST',
      '/api/pageImage',
      { ...auth(), 'Content-Type': 'application/json' },
      JSON.stringify({ id: 1, page: 1 }),
    );
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body.toString('utf8')) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('INVALID_ARGUMENT');
    expect(body.error.message).toContain('GET /api/documents/<id>/pages/<page>/image');
    expect(calls).toEqual([]);
  });
});
