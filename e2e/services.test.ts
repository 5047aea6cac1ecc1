/**
 * The supervised model server through `docpipe serve`, as a person runs it: a stand-in Ollama
 * executable (electron/core/testing/ollama-standin, speaking Ollama's HTTP API) named by
 * DOCPIPE_OLLAMA_BIN is found, started, watched and stopped by docpipe; the `services` command over
 * HTTP (with the token) shows it; the pipeline uses its LLM once the models are there; and nothing
 * docpipe started outlives it. DOCPIPE_OLLAMA_HOST points at a closed port so that a real Ollama on
 * the machine is never picked up as an external server.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { findFreeLoopbackPort } from '../electron/core/services/loopbackPort.js';
import { until } from '../electron/core/testing/until.js';
import { repoRoot } from './docpipeCli.js';
import { startCliServer, type CliServer } from './docpipeServer.js';

const STANDIN = join(repoRoot, 'electron/core/testing/ollama-standin/ollama');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-services-e2e-'));
  cleanups.push(() => {
    // A test that failed half-way may have left its server: end it, so the next test starts clean.
    for (const pid of standinProcesses(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** `docpipe serve` with no Ollama of the shell's, ended with the test. */
async function serve(dataDir: string, env: Record<string, string>): Promise<CliServer> {
  const served = await startCliServer(dataDir, { env: { DOCPIPE_OLLAMA_BIN: '', ...env }, readyTimeoutMs: 60_000 });
  cleanups.push(async () => {
    const { child, exited } = served.process;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return served;
}

/** Two faint words on a till slip: OCR reads next to nothing of it. */
const SLIP_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="900">
  <text x="60" y="120" font-family="sans-serif" font-size="28" fill="#b8b2a6">CAFE LUNA</text>
</svg>`;

const ollamaOf = async (served: CliServer) =>
  (await served.call('services')).services.find((s) => s.name === 'ollama')!;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stand-in processes started for this data folder (Linux /proc: its models folder is in their environment). */
function standinProcesses(root: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const zombie = /\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (
        !zombie &&
        readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(STANDIN) &&
        readFileSync(`/proc/${entry}/environ`, 'utf8').includes(root)
      )
        pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

describe.skipIf(process.platform !== 'linux')(
  'docpipe serve supervises the model server (stand-in Ollama; Linux /proc)',
  () => {
    it('runs it, restarts it after kill -9, uses its LLM once the models are there, and leaves no child after SIGTERM', async () => {
      const root = tempDir();
      const closedPort = await findFreeLoopbackPort();
      const served = await serve(join(root, 'data'), {
        DOCPIPE_OLLAMA_BIN: STANDIN,
        DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${closedPort}`,
        OLLAMA_STANDIN_PULL_MS: '300',
      });

      const ready = await until('Ollama ready', async () => {
        const s = await ollamaOf(served);
        return s.state === 'ready' && s;
      });
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.pid).toBeGreaterThan(0);
      expect(alive(ready.pid!)).toBe(true);

      // kill -9 of the server: docpipe starts it again, with a new pid, and counts the restart.
      process.kill(ready.pid!, 'SIGKILL');
      const again = await until(
        'Ollama ready again after kill -9',
        async () => {
          const s = await ollamaOf(served);
          return s.state === 'ready' && s.pid !== ready.pid && s;
        },
        { timeoutMs: 30_000 },
      );
      expect(again.restarts).toBeGreaterThanOrEqual(1);

      // A document indexed before any model is there: its vectors are filled in later.
      const early = join(root, 'early');
      mkdirSync(early);
      writeFileSync(join(early, 'notes.txt'), 'Meeting notes about the zeppelin hangar and its maintenance budget.');
      const first = await served.call('ingest', { paths: [early] });
      await until(
        'the early document done',
        async () => (await served.call('batchProgress', { batchId: first.batchId })).completed === 1,
      );

      // No models yet: the pipeline says why it does not use the LLM; after the downloads it does.
      const before = await served.call('services');
      expect(before.llm).toMatchObject({
        active: false,
        missing: expect.arrayContaining(['qwen2.5:7b-instruct', 'nomic-embed-text']) as unknown,
      });
      await served.call('pullModel', { model: 'qwen2.5:7b-instruct' });
      await served.call('pullModel', { model: 'nomic-embed-text' });
      await until('the LLM in use', async () => (await served.call('services')).llm.active);
      await until('search with vectors', async () => (await served.call('searchHealth', {})).vectors);

      const inbox = join(root, 'inbox');
      mkdirSync(inbox);
      writeFileSync(
        join(inbox, 'invoice.txt'),
        'ACME Supplies Ltd\nINVOICE\nInvoice number: INV-7\nInvoice date: 2024-03-15\nTotal: 120.00 EUR\n',
      );
      const { batchId } = await served.call('ingest', { paths: [inbox] });
      await until(
        'the invoice done',
        async () =>
          (await served.call('batchProgress', { batchId })).pending === 0 &&
          (await served.call('batchProgress', { batchId })).completed === 1,
      );
      const invoice = (await served.call('listDocuments', {})).find((d) =>
        d.paths.some((p) => p.endsWith('invoice.txt')),
      );
      const doc = await served.call('getDocument', { ref: invoice!.id });
      // Both documents have vectors: the early one's were filled in the background.
      const health = await until('vectors for both documents', async () => {
        const h = await served.call('searchHealth', {});
        return h.embedding?.state === 'complete' && h.embedding.done === 2 && h;
      });
      expect(health.vectors).toBe(true);
      // The LLM took part: its answer is combined with the embedded one, and the document's source says so.
      expect(doc.typeSource).toBe('llm');

      // A photo OCR reads next to nothing of: with the vision model pulled, the model sees its picture.
      await served.call('pullModel', { model: 'qwen2.5vl:7b' });
      const photos = join(root, 'photos');
      mkdirSync(photos);
      await sharp({ create: { width: 480, height: 900, channels: 3, background: '#f4f1ea' } })
        .composite([{ input: Buffer.from(SLIP_SVG), top: 0, left: 0 }])
        .jpeg()
        .toFile(join(photos, 'slip.jpg'));
      const photoBatch = await served.call('ingest', { paths: [photos] });
      await until(
        'the photo done',
        async () => (await served.call('batchProgress', { batchId: photoBatch.batchId })).completed === 1,
        { timeoutMs: 60_000 },
      );
      const standin = (await (await fetch(`${(await ollamaOf(served)).url}/api/standin`)).json()) as {
        visionChats: number;
        images: number;
      };
      // Type and fields, each asked with the page's picture.
      expect(standin.visionChats).toBe(2);
      expect(standin.images).toBe(2);

      // SIGTERM to docpipe: it stops the server it started; nothing it started is left.
      const pid = (await ollamaOf(served)).pid!;
      served.process.child.kill('SIGTERM');
      expect(await served.process.exited).toBe(0);
      expect(alive(pid)).toBe(false);
      expect(standinProcesses(root)).toEqual([]);
    }, 120_000);

    it('gives up on a server that exits at once, with the reason, and goes on with the embedded understanding', async () => {
      const root = tempDir();
      const closedPort = await findFreeLoopbackPort();
      const served = await serve(join(root, 'data'), {
        DOCPIPE_OLLAMA_BIN: STANDIN,
        DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${closedPort}`,
        OLLAMA_STANDIN_EXIT_AT_ONCE: '1',
      });
      const failed = await until(
        'Ollama failed',
        async () => {
          const s = await ollamaOf(served);
          return s.state === 'failed' && s;
        },
        { timeoutMs: 60_000 },
      );
      expect(failed.reason).toMatch(/OLLAMA_STANDIN_EXIT_AT_ONCE/);
      const inbox = join(root, 'inbox');
      mkdirSync(inbox);
      writeFileSync(
        join(inbox, 'letter.txt'),
        'Dear Ms Smith,\n\nThank you for your letter. We confirm the meeting.\n\nYours sincerely,\nJohn Doe\n',
      );
      const { batchId } = await served.call('ingest', { paths: [inbox] });
      await until('the letter done', async () => (await served.call('batchProgress', { batchId })).completed === 1);
      const [summary] = await served.call('listDocuments', {});
      expect(summary).toMatchObject({ state: 'completed', typeSource: 'embedded' });
      served.process.child.kill('SIGTERM');
      expect(await served.process.exited).toBe(0);
      expect(standinProcesses(root)).toEqual([]);
    }, 120_000);

    it('with no Ollama anywhere says absent and how to add one, and everything else works', async () => {
      const root = tempDir();
      const closedPort = await findFreeLoopbackPort();
      const served = await serve(join(root, 'data'), { DOCPIPE_OLLAMA_HOST: `http://127.0.0.1:${closedPort}` });
      const absent = await until('Ollama absent', async () => {
        const s = await ollamaOf(served);
        return s.state === 'absent' && s;
      });
      expect(absent.reason).toMatch(/DOCPIPE_OLLAMA_BIN/);
      const overview = await served.call('services');
      expect(overview.llm.active).toBe(false);
      expect((await served.call('searchHealth', {})).vectors).toBe(false);
      served.process.child.kill('SIGTERM');
      expect(await served.process.exited).toBe(0);
    }, 60_000);
  },
);
