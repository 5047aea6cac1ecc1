import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rememberedWorkerToken, startWorkerServer } from './workerServer.js';

const root = mkdtempSync(join(tmpdir(), 'docpipe-worker-server-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the workers' server", () => {
  it("sends a document's bytes by sha256 to holders of the worker token only", async () => {
    const file = join(root, 'scan.pdf');
    const bytes = Buffer.from('%PDF-1.4 not much of a document\n');
    writeFileSync(file, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const token = rememberedWorkerToken(root);
    const server = await startWorkerServer({ bytesPath: (s) => (s === sha ? file : null), token });
    try {
      const get = (path: string, auth?: string) =>
        fetch(`${server.url}${path}`, auth ? { headers: { Authorization: `Bearer ${auth}` } } : {});
      const ok = await get(`/blobs/${sha}`, token);
      expect(ok.status).toBe(200);
      expect(Buffer.from(await ok.arrayBuffer())).toEqual(bytes);
      expect((await get(`/blobs/${sha}`)).status).toBe(401);
      expect((await get(`/blobs/${sha}`, `${token}x`)).status).toBe(401);
      expect((await get(`/blobs/${'0'.repeat(64)}`, token)).status).toBe(404);
      expect((await get('/api/status', token)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('keeps its token in the data folder, readable by its owner only, until renewed', () => {
    const first = rememberedWorkerToken(root);
    expect(rememberedWorkerToken(root)).toBe(first);
    expect(statSync(join(root, 'workers.json')).mode & 0o777).toBe(0o600);
    expect(rememberedWorkerToken(root, true)).not.toBe(first);
  });
});
