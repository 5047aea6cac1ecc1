import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import type { PullProgress, ServiceStatus, ServicesOverview } from '../../../electron/shared/contract/services.js';
import { Settings, type SettingsChange } from '../../../electron/shared/contract/settings.js';
import type { ConnectionState } from '../client/docpipeClient.js';
import { createServicesStore, type ServicesClient } from './servicesStore.js';

const ollama = (state: ServiceStatus['state']): ServiceStatus => ({
  name: 'ollama',
  state,
  pid: state === 'ready' ? 4242 : null,
  url: state === 'ready' ? 'http://127.0.0.1:40001' : null,
  port: state === 'ready' ? 40001 : null,
  restarts: 0,
  since: '2026-01-01T00:00:00Z',
  reason: null,
  command: '/opt/ollama',
  logFile: null,
});

function overview(pulls: PullProgress[] = []): ServicesOverview {
  return {
    services: [ollama('ready')],
    gpu: { vendor: 'none', api: null, devices: [], unifiedMemory: false, source: 'nvidia-smi is not installed' },
    models: [
      {
        name: 'qwen2.5:7b-instruct',
        sizeBytes: 4.3e9,
        modifiedAt: '2026-01-01T00:00:00Z',
        parameterSize: '7B',
        quantization: 'Q4_K_M',
      },
    ],
    placements: [],
    pulls,
    llm: {
      active: true,
      vectors: false,
      reason: 'The model server has no nomic-embed-text.',
      missing: ['nomic-embed-text'],
      textModel: 'qwen2.5:7b-instruct',
      embedModel: 'nomic-embed-text',
    },
    ollamaHosts: [],
    broker: null,
    search: { backend: 'sqlite', reason: null },
  };
}

const progress = (phase: PullProgress['phase'], completedBytes: number, error: string | null = null): PullProgress => ({
  model: 'nomic-embed-text',
  phase,
  status: phase,
  completedBytes,
  totalBytes: 200,
  percent: (completedBytes / 200) * 100,
  bytesPerSecond: 50,
  error,
});

let nextId = 1;
const pullEvent = (p: PullProgress): DocpipeEvent => ({
  id: nextId++,
  at: '',
  correlationId: null,
  documentId: null,
  type: 'model.pull',
  progress: p,
});
const serviceEvent = (service: ServiceStatus): DocpipeEvent => ({
  id: nextId++,
  at: '',
  correlationId: null,
  documentId: null,
  type: 'service.changed',
  service,
});

function fakeClient() {
  const calls: string[] = [];
  let settings = Settings.parse({});
  let answer = overview();
  let push: ((e: DocpipeEvent) => void) | null = null;
  let connection: ((s: ConnectionState) => void) | undefined;
  const client: ServicesClient = {
    api: {
      services: async () => (calls.push('services'), structuredClone(answer)),
      settings: async () => (calls.push('settings'), settings),
      setSettings: async (change: SettingsChange) => {
        calls.push(`setSettings ${JSON.stringify(change)}`);
        settings = Settings.parse({ ...settings, models: { ...settings.models, ...change.models } });
        return settings;
      },
      pullModel: async ({ model }) => (calls.push(`pullModel ${model}`), { started: true }),
      cancelPull: async ({ model }) => (calls.push(`cancelPull ${model}`), { cancelled: true }),
      deleteModel: async ({ model }) => (calls.push(`deleteModel ${model}`), { deleted: true }),
    },
    subscribe(listener, onConnection) {
      push = listener;
      connection = onConnection;
      return () => (push = null);
    },
  };
  return {
    client,
    calls,
    setAnswer: (next: ServicesOverview) => (answer = next),
    push: (e: DocpipeEvent) => push?.(e),
    connect: (s: ConnectionState) => connection?.(s),
  };
}

afterEach(() => vi.useRealTimers());

describe('services store', () => {
  it('moves a download bar with each progress event, without re-reading the overview', async () => {
    vi.useFakeTimers();
    const fake = fakeClient();
    const store = createServicesStore(fake.client);
    const stop = store.getState().connect();
    await store.getState().load();
    fake.calls.length = 0;

    fake.push(pullEvent(progress('pulling', 50)));
    expect(store.getState().pulls['nomic-embed-text']?.percent).toBe(25);
    fake.push(pullEvent(progress('pulling', 140)));
    expect(store.getState().pulls['nomic-embed-text']?.percent).toBe(70);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.calls).toEqual([]);

    // The end removes the bar, says so, and re-reads once (the model list has changed).
    fake.push(pullEvent(progress('success', 200)));
    fake.push(pullEvent(progress('success', 200)));
    expect(store.getState().pulls).toEqual({});
    expect(store.getState().message).toBe('nomic-embed-text is downloaded.');
    await vi.advanceTimersByTimeAsync(250);
    expect(fake.calls.filter((c) => c === 'services')).toHaveLength(1);
    stop();
  });

  it('keeps a finished download gone when a re-read that started before its end answers after it', async () => {
    const fake = fakeClient();
    const store = createServicesStore(fake.client);
    store.getState().connect();
    fake.setAnswer(overview([progress('pulling', 100)]));
    const stale = store.getState().load();
    fake.push(pullEvent(progress('success', 200)));
    await stale;
    expect(store.getState().pulls).toEqual({});
    // The overview itself (services, models) is still taken from that answer.
    expect(store.getState().overview?.services[0]?.state).toBe('ready');
  });

  it('does not move a bar backwards when the overview is older than the last event', async () => {
    const fake = fakeClient();
    const store = createServicesStore(fake.client);
    store.getState().connect();
    fake.push(pullEvent(progress('pulling', 150)));
    fake.setAnswer(overview([progress('pulling', 100)]));
    await store.getState().load();
    expect(store.getState().pulls['nomic-embed-text']?.completedBytes).toBe(150);
  });

  it('asks before a download unless the person agreed for good, and records the standing agreement', async () => {
    const fake = fakeClient();
    const store = createServicesStore(fake.client);
    await store.getState().load();

    await store.getState().askToDownload('nomic-embed-text');
    expect(store.getState().confirmingDownload).toBe('nomic-embed-text');
    expect(fake.calls).not.toContain('pullModel nomic-embed-text');
    store.getState().dismissDownload();
    expect(store.getState().confirmingDownload).toBeNull();

    await store.getState().askToDownload('nomic-embed-text');
    await store.getState().confirmDownload();
    expect(fake.calls).toContain('pullModel nomic-embed-text');
    // The bar shows at once, indeterminate until the first event.
    expect(store.getState().pulls['nomic-embed-text']).toMatchObject({ phase: 'pulling', percent: null });

    await store.getState().setAutoDownload(true);
    expect(fake.calls).toContain('setSettings {"models":{"pullAgreed":true}}');
    expect(store.getState().settings?.models.pullAgreed).toBe(true);
    fake.calls.length = 0;
    await store.getState().askToDownload('qwen2.5vl:7b');
    expect(store.getState().confirmingDownload).toBeNull();
    expect(fake.calls).toEqual(['pullModel qwen2.5vl:7b']);
  });

  it('keeps how a download failed, and forgets it when the model is tried again', async () => {
    const fake = fakeClient();
    const store = createServicesStore(fake.client);
    store.getState().connect();
    fake.push(pullEvent(progress('failed', 20, 'pull model manifest: file does not exist')));
    expect(store.getState().endings['nomic-embed-text']?.error).toMatch(/file does not exist/);
    expect(store.getState().message).toMatch(/download of nomic-embed-text failed: pull model manifest/);
    await store.getState().pull('nomic-embed-text');
    expect(store.getState().endings).toEqual({});
  });

  it("deletes a model only after a yes, then re-reads; a refusal is shown with the engine's words", async () => {
    const fake = fakeClient();
    const store = createServicesStore(fake.client);
    store.getState().askToDelete('qwen2.5:7b-instruct');
    expect(fake.calls).toEqual([]);
    await store.getState().confirmDelete();
    expect(fake.calls).toEqual(['deleteModel qwen2.5:7b-instruct', 'services', 'settings']);
    expect(store.getState().confirmingDelete).toBeNull();

    fake.client.api.deleteModel = async () => {
      throw new AppError(ErrorCode.LLM_UNAVAILABLE, 'No model server answers: see "docpipe services".');
    };
    store.getState().askToDelete('qwen2.5:7b-instruct');
    await store.getState().confirmDelete();
    expect(store.getState().error).toMatch(/No model server answers/);
    expect(store.getState().busy).toEqual({});
    // A re-read that succeeds does not hide why the deletion failed.
    await store.getState().load();
    expect(store.getState().error).toMatch(/No model server answers/);
  });

  it("shows a service's new state at once and re-reads once per run of changes; reloads on reconnection", async () => {
    vi.useFakeTimers();
    const fake = fakeClient();
    const store = createServicesStore(fake.client);
    store.getState().connect();
    fake.connect('live');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().overview).not.toBeNull();
    fake.calls.length = 0;

    fake.push(
      serviceEvent({
        ...ollama('restarting'),
        restarts: 1,
        reason: 'Ollama exited with code 1; starting it again in 2 s.',
      }),
    );
    expect(store.getState().overview?.services[0]).toMatchObject({ state: 'restarting', restarts: 1 });
    fake.push(serviceEvent(ollama('starting')));
    fake.push(
      serviceEvent({
        name: 'opensearch',
        state: 'starting',
        pid: 7,
        url: null,
        port: 9200,
        restarts: 0,
        since: '',
        reason: null,
        command: null,
        logFile: null,
      }),
    );
    expect(store.getState().overview?.services.map((s) => s.name)).toEqual(['ollama', 'opensearch']);
    await vi.advanceTimersByTimeAsync(250);
    expect(fake.calls.filter((c) => c === 'services')).toHaveLength(1);
  });
});
