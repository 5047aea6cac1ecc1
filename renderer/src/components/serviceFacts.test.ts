import { describe, expect, it } from 'vitest';
import type {
  ModelPlacement,
  PullProgress,
  ServiceStatus,
  ServicesOverview,
} from '../../../electron/shared/contract/services.js';
import {
  brokerSummary,
  deviceMemoryText,
  downloadSizeText,
  formatModelBytes,
  gpuSummary,
  heardText,
  modelServerBadge,
  pullProgressText,
  sameModelName,
  workerSlots,
} from './serviceFacts.js';

function overview(
  state: ServiceStatus['state'],
  change: Partial<ServicesOverview> = {},
  llm: Partial<ServicesOverview['llm']> = {},
): ServicesOverview {
  return {
    services: [
      {
        name: 'ollama',
        state,
        pid: null,
        url: null,
        port: null,
        restarts: 0,
        since: '',
        reason: null,
        command: null,
        logFile: null,
      },
    ],
    gpu: { vendor: 'nvidia', api: 'cuda', devices: [], unifiedMemory: false, source: 'nvidia-smi' },
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
      ...llm,
    },
    ollamaHosts: [],
    broker: null,
    search: { backend: 'sqlite', reason: null },
    ...change,
  };
}

const placement = (
  where: ModelPlacement['where'],
  gpuFraction: number,
  model = 'qwen2.5:7b-instruct',
): ModelPlacement => ({ model, sizeBytes: 100, vramBytes: gpuFraction * 100, gpuFraction, where, verdict: '' });

describe('the model server badge', () => {
  it('says where the text model runs once it is loaded', () => {
    expect(modelServerBadge(overview('ready', { placements: [placement('gpu', 1)] }))).toEqual({
      text: 'LLM on GPU',
      tone: 'ok',
    });
    expect(modelServerBadge(overview('external', { placements: [placement('partial', 0.4)] }))?.text).toBe(
      'LLM partly on GPU (40 %)',
    );
    expect(modelServerBadge(overview('ready', { placements: [placement('cpu', 0)] }))?.text).toBe('LLM on CPU');
    // Another model's placement says nothing about the LLM's.
    expect(
      modelServerBadge(overview('ready', { placements: [placement('gpu', 1, 'nomic-embed-text:latest')] }))?.text,
    ).toBe('LLM ready');
  });

  it('infers the CPU before the model is loaded only when there is no GPU', () => {
    expect(
      modelServerBadge(
        overview('ready', { gpu: { vendor: 'none', api: null, devices: [], unifiedMemory: false, source: 'none' } }),
      )?.text,
    ).toBe('LLM on CPU');
    expect(modelServerBadge(overview('ready'))?.text).toBe('LLM ready');
  });

  it('says what the model server is doing when the LLM cannot run', () => {
    expect(modelServerBadge(overview('absent'))?.text).toBe('LLM: off (no model server)');
    expect(modelServerBadge(overview('restarting'))?.text).toBe('Ollama restarting…');
    expect(modelServerBadge(overview('failed'))).toEqual({ text: 'LLM: off (Ollama failed)', tone: 'bad' });
    expect(modelServerBadge({ ...overview('ready'), services: [] })?.text).toBe('LLM: off (no model server)');
    expect(modelServerBadge(overview('ready', {}, { active: false, missing: ['qwen2.5:7b-instruct'] }))?.text).toBe(
      'LLM: off (model not downloaded)',
    );
    const pulling: PullProgress = {
      model: 'qwen2.5:7b-instruct',
      phase: 'pulling',
      status: '',
      completedBytes: 1,
      totalBytes: 3,
      percent: 33.3,
      bytesPerSecond: null,
      error: null,
    };
    expect(
      modelServerBadge(overview('ready', { pulls: [pulling] }, { active: false, missing: ['qwen2.5:7b-instruct'] }))
        ?.text,
    ).toBe('LLM: downloading 33 %');
    expect(modelServerBadge(null)).toBeNull();
  });
});

describe('model facts', () => {
  it('treats a name without a tag as :latest', () => {
    expect(sameModelName('nomic-embed-text', 'nomic-embed-text:latest')).toBe(true);
    expect(sameModelName('qwen2.5:7b', 'qwen2.5:7b-instruct')).toBe(false);
  });

  it('gives a download size when it is known, and an honest "several GB" when not', () => {
    expect(downloadSizeText('nomic-embed-text')).toBe('about 274 MB');
    expect(downloadSizeText('qwen2.5:7b-instruct')).toBe('about 4.7 GB');
    expect(downloadSizeText('llama3.1:70b')).toBe('several GB');
    const pull: PullProgress = {
      model: 'llama3.1:70b',
      phase: 'pulling',
      status: '',
      completedBytes: 0,
      totalBytes: 42.5e9,
      percent: 0,
      bytesPerSecond: null,
      error: null,
    };
    expect(downloadSizeText('llama3.1:70b', pull)).toBe('about 42.5 GB');
  });

  it('describes progress with the parts that are known', () => {
    const base: PullProgress = {
      model: 'm',
      phase: 'pulling',
      status: 'pulling manifest',
      completedBytes: 0,
      totalBytes: 0,
      percent: null,
      bytesPerSecond: null,
      error: null,
    };
    expect(pullProgressText(base)).toBe('starting…');
    expect(
      pullProgressText({ ...base, completedBytes: 102e6, totalBytes: 215e6, percent: 47.5, bytesPerSecond: 48e6 }),
    ).toBe('47 % · 102 MB of 215 MB · 48 MB/s');
    expect(
      pullProgressText({
        ...base,
        phase: 'verifying',
        completedBytes: 215e6,
        totalBytes: 215e6,
        percent: 100,
        bytesPerSecond: 48e6,
      }),
    ).toBe('100 % · 215 MB of 215 MB · verifying');
  });

  it('formats sizes as Ollama does, and graphics memory as cards are sold', () => {
    expect(formatModelBytes(4_340_002_010)).toBe('4.3 GB');
    expect(formatModelBytes(215_002_010)).toBe('215 MB');
    expect(
      deviceMemoryText({
        name: 'RTX',
        memoryTotalBytes: 12_288 * 1024 * 1024,
        memoryUsedBytes: 1024 ** 3,
        driverVersion: null,
      }),
    ).toBe('12.0 GB, 1.0 GB in use');
    expect(
      deviceMemoryText({ name: 'RTX', memoryTotalBytes: null, memoryUsedBytes: null, driverVersion: null }),
    ).toBeNull();
    expect(gpuSummary(null)).toMatch(/not looked/);
    expect(gpuSummary({ vendor: 'apple', api: 'metal', devices: [], unifiedMemory: true, source: 'platform' })).toBe(
      'Apple silicon (Metal), memory shared with the system',
    );
  });
});

describe('remote workers', () => {
  const worker = (host: string, extract: number) => ({
    workerId: `${host}:1:1`,
    host,
    pid: 1,
    slots: { extract },
    busy: 0,
    heartbeatAgeMs: 0,
  });
  const broker = { url: 'amqp://guest:***@mq:5672/docpipe', connected: true, workers: [], inFlight: 0 };

  it('counts the workers and their slots, and the tasks running', () => {
    expect(workerSlots(worker('a', 4))).toBe(4);
    expect(brokerSummary({ ...broker, workers: [worker('a', 4), worker('b', 2)], inFlight: 3 })).toBe(
      '2 workers, 6 slots, 3 tasks running.',
    );
    expect(brokerSummary({ ...broker, workers: [worker('a', 1)] })).toBe('1 worker, 1 slot.');
  });

  it('says what to do when no worker is there, and why none counts when the broker is away', () => {
    expect(brokerSummary(broker)).toMatch(/^No worker yet: start “docpipe worker”/);
    expect(brokerSummary({ ...broker, connected: false, workers: [worker('a', 4)] })).toMatch(/^Not connected/);
  });

  it('says how long ago a worker was heard', () => {
    expect(heardText(200)).toBe('heard just now');
    expect(heardText(4400)).toBe('heard 4 s ago');
  });
});
