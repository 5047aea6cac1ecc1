import { describe, expect, it } from 'vitest';
import { BrokerOverview, ServicesOverview, type OllamaHostStatus } from '../../shared/contract/services.js';
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

const overview = (ollamaHosts: OllamaHostStatus[], more: Record<string, unknown> = {}) =>
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
    ...more,
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

describe('servicesText with a broker', () => {
  const broker = (change: Partial<BrokerOverview> = {}): BrokerOverview =>
    BrokerOverview.parse({
      url: 'amqp://guest:***@mq.office:5672/docpipe',
      connected: true,
      workers: [
        { workerId: 'scan1:101:1', host: 'scan1', pid: 101, slots: { extract: 4 }, busy: 3, heartbeatAgeMs: 1200 },
        { workerId: 'scan2:202:1', host: 'scan2', pid: 202, slots: { extract: 2 }, busy: 0, heartbeatAgeMs: 300 },
      ],
      inFlight: 3,
      ...change,
    });

  it('says where the broker is, whether it is connected, and its workers with their slots, one line each', () => {
    const text = servicesText(overview([], { broker: broker() }));
    expect(text).toContain(
      'Broker amqp://guest:***@mq.office:5672/docpipe: connected, 2 workers (6 slots), 3 tasks in flight',
    );
    expect(text).toMatch(/\n {2}scan1 +pid 101 +4 extract slots +3 busy +heard 1 s ago\n/);
    expect(text).toMatch(/\n {2}scan2 +pid 202 +2 extract slots +0 busy +heard 0 s ago\n/);
  });

  it('says so when the broker connection is down, and when no worker has announced itself yet', () => {
    expect(servicesText(overview([], { broker: broker({ connected: false, workers: [], inFlight: 0 }) }))).toContain(
      'Broker amqp://guest:***@mq.office:5672/docpipe: not connected (reconnecting)',
    );
    const idle = servicesText(overview([], { broker: broker({ workers: [], inFlight: 0 }) }));
    expect(idle).toContain(': connected, 0 workers (0 slots)\n');
    expect(idle).toContain('no worker yet: start "docpipe worker"');
  });

  it('leaves the broker out when there is none, and an older answer without the field still parses', () => {
    const old = overview([]);
    expect(old.broker).toBeNull();
    expect(servicesText(old)).not.toContain('Broker');
  });
});
