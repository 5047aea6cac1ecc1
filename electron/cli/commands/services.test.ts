import { describe, expect, it } from 'vitest';
import { ServicesOverview, type OllamaHostStatus } from '../../shared/contract/services.js';
import { servicesText } from './services.js';

const host = (change: Partial<OllamaHostStatus>): OllamaHostStatus => ({
  url: 'http://127.0.0.1:11434',
  role: 'local',
  state: 'up',
  inFlight: 0,
  parallel: 1,
  models: [],
  version: '0.12.0',
  reason: null,
  since: '2026-12-07T20:00:00.000Z',
  nextCheckAt: null,
  ...change,
});

const overview = (ollamaHosts: OllamaHostStatus[]) =>
  ServicesOverview.parse({
    services: [],
    gpu: null,
    models: [],
    placements: [],
    pulls: [],
    llm: {
      active: true,
      vectors: true,
      reason: null,
      missing: [],
      textModel: 'qwen2.5:7b-instruct',
      embedModel: 'nomic-embed-text',
    },
    ollamaHosts,
    search: { backend: 'sqlite', reason: null },
  });

describe('servicesText', () => {
  it('lists each Ollama server with its state, requests in flight and models, and why a down one is out', () => {
    const text = servicesText(
      overview([
        host({ models: ['qwen2.5:7b-instruct'], inFlight: 2, parallel: 2 }),
        host({
          url: 'http://gpu1:11434',
          role: 'remote',
          state: 'down',
          reason: 'its probe failed: ECONNREFUSED',
          nextCheckAt: '2026-12-07T20:01:00.000Z',
        }),
      ]),
    );
    expect(text).toContain('Ollama servers:');
    expect(text).toMatch(/http:\/\/127\.0\.0\.1:11434 +local +up +2 in flight \(2 per model\) +qwen2\.5:7b-instruct/);
    expect(text).toMatch(/http:\/\/gpu1:11434 +remote +down +0 in flight \(1 per model\) +-/);
    expect(text).toContain('its probe failed: ECONNREFUSED (asked again at 2026-12-07T20:01:00.000Z)');
  });

  it('leaves the list out when the local server is the only one', () => {
    expect(servicesText(overview([host({})]))).not.toContain('Ollama servers:');
  });
});
