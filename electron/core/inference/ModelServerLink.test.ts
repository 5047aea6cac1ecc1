import { afterEach, describe, expect, it } from 'vitest';
import { Settings } from '../../shared/contract/settings.js';
import type { Embedder } from '../search/SearchBackend.js';
import { startOllamaTestServer, type OllamaTestServer } from '../testing/ollamaTestServer.js';
import { ModelServerLink } from './ModelServerLink.js';

const servers: OllamaTestServer[] = [];
const links: ModelServerLink[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) link.dispose();
  for (const server of servers.splice(0)) await server.close();
});

const quiet = { info: () => undefined, warn: () => undefined };

function linkOver(hosts: string[], numParallel = 1): { link: ModelServerLink; embedders: (Embedder | null)[] } {
  const embedders: (Embedder | null)[] = [];
  const settings = Settings.parse({ ollama: { hosts, numParallel } });
  const link = new ModelServerLink({
    ollama: null,
    settings: () => settings,
    base: {},
    log: quiet,
    onPull: () => undefined,
    onEmbedder: (embedder) => embedders.push(embedder),
    pool: { relistMs: 0 },
  });
  links.push(link);
  return { link, embedders };
}

describe('ModelServerLink with remote Ollama servers', () => {
  it('uses the servers in the settings without a local one: the LLM over both, as many at once as their slots', async () => {
    const a = await startOllamaTestServer({ models: ['qwen2.5:7b-instruct', 'nomic-embed-text:latest'] });
    const b = await startOllamaTestServer({ models: ['qwen2.5:7b-instruct'] });
    servers.push(a, b);
    const { link, embedders } = linkOver([`${a.url}?parallel=3`, b.url], 2);
    await link.refresh();
    expect(link.state()).toMatchObject({ llm: true, vectors: true, reason: null, missing: [] });
    expect(link.llm()?.parallel).toBe(5);
    expect(link.hosts().map((h) => [h.url, h.role, h.state, h.parallel])).toEqual([
      [a.url, 'remote', 'up', 3],
      [b.url, 'remote', 'up', 2],
    ]);
    expect(embedders.at(-1)).not.toBeNull();
  });

  it('says why the LLM is off when no server in the list answers', async () => {
    const a = await startOllamaTestServer();
    const url = a.url;
    await a.close();
    const { link } = linkOver([url]);
    await link.refresh();
    expect(link.state().llm).toBe(false);
    expect(link.state().reason).toMatch(/No model server answers/);
    expect(link.hosts()[0]?.state).toBe('down');
  });
});
