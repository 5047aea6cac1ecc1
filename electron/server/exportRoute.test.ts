import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/createCore.js';
import { EventBus } from '../core/bus/EventBus.js';
import { openDatabase } from '../core/store/Database.js';
import { Store } from '../core/store/Store.js';
import { startServer, type RunningServer } from './startServer.js';

const DOCUMENTS = 400;

let root: string;
let dataDir: string;
let core: Core;
let server: RunningServer;

function openStore(): Store {
  return new Store(openDatabase({ path: join(dataDir, 'docpipe.sqlite') }), new EventBus());
}

function get(
  path: string,
  onResponse?: (res: IncomingMessage) => void,
): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers: { Authorization: `Bearer ${server.token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
        res.on('error', reject);
        onResponse?.(res);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'docpipe-export-route-'));
  dataDir = join(root, 'data');
  const store = openStore();
  const at = '2026-12-07T10:00:00.000Z';
  store.tx(() => {
    for (let i = 1; i <= DOCUMENTS; i++) {
      const id = store.documents.insert(
        { sha256: `sha-${i}`, mime: 'application/pdf', size: 1, state: 'completed' },
        at,
      );
      for (const folder of ['a', 'b']) store.locations.upsert(`/${folder}/${i}.pdf`, id, 1, 0, at);
      store.documents.setType(
        id,
        { type: i % 2 ? 'invoice' : 'letter', confidence: 0.9, source: 'embedded', probabilities: {} },
        at,
      );
      store.fields.write(
        id,
        {
          name: 'date',
          value: '7.12.2026',
          normalized: '2026-12-07',
          confidence: 0.9,
          source: 'embedded',
          page: null,
          box: null,
        },
        at,
      );
    }
  });
  store.close();
  core = await createCore({ dataDir, runPipeline: false, log: { stderrLevel: 'silent' } });
  server = await startServer(core, { rendererDir: join(root, 'no-renderer'), port: 0 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await core?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('GET /api/export.csv', () => {
  it("downloads the CSV as an attachment with the same bytes as the CLI's file export", async () => {
    const query = 'type=letter&fields=date&minConfidence=0.5&bom=1';
    const { res, body } = await get(`/api/export.csv?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="docpipe-letter-\d{4}-\d\d-\d\d\.csv"$/);
    expect(res.headers['cache-control']).toBe('no-store');

    const file = join(root, 'letters.csv');
    const written = await core.api.exportCsv({
      path: file,
      type: 'letter',
      fields: ['date'],
      minConfidence: 0.5,
      bom: true,
    });
    expect(written.rows).toBe(DOCUMENTS / 2);
    expect(body.equals(readFileSync(file))).toBe(true);
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('filters by a selection of ids, and refuses a wrong filter with a sentence before sending anything', async () => {
    const { body } = await get('/api/export.csv?ids=5,3,40000&fields=date');
    expect(
      body
        .toString('utf8')
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['3', '5']);

    const wrong = await get('/api/export.csv?state=lost&fields=colour');
    expect(wrong.res.statusCode).toBe(400);
    expect(JSON.parse(wrong.body.toString('utf8'))).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/fields\.0: not a field of any type.*state: /s),
      },
    });
  });

  it('is a local command over JSON: POST /api/exportCsv and /api/exportCsvStream are refused', async () => {
    for (const name of ['exportCsv', 'exportCsvStream']) {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            method: 'POST',
            path: `/api/${name}`,
            headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ path: join(root, 'evil.csv'), force: true }));
      });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(() => readFileSync(join(root, 'evil.csv'))).toThrow();
  });

  it('reads a document added while the download is under way (the rows are read as they are sent)', async () => {
    let late = 0;
    const { body } = await get('/api/export.csv?fields=date', (res) => {
      res.once('data', () => {
        const store = openStore();
        try {
          late = store.tx(() => {
            const id = store.documents.insert(
              { sha256: 'late', mime: 'text/plain', size: 1, state: 'completed' },
              new Date().toISOString(),
            );
            store.locations.upsert('/late.txt', id, 1, 0, new Date().toISOString());
            return id;
          });
        } finally {
          store.close();
        }
      });
    });
    const lines = body.toString('utf8').split('\r\n');
    // Whether the late row is in depends on how far the server had read; every other row is, once.
    expect(lines.filter((l) => /^\d+,\/a\//.test(l))).toHaveLength(DOCUMENTS);
    expect(late).toBeGreaterThan(DOCUMENTS);
  });
});

describe('GET /api/export.csv under a reader that pauses', () => {
  /**
   * Rows of 64 KiB: 800 of them are 50 MiB. The buffers between the two ends hold a few MiB here (at most 36 MiB
   * with this kernel's limits), so a server honouring backpressure has read well under three quarters of them.
   */
  const ROW = `${'y'.repeat(65_534)}\r\n`;
  const ROWS = 800;
  let produced = 0;
  let paused: RunningServer;

  beforeAll(async () => {
    const api = {
      exportCsvStream: async () => ({
        filename: 'docpipe-all-2026-12-07.csv',
        columns: ['y'],
        chunks: (function* () {
          for (; produced < ROWS;) {
            produced++;
            yield ROW;
          }
        })(),
      }),
    };
    paused = await startServer(
      { api, events: { subscribe: () => () => undefined } } as unknown as Parameters<typeof startServer>[0],
      { rendererDir: join(root, 'no-renderer'), port: 0 },
    );
  });

  afterAll(async () => {
    await paused?.close();
  });

  it('stops reading rows while the reader is paused, then sends every one', async () => {
    let whilePaused = -1;
    const total = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: paused.port,
          path: '/api/export.csv',
          headers: { Authorization: `Bearer ${paused.token}` },
        },
        (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => resolve(bytes));
          res.on('error', reject);
          res.once('data', () => {
            res.pause();
            // Long enough for the server to fill every buffer between us; it must then wait for us.
            setTimeout(() => {
              whilePaused = produced;
              res.resume();
            }, 300);
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(whilePaused).toBeGreaterThan(0);
    expect(whilePaused).toBeLessThan(ROWS * 0.75);
    expect(total).toBe(ROWS * ROW.length);
  });
});
