import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.js';
import { connectOllamaEmbedder, OllamaEmbedder } from './OllamaEmbedder.js';
import { startOllamaTestServer, type OllamaTestServer } from '../../testing/ollamaTestServer.js';

describe('OllamaEmbedder against the contract test server', () => {
  let server: OllamaTestServer;
  beforeEach(async () => {
    server = await startOllamaTestServer({ embedDims: 12 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('learns the vector length from the first answer and sends texts in batches, in order', async () => {
    const embedder = await connectOllamaEmbedder({ host: server.url, embedBatchSize: 3 });
    expect(embedder.dims).toBe(12);
    expect(embedder.model).toBe('nomic-embed-text');
    const texts = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const vectors = await embedder.embed(texts);
    expect(server.embedBatches).toEqual([1, 3, 3, 1]);
    expect(vectors).toHaveLength(7);
    expect(vectors.every((v) => v instanceof Float32Array && v.length === 12)).toBe(true);
    // Order kept: the same text gives the same vector wherever it is.
    const again = await embedder.embed(['g', 'a']);
    expect(Array.from(again[0] ?? [])).toEqual(Array.from(vectors[6] ?? []));
    expect(Array.from(again[1] ?? [])).toEqual(Array.from(vectors[0] ?? []));
    const embedRequest = server.requests.find((r) => r.path === '/api/embed')?.body;
    expect(embedRequest).toMatchObject({ model: 'nomic-embed-text', input: ['docpipe'], truncate: true });
  });

  it('keeps to the parallel limit', async () => {
    server.latencyMs = 30;
    const embedder = new OllamaEmbedder({ host: server.url, embedBatchSize: 1, parallel: 2 });
    await embedder.embed(['a', 'b', 'c', 'd', 'e']);
    expect(server.maxInFlight).toBe(2);
  });

  it('refuses vectors of another length than the index expects', async () => {
    const embedder = new OllamaEmbedder({ host: server.url }, 768);
    await expect(embedder.embed(['a'])).rejects.toMatchObject({ code: 'LLM_BAD_OUTPUT', retryable: false });
  });

  it('throws AppErrors a caller can act on: model missing, server down', async () => {
    server.models = [];
    const missing = await connectOllamaEmbedder({ host: server.url }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: 'LLM_MODEL_MISSING' });
    expect((missing as AppError).message).toContain('ollama pull nomic-embed-text');
    const url = server.url;
    await server.close();
    await expect(connectOllamaEmbedder({ host: url })).rejects.toMatchObject({
      code: 'LLM_UNAVAILABLE',
      retryable: true,
    });
    expect(() => new OllamaEmbedder({ host: url }).dims).toThrow(/not known yet/);
  });
});

const realHost = process.env.OLLAMA_HOST;
describe.skipIf(!realHost)(
  realHost
    ? `OllamaEmbedder against the real Ollama at ${realHost}`
    : 'OllamaEmbedder against a real Ollama (skipped: set OLLAMA_HOST to run)',
  () => {
    it('embeds with the configured model when it is pulled', async (ctx) => {
      const embedder = await connectOllamaEmbedder({ host: realHost ?? '' }).catch((e: unknown) => e);
      if (embedder instanceof AppError && embedder.code === 'LLM_MODEL_MISSING')
        ctx.skip('model nomic-embed-text is not pulled');
      expect(embedder).toBeInstanceOf(OllamaEmbedder);
      const vectors = await (embedder as OllamaEmbedder).embed(['invoice total', 'rental agreement']);
      expect(vectors.map((v) => v.length)).toEqual([
        (embedder as OllamaEmbedder).dims,
        (embedder as OllamaEmbedder).dims,
      ]);
    });
  },
);
