import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from './createCore.js';
import { writeFile } from './testing/fixtureFiles.js';
import { emptySearch, OpenSearchContractServer } from './testing/openSearchContractServer.js';
import { settle } from './testing/settle.js';

let root: string;
let server: OpenSearchContractServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'docpipe-core-search-'));
  server = new OpenSearchContractServer();
  await server.start();
  // The contract server stores what _bulk sends but is no search engine: answer a search with the stored
  // documents whose body holds the request's one word, in the response shape of OpenSearch 2.x.
  server.use((r) => {
    if (r.method !== 'POST' || r.path !== '/archive/_search') return undefined;
    const hits = [...server.documents('archive').entries()]
      .map(([id, source]) => ({ id, source: source as { body?: string } }))
      .filter(
        ({ source }) => typeof source.body === 'string' && /zanzibar/i.test(source.body) && r.text.includes('zanzibar'),
      )
      .map(({ id, source }) => ({ _index: 'archive', _id: id, _score: 1.5, _source: source }));
    return {
      status: 200,
      body: {
        ...emptySearch(),
        hits: { total: { value: hits.length, relation: 'eq' }, max_score: hits.length ? 1.5 : null, hits },
      },
    };
  });
});

afterAll(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('createCore: the search backend comes from configuration', () => {
  it('with OpenSearch configured, the pipeline indexes there and search finds the document through it', async () => {
    writeFile(
      join(root, 'docs', 'travel.txt'),
      'Travel notes\nThe ferry to Zanzibar leaves at nine; the spice tour starts at noon.',
    );
    writeFile(join(root, 'docs', 'other.txt'), 'Shopping list\nBread, milk, apples and coffee for the week.');
    const dataDir = join(root, 'data-opensearch');
    const core = await createCore({
      dataDir,
      workers: 1,
      queue: { pollMs: 50 },
      search: { backend: 'opensearch', node: server.url, index: 'archive', username: 'docpipe', password: 'pw' },
    });
    try {
      await core.api.ingest({ paths: [join(root, 'docs')] });
      await settle(core);
      expect(await core.api.searchHealth({})).toMatchObject({ backend: 'opensearch', documents: 2 });
      expect(server.to('POST', '/_bulk').length).toBeGreaterThan(0);
      expect(
        server.requests.every(
          (r) => r.headers.authorization === `Basic ${Buffer.from('docpipe:pw').toString('base64')}`,
        ),
      ).toBe(true);

      const result = await core.api.search({ query: 'zanzibar' });
      expect(result.hits).toHaveLength(1);
      expect(result.hits[0]!.paths).toEqual([join(root, 'docs', 'travel.txt')]);
      // Nothing went to the embedded index.
      expect(existsSync(join(dataDir, 'search.sqlite'))).toBe(false);

      // A reindex builds the next index behind the alias and swaps it in; search answers as before.
      expect(server.aliasTargets('archive')).toEqual(['archive-v1']);
      expect(await core.api.reindex({})).toMatchObject({ indexed: 2 });
      expect(server.aliasTargets('archive')).toEqual(['archive-v2']);
      expect(server.indexNames()).not.toContain('archive-v1');
      expect((await core.api.search({ query: 'zanzibar' })).hits).toHaveLength(1);
    } finally {
      await core.dispose();
    }
  }, 120_000);

  it('without a search section, the embedded SQLite index in the data folder', async () => {
    const dataDir = join(root, 'data-default');
    const core = await createCore({ dataDir, runPipeline: false });
    try {
      expect(await core.api.searchHealth({})).toMatchObject({ backend: 'sqlite' });
      expect(existsSync(join(dataDir, 'search.sqlite'))).toBe(true);
    } finally {
      await core.dispose();
    }
  });
});

describe('createCore: search moves to the OpenSearch the settings choose', () => {
  it('with a remote cluster in the settings, the app fills it from the store and answers from it; the built-in index is kept', async () => {
    server.use((r) => {
      if (r.method !== 'POST' || r.path !== '/docpipe/_search' || !r.text.includes('zanzibar')) return undefined;
      const hits = [...server.documents('docpipe').entries()]
        .filter(([, source]) => /zanzibar/i.test((source as { body?: string }).body ?? ''))
        .map(([id, source]) => ({
          _index: 'docpipe',
          _id: id,
          _score: 1,
          _source: source,
          highlight: { body: ['answered by OpenSearch'] },
        }));
      return {
        status: 200,
        body: { ...emptySearch(), hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits } },
      };
    });
    writeFile(join(root, 'docs-remote', 'travel.txt'), 'Travel notes\nThe ferry to Zanzibar leaves at nine.');
    writeFile(join(root, 'docs-remote', 'other.txt'), 'Shopping list\nBread, milk, apples and coffee for the week.');
    const dataDir = join(root, 'data-remote');
    // The settings are the person's: written through one core, read by the next when it starts.
    const first = await createCore({ dataDir, runPipeline: false });
    await first.api.setSettings({ ollama: { enabled: false }, search: { backend: 'remote', url: server.url } });
    await first.dispose();

    const core = await createCore({ dataDir, workers: 1, queue: { pollMs: 50 }, services: { run: true } });
    try {
      await core.api.ingest({ paths: [join(root, 'docs-remote')] });
      await settle(core);
      const deadline = Date.now() + 30_000;
      while ((await core.api.searchHealth({})).backend !== 'opensearch') {
        if (Date.now() > deadline)
          throw new Error(`search never moved to OpenSearch: ${JSON.stringify(await core.api.services({}))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const result = await core.api.search({ query: 'zanzibar' });
      expect(result.hits.map((h) => [h.paths, h.snippet])).toEqual([
        [[join(root, 'docs-remote', 'travel.txt')], 'answered by OpenSearch'],
      ]);
      expect(result.backendNote).toBeUndefined();
      expect(server.documents('docpipe').size).toBe(2);
      expect((await core.api.services({})).search).toEqual({ backend: 'opensearch', reason: null });
      // The built-in index is written all the same: it answers whenever OpenSearch does not.
      expect(existsSync(join(dataDir, 'search.sqlite'))).toBe(true);
    } finally {
      await core.dispose();
    }
  }, 120_000);
});
