import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreeLoopbackPort } from '../../services/loopbackPort.js';
import { waitFor } from '../../services/processTree.js';

const STANDIN = fileURLToPath(new URL('./ollama', import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
  client: Ollama;
  stderr: () => string;
  exit: Promise<number | null>;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-standin-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the stand-in through its shebang, as ManagedProcess would, and waits until it answers. */
async function startStandin(
  env: Record<string, string>,
  hostFor: (port: number) => string = (port) => `127.0.0.1:${port}`,
): Promise<Running> {
  const port = await findFreeLoopbackPort();
  const child = spawn(STANDIN, ['serve'], {
    env: {
      PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
      OLLAMA_HOST: hostFor(port),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exit;
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const up = await waitFor(
    async () => child.exitCode !== null || (await fetch(`${url}/api/version`).catch(() => null))?.ok === true,
    15_000,
  );
  if (!up || child.exitCode !== null) throw new Error(`the stand-in did not start: ${stderr}`);
  return { child, url, client: new Ollama({ host: url }), stderr: () => stderr, exit };
}

describe('the Ollama stand-in, driven by the ollama client', () => {
  it('pulls with streamed progress, lists, shows, answers chat/generate/embed, reports /api/ps and deletes', async () => {
    const models = tempDir();
    const { client, url } = await startStandin({
      OLLAMA_MODELS: models,
      OLLAMA_STANDIN_PULL_MS: '300',
      OLLAMA_STANDIN_VRAM_FRACTION: '0.5',
    });
    expect((await client.version()).version).toBe('0.12.0-docpipe-standin');
    expect((await client.list()).models).toEqual([]);

    const statuses: string[] = [];
    const completed: number[] = [];
    for await (const step of await client.pull({ model: 'qwen2.5:7b-instruct', stream: true })) {
      statuses.push(step.status);
      if (
        step.status.startsWith('pulling ') &&
        step.status !== 'pulling manifest' &&
        step.total > 1e6 &&
        step.completed
      )
        completed.push(step.completed);
    }
    expect(statuses[0]).toBe('pulling manifest');
    expect(statuses.slice(-3)).toEqual(['verifying sha256 digest', 'writing manifest', 'success']);
    expect(statuses.filter((s) => /^pulling [0-9a-f]{12}$/.test(s)).length).toBeGreaterThan(3);
    expect(completed.length).toBeGreaterThan(1);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));

    const listed = (await client.list()).models;
    expect(listed.map((m) => m.name)).toEqual(['qwen2.5:7b-instruct']);
    expect(listed[0]?.size).toBeGreaterThan(1e9);
    const shown = await client.show({ model: 'qwen2.5:7b-instruct' });
    expect(shown.capabilities).toEqual(['completion']);

    const format = {
      type: 'object',
      properties: { total: { type: 'string' }, parties: { type: 'array', items: { type: 'string' } } },
    };
    const document = 'INVOICE\nTotal: 120.00 EUR\nParties: ACME Ltd; Widgets GmbH';
    const chat = await client.chat({
      model: 'qwen2.5:7b-instruct',
      messages: [{ role: 'user', content: `<document-ab12>\n${document}\n</document-ab12>` }],
      format,
      stream: false,
    });
    expect(JSON.parse(chat.message.content)).toEqual({ total: '120.00 EUR', parties: ['ACME Ltd', 'Widgets GmbH'] });
    const typed = await client.chat({
      model: 'qwen2.5:7b-instruct',
      messages: [{ role: 'user', content: document }],
      format: { type: 'object', properties: { type: { enum: ['receipt', 'invoice', 'other'] } } },
    });
    expect(JSON.parse(typed.message.content)).toEqual({ type: 'invoice' });
    const generated = await client.generate({
      model: 'qwen2.5:7b-instruct',
      prompt: 'Total: 5',
      format: { type: 'object', properties: { total: { type: 'string' } } },
    });
    expect(JSON.parse(generated.response ?? '')).toEqual({ total: '5' });

    // Lines headed by their [x,y] position read as the text after it; pictures only for a vision model.
    const picture = new Uint8Array([1, 2, 3]);
    const placed = {
      messages: [{ role: 'user', content: '<document-cd34>\n[5,80] Total: 7.90\n</document-cd34>', images: [picture] }],
      format: { type: 'object', properties: { total: { type: 'string' } } },
      stream: false as const,
    };
    await expect(client.chat({ model: 'qwen2.5:7b-instruct', ...placed })).rejects.toThrow(/image input/);
    await client.pull({ model: 'qwen2.5vl:7b', stream: false });
    const seen = await client.chat({ model: 'qwen2.5vl:7b', ...placed });
    expect(JSON.parse(seen.message.content)).toEqual({ total: '7.90' });
    expect(await (await fetch(`${url}/api/standin`)).json()).toMatchObject({ visionChats: 1, images: 1 });
    expect((await client.show({ model: 'qwen2.5vl:7b' })).capabilities).toEqual(['completion', 'vision']);
    await client.delete({ model: 'qwen2.5vl:7b' });

    expect(await client.pull({ model: 'nomic-embed-text', stream: false })).toEqual({ status: 'success' });
    const first = await client.embed({ model: 'nomic-embed-text', input: ['alpha', 'beta'] });
    const again = await client.embed({ model: 'nomic-embed-text', input: 'beta' });
    expect(first.embeddings).toHaveLength(2);
    expect(first.embeddings[0]).toHaveLength(8);
    expect(again.embeddings[0]).toEqual(first.embeddings[1]);

    const running = (await client.ps()).models;
    expect(running.map((m) => m.name).sort()).toEqual(['nomic-embed-text:latest', 'qwen2.5:7b-instruct']);
    for (const m of running) expect(m.size_vram).toBe(Math.round(m.size * 0.5));

    await client.delete({ model: 'qwen2.5:7b-instruct' });
    expect((await client.list()).models.map((m) => m.name)).toEqual(['nomic-embed-text:latest']);
  });

  it('answers an unknown model with 404 as Ollama does', async () => {
    const { client } = await startStandin({ OLLAMA_MODELS: tempDir() });
    await expect(client.show({ model: 'llama3' })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'llama3' not found",
    });
    await expect(client.delete({ model: 'llama3' })).rejects.toMatchObject({ status_code: 404 });
    await expect(client.chat({ model: 'llama3', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status_code: 404,
      error: 'model "llama3" not found, try pulling it first',
    });
    const failed = (async () => {
      for await (const _ of await client.pull({ model: 'no-such-model', stream: true })) void _;
    })();
    await expect(failed).rejects.toThrow('pull model manifest: file does not exist');
  });

  it('keeps pulled models across a restart, exits 0 on SIGTERM, and honours every OLLAMA_HOST form', async () => {
    const models = tempDir();
    const first = await startStandin(
      { OLLAMA_MODELS: models, OLLAMA_STANDIN_PULL_MS: '0' },
      (port) => `http://127.0.0.1:${port}`,
    );
    await first.client.pull({ model: 'nomic-embed-text' });
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    const second = await startStandin({ OLLAMA_MODELS: models }, (port) => `:${port}`);
    expect((await second.client.list()).models.map((m) => m.name)).toEqual(['nomic-embed-text:latest']);
  });

  it('drops a pull that the client abandons, without recording the model', async () => {
    const models = tempDir();
    const { client, stderr } = await startStandin({ OLLAMA_MODELS: models, OLLAMA_STANDIN_PULL_MS: '5000' });
    const progress = await client.pull({ model: 'qwen2.5:7b', stream: true });
    const pulled = (async () => {
      for await (const step of progress) if (step.completed) progress.abort();
    })();
    await expect(pulled).rejects.toThrow(/abort/i);
    expect(await waitFor(() => stderr().includes('pull of qwen2.5:7b cancelled by the client'), 10_000)).toBe(true);
    expect((await client.list()).models).toEqual([]);
  });

  it('starts late or fails at once when told to', async () => {
    const slow = await startStandin({ OLLAMA_MODELS: tempDir(), OLLAMA_STANDIN_START_DELAY_MS: '300' });
    expect(slow.stderr()).toContain('Listening on 127.0.0.1:');

    const port = await findFreeLoopbackPort();
    const child = spawn(STANDIN, ['serve'], {
      env: { PATH: dirname(process.execPath), OLLAMA_HOST: `:${port}`, OLLAMA_STANDIN_EXIT_AT_ONCE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('OLLAMA_STANDIN_EXIT_AT_ONCE=1');
  });
});
