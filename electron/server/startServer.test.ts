import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocpipeEvent } from '../shared/contract/events.js';
import { createCore, type Core } from '../core/createCore.js';
import { startServer, type RunningServer } from './startServer.js';
import { resolveInside } from './staticFiles.js';

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A raw HTTP request: fetch would not let the test set Host or send a path with `..` in it. */
function send(
  server: RunningServer,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function callApi(server: RunningServer, command: string, input: unknown, token: string | null = server.token) {
  return send(server, 'POST', `/api/${command}`, {
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  }).then((r) => ({
    status: r.status,
    json: JSON.parse(r.body) as { ok: boolean; result?: unknown; error?: { code: string; message: string } },
  }));
}

/** Reads the SSE stream and collects its events until `stop()`. */
function listenToEvents(
  server: RunningServer,
): Promise<{ events: DocpipeEvent[]; waitFor(pred: (e: DocpipeEvent[]) => boolean): Promise<void>; stop(): void }> {
  return new Promise((resolve, reject) => {
    const events: DocpipeEvent[] = [];
    const waiters: { pred: (e: DocpipeEvent[]) => boolean; done: () => void }[] = [];
    const req = request({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: HTTP ${res.statusCode}`));
      let buffer = '';
      let connected = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice('data: '.length)) as DocpipeEvent);
          else if (!connected && block.startsWith(': connected')) {
            connected = true;
            resolve({
              events,
              waitFor: (pred) => new Promise<void>((done) => (pred(events) ? done() : waiters.push({ pred, done }))),
              stop: () => req.destroy(),
            });
          }
        }
        for (const w of [...waiters])
          if (w.pred(events)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.done();
          }
      });
    });
    req.on('error', () => {});
    req.end();
  });
}

describe('startServer', () => {
  let root: string;
  let core: Core;
  let server: RunningServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'docpipe-server-'));
    const files = join(root, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'letter.txt'), 'Dear reader, this is the first test letter.\n');
    writeFileSync(join(files, 'memo.txt'), 'Memo: the second document, plain text.\n');
    const renderer = join(root, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(
      join(renderer, 'index.html'),
      '<!doctype html><title>docpipe</title><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app")');
    writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
    core = await createCore({ dataDir: join(root, 'data'), workers: 1 });
    server = await startServer(core, { rendererDir: renderer, port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await core?.dispose({ graceMs: 1000 });
    rmSync(root, { recursive: true, force: true });
  });

  it('ingests through HTTP, pushes events over SSE and lists the documents', async () => {
    const stream = await listenToEvents(server);
    try {
      const ingest = await callApi(server, 'ingest', { paths: [join(root, 'files')] });
      expect(ingest.status).toBe(200);
      expect(ingest.json).toMatchObject({ ok: true, result: { found: 2, new: 2 } });

      await stream.waitFor((events) => events.filter((e) => e.type === 'document.completed').length === 2);
      expect(stream.events.filter((e) => e.type === 'document.discovered')).toHaveLength(2);

      const list = await callApi(server, 'listDocuments', {});
      expect(list.status).toBe(200);
      const docs = list.json.result as { state: string; paths: string[] }[];
      expect(docs.map((d) => d.state)).toEqual(['completed', 'completed']);
      expect(docs.flatMap((d) => d.paths).sort()).toEqual([
        join(root, 'files', 'letter.txt'),
        join(root, 'files', 'memo.txt'),
      ]);
    } finally {
      stream.stop();
    }
  });

  it('streams what another process on the same data folder does (a CLI ingest), and its own events once', async () => {
    const stream = await listenToEvents(server);
    // A second engine on the data folder, as a `docpipe ingest` beside `serve` would open.
    const other = await createCore({ dataDir: join(root, 'data'), workers: 1, runPipeline: false });
    try {
      const folder = join(root, 'from-the-cli');
      mkdirSync(folder);
      writeFileSync(join(folder, 'note.txt'), 'A note another process ingests while the page is open.\n');
      const summary = await other.api.ingest({ paths: [folder] });
      expect(summary.new).toBe(1);
      await stream.waitFor((events) =>
        events.some((e) => e.type === 'document.discovered' && e.correlationId === summary.batchId),
      );
      // This process's own events arrive once each, not again when the table is read.
      const own = await callApi(server, 'ingest', { paths: [join(root, 'files')] });
      const batchId = (own.json.result as { batchId: string }).batchId;
      await stream.waitFor((events) => events.some((e) => e.correlationId === batchId));
      const another = await other.api.ingest({ paths: [folder] }); // read after ours: ours were passed by
      await stream.waitFor((events) => events.some((e) => e.correlationId === another.batchId));
      const ids = stream.events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      stream.stop();
      await other.dispose({ graceMs: 1000 });
    }
  });

  it('refuses API calls without the right token (401)', async () => {
    expect((await callApi(server, 'status', {}, null)).status).toBe(401);
    expect((await callApi(server, 'status', {}, 'wrong')).status).toBe(401);
    expect((await send(server, 'GET', '/api/events')).status).toBe(401);
  });

  it('answers 400 for invalid input, 404 for unknown commands and documents', async () => {
    const bad = await callApi(server, 'ingest', { paths: 'not-an-array' });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('INVALID_ARGUMENT');

    const notJson = await send(server, 'POST', '/api/status', {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      body: '{',
    });
    expect(notJson.status).toBe(400);

    expect((await callApi(server, 'dropDatabase', {})).status).toBe(404);
    expect((await callApi(server, 'toString', {})).status).toBe(404);
    const missing = await callApi(server, 'getDocument', { ref: 999 });
    expect(missing.status).toBe(404);
    expect(missing.json.error?.code).toBe('NOT_FOUND');
  });

  it('limits the body size and requires JSON', async () => {
    const big = await send(server, 'POST', '/api/status', {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }),
    }).catch(() => ({ status: 413 }));
    expect(big.status).toBe(413);
    const form = await send(server, 'POST', '/api/status', {
      headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${server.token}` },
      body: '{}',
    });
    expect(form.status).toBe(415);
  });

  it('closes the connection after a 413 instead of reading the rest of an oversize body', async () => {
    // A chunked body with no declared length, sent for as long as the server keeps the connection open:
    // a server that read it all (keeping the connection for the next request) would never end this.
    const answer = await new Promise<{ response: string; sent: number }>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let response = '';
      let sent = 0;
      let closed = false;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = (): void => {
        while (!closed && sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`)) {
            socket.once('drain', pump);
            return;
          }
        }
        if (!closed) socket.end('0\r\n\r\n');
      };
      socket.on('connect', () => {
        socket.write(
          `POST /api/status HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\n` +
            'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
        );
        pump();
      });
      socket.on('data', (data: Buffer) => (response += data.toString('latin1')));
      socket.on('error', () => {}); // a reset after the answer is the server closing, as it should
      socket.on('close', () => {
        closed = true;
        resolve({ response, sent });
      });
      setTimeout(() => reject(new Error('the server kept reading')), 20_000).unref();
    });
    expect(answer.response).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.response).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer.sent).toBeLessThan(256 * 1024 * 1024);
  });

  it('refuses foreign Host and Origin headers (DNS rebinding, cross-site pages)', async () => {
    const rebound = await send(server, 'GET', '/', { headers: { Host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(421);
    const foreign = await send(server, 'POST', '/api/status', {
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${server.token}`,
        Origin: 'http://evil.example',
      },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect((await send(server, 'GET', '/', { headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('trades ?token= for an HttpOnly SameSite=Strict cookie that then authorises the API', async () => {
    const first = await send(server, 'GET', `/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie.startsWith(`docpipe_token_${server.instanceId}=`)).toBe(true);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const status = await send(server, 'POST', '/api/status', {
      headers: { 'Content-Type': 'application/json', Cookie: cookie.split(';')[0] ?? '' },
      body: '{}',
    });
    expect(status.status).toBe(200);
    expect((await send(server, 'GET', '/?token=wrong')).status).toBe(401);
    // A path that starts with two slashes would make the Location another host's (//evil.example/x).
    for (const path of ['//a//evil.example/x', '///evil.example/x', '/\\evil.example/x']) {
      const tricked = await send(server, 'GET', `${path}?token=${server.token}`);
      expect(tricked.status).toBe(303);
      expect(tricked.headers.location).toMatch(/^\/[^/\\]/);
      expect(new URL(tricked.headers.location ?? '', 'http://127.0.0.1:1/').host).toBe('127.0.0.1:1');
    }
  });

  it('shows a browser without the token a page saying how to sign in; the API keeps its JSON 401', async () => {
    const html = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const missing = await send(server, 'GET', '/', { headers: html });
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    expect(missing.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(missing.body).toContain('This browser is not signed in to docpipe');
    expect(missing.body).toContain('docpipe url');

    const wrong = await send(server, 'GET', '/?token=wrong', { headers: html });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('This link does not sign in to docpipe');
    // Another docpipe's cookie (another port, same host) is no sign-in here, and not a wrong one either.
    const foreign = await send(server, 'GET', '/documents/3', {
      headers: { ...html, Cookie: `docpipe_token_0123456789abcdef=${server.token}x` },
    });
    expect(foreign.body).toContain('not signed in');

    const own = `docpipe_token_${server.instanceId}`;
    const signedIn = await send(server, 'GET', '/documents/3', {
      headers: { ...html, Cookie: `${own}=${server.token}` },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toContain('<title>docpipe</title>');
    // An old link in a browser signed in since: the address is cleaned, the sign-in kept.
    const oldLink = await send(server, 'GET', '/?token=old', {
      headers: { ...html, Cookie: `${own}=${server.token}` },
    });
    expect(oldLink.status).toBe(303);
    expect(oldLink.headers.location).toBe('/');
    expect(oldLink.headers['set-cookie']).toBeUndefined();

    // A mangled cookie (not percent-decodable) is a wrong token: the page, or JSON 401, never a 500.
    const mangled = { Cookie: `${own}=%E0%A4%A` };
    const mangledPage = await send(server, 'GET', '/', { headers: { ...html, ...mangled } });
    expect(mangledPage.status).toBe(401);
    expect(mangledPage.body).toContain('This link does not sign in');
    const mangledApi = await send(server, 'POST', '/api/status', {
      headers: { 'Content-Type': 'application/json', ...mangled },
      body: '{}',
    });
    expect(mangledApi.status).toBe(401);
    expect(JSON.parse(mangledApi.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });

    // The API answers JSON even to a request that accepts HTML; the page's scripts need no token.
    const events = await send(server, 'GET', '/api/events', { headers: html });
    expect(events.status).toBe(401);
    expect(events.headers['content-type']).toMatch(/^application\/json/);
    expect((await send(server, 'GET', '/assets/app.js')).status).toBe(200);
  });

  it('names its cookie for its instance, so two servers in one browser keep both sign-ins', async () => {
    const other = await startServer(core, { rendererDir: join(root, 'renderer'), port: 0, instanceId: 'feedc0de01' });
    try {
      expect(other.instanceId).not.toBe(server.instanceId);
      const cookies: string[] = [];
      for (const s of [server, other]) {
        const first = await send(s, 'GET', `/?token=${s.token}`);
        cookies.push((first.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '');
      }
      expect(cookies[1]).toBe(`docpipe_token_feedc0de01=${other.token}`);
      // A browser sends both cookies to both ports (cookies are per host): each server picks its own.
      for (const s of [server, other]) {
        const status = await send(s, 'POST', '/api/status', {
          headers: { 'Content-Type': 'application/json', Cookie: cookies.join('; ') },
          body: '{}',
        });
        expect(status.status).toBe(200);
      }
    } finally {
      await other.close();
    }
    await expect(startServer(core, { rendererDir: root, instanceId: 'not hex' })).rejects.toThrow(/not an instance id/);
  });

  it('refuses a busy port with a sentence and its own code', async () => {
    const error = await startServer(core, { rendererDir: root, port: server.port }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PORT_IN_USE',
      message: `Port ${server.port} on 127.0.0.1 is in use by another program. Choose another with --port N, or leave --port out and docpipe picks a free one.`,
    });
  });

  it('serves the renderer with content types and a CSP, and never outside its folder', async () => {
    const page = await send(server, 'GET', '/');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const script = await send(server, 'GET', '/assets/app.js');
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await send(server, 'GET', '/assets/missing.js')).status).toBe(404);
    expect((await send(server, 'GET', '/documents/3')).headers['content-type']).toMatch(/^text\/html/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await send(server, 'GET', path);
      expect(res.body).not.toContain('outside the renderer');
    }
    expect(resolveInside('/srv/r', '/../x')).toBeNull();
    expect(resolveInside('/srv/r', '/%2e%2e/x')).toBeNull();
    expect(resolveInside('/srv/r', '/a/%00')).toBeNull();
    expect(resolveInside('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
  });

  it('listens on loopback only', async () => {
    await expect(startServer(core, { rendererDir: root, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('listens on ::1 when given as [::1], the way a URL writes it', async () => {
    for (const host of ['[::1]', '::1']) {
      const six = await startServer(core, { rendererDir: join(root, 'renderer'), host });
      try {
        expect(six.url).toBe(`http://[::1]:${six.port}`);
        const status = await fetch(`${six.url}/api/status`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${six.token}` },
          body: '{}',
        });
        expect(status.status).toBe(200);
      } finally {
        await six.close();
      }
    }
  });
});
