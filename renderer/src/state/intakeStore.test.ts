import { describe, expect, it } from 'vitest';
import { commandNames, type Api, type IngestSummary } from '../../../electron/shared/contract/api.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import type { DocpipeClient, UploadFileRequest } from '../client/docpipeClient.js';
import { createIntakeStore } from './intakeStore.js';
import type { PickedFile } from './uploadPlan.js';

const summary = (found: number): IngestSummary => ({
  batchId: 'b1',
  found,
  new: found,
  unchanged: 0,
  duplicates: 0,
  changed: 0,
  failed: 0,
  notFiles: 0,
});

/** A client whose engine answers from memory and whose uploads move when the test says so. */
function fakeClient(options: { refuse?: string } = {}) {
  const calls: string[] = [];
  const uploads: (UploadFileRequest & { finish(): void; fail(error: unknown): void })[] = [];
  const api = Object.fromEntries(commandNames.map((name) => [name, async () => ({})])) as unknown as Api;
  Object.assign(api, {
    beginUpload: async () => (calls.push('beginUpload'), { uploadId: '20261208-101503-ab12cd34', maxFileBytes: 1000 }),
    ingestUpload: async (input: unknown) => (calls.push(`ingestUpload ${JSON.stringify(input)}`), summary(2)),
    ingest: async (input: { paths: string[] }) => {
      calls.push(`ingest ${input.paths.join(',')}`);
      if (input.paths[0] === 'inbox')
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          '“inbox” is a relative path, and docpipe cannot know which folder it is relative to.',
        );
      return summary(1);
    },
    watchedFolders: async () => (calls.push('watchedFolders'), []),
    pauseWatch: async (input: { path: string }) => (calls.push(`pauseWatch ${input.path}`), {}),
    resumeWatch: async (input: { path: string }) => (calls.push(`resumeWatch ${input.path}`), summary(3)),
    unwatch: async (input: { path: string }) => (calls.push(`unwatch ${input.path}`), { removed: true }),
  });
  const client: DocpipeClient = {
    transport: 'http',
    api,
    pathForFile: null,
    pageImage: async () => Promise.reject(new Error('not here')),
    documentSource: (id) => ({ kind: 'url', url: `/api/documents/${id}/file` }),
    downloadUrl: null,
    openOriginal: null,
    showOriginal: null,
    exportCsv: { kind: 'none' },
    subscribe: () => () => undefined,
    uploadFile: (request) =>
      new Promise((resolve, reject) => {
        if (request.path === options.refuse) {
          reject(new AppError(ErrorCode.FILE_TOO_LARGE, `${request.path} is over the limit; it was not uploaded.`));
          return;
        }
        request.signal?.addEventListener('abort', () => reject(new AppError(ErrorCode.INTERNAL, 'stopped')));
        uploads.push({
          ...request,
          finish: () => {
            request.onProgress?.(request.body.size);
            resolve({ path: request.path, bytes: request.body.size });
          },
          fail: reject,
        });
      }),
  };
  return { client, calls, uploads };
}

const file = (path: string, size: number): PickedFile => ({ path, file: new Blob([new Uint8Array(size)]) });

async function until(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!probe()) throw new Error('condition never held');
}

describe('intake store: uploads', () => {
  it('uploads three files at a time with progress and rate, then ingests the upload as one batch', async () => {
    const { client, calls, uploads } = fakeClient();
    const batches: IngestSummary[] = [];
    let clock = 0;
    const store = createIntakeStore(client, {
      onBatch: (s) => batches.push(s),
      sizeText: (n) => `${n} B`,
      now: () => clock,
    });
    expect(store.getState().mode).toBe('upload');

    const done = store
      .getState()
      .uploadFiles(
        [
          file('receipts/a.pdf', 100),
          file('receipts/b.pdf', 100),
          file('receipts/c.pdf', 100),
          file('receipts/d.pdf', 100),
          file('receipts/.DS_Store', 5),
          file('receipts/big.tif', 5000),
        ],
        'receipts',
      );
    await until(() => uploads.length === 3);
    expect(store.getState().upload).toMatchObject({
      label: 'receipts',
      phase: 'uploading',
      filesTotal: 4,
      filesDone: 0,
      bytesTotal: 400,
      ignored: 1,
      skipped: [{ path: 'receipts/big.tif', reason: 'It is 5000 B, over the 1000 B limit for one file.' }],
    });
    clock = 1000;
    uploads[0]!.finish();
    await until(() => uploads.length === 4);
    expect(store.getState().upload).toMatchObject({ filesDone: 1, bytesDone: 100, bytesPerSecond: 100 });
    clock = 2000;
    for (const u of uploads.slice(1)) u.finish();
    await done;
    expect(uploads.map((u) => u.path)).toEqual([
      'receipts/a.pdf',
      'receipts/b.pdf',
      'receipts/c.pdf',
      'receipts/d.pdf',
    ]);
    expect(store.getState().upload).toMatchObject({ phase: 'done', filesDone: 4, bytesDone: 400, summary: summary(2) });
    expect(calls).toEqual(['beginUpload', 'ingestUpload {"uploadId":"20261208-101503-ab12cd34"}']);
    expect(batches).toEqual([summary(2)]);
  });

  it('goes on when the engine refuses one file, and says why', async () => {
    const { client, uploads } = fakeClient({ refuse: 'b.pdf' });
    const store = createIntakeStore(client, { onBatch: () => undefined, sizeText: String });
    const done = store.getState().uploadFiles([file('a.pdf', 10), file('b.pdf', 10)], '2 files');
    await until(() => uploads.length === 1);
    uploads[0]!.finish();
    await done;
    expect(store.getState().upload).toMatchObject({
      phase: 'done',
      failed: [{ path: 'b.pdf', reason: 'b.pdf is over the limit; it was not uploaded.' }],
    });
  });

  it('stops on request: what arrived is ingested, the rest is not sent', async () => {
    const { client, calls, uploads } = fakeClient();
    const store = createIntakeStore(client, { onBatch: () => undefined, sizeText: String });
    const done = store.getState().uploadFiles(
      ['a', 'b', 'c', 'd', 'e'].map((n) => file(`${n}.pdf`, 10)),
      '5 files',
    );
    await until(() => uploads.length === 3);
    uploads[0]!.finish();
    await until(() => uploads.length === 4);
    store.getState().stopUpload();
    await done;
    expect(uploads).toHaveLength(4);
    expect(store.getState().upload?.phase).toBe('stopped');
    expect(store.getState().upload?.failed).toEqual([]);
    expect(calls.at(-1)).toMatch(/^ingestUpload/);
  });
});

describe('intake store: paths and watched folders', () => {
  it('keeps a refused path as the sentence the engine gave, without a code', async () => {
    const { client } = fakeClient();
    const batches: IngestSummary[] = [];
    const store = createIntakeStore(client, { onBatch: (s) => batches.push(s), sizeText: String });
    expect(await store.getState().addPaths(['inbox'], false)).toBe(false);
    expect(store.getState().pathError).toBe(
      '“inbox” is a relative path, and docpipe cannot know which folder it is relative to.',
    );
    expect(await store.getState().addPaths(['/srv/inbox'], true)).toBe(true);
    expect(store.getState()).toMatchObject({
      pathError: null,
      lastPaths: { paths: ['/srv/inbox'], summary: summary(1) },
    });
    expect(batches).toEqual([summary(1)]);
  });

  it('pauses, resumes (following the catch-up batch) and stops watching, reloading the list each time', async () => {
    const { client, calls } = fakeClient();
    const batches: IngestSummary[] = [];
    const store = createIntakeStore(client, { onBatch: (s) => batches.push(s), sizeText: String });
    await store.getState().pause('/srv/inbox');
    await store.getState().resume('/srv/inbox');
    await store.getState().unwatch('/srv/inbox');
    expect(calls).toEqual([
      'pauseWatch /srv/inbox',
      'watchedFolders',
      'resumeWatch /srv/inbox',
      'watchedFolders',
      'unwatch /srv/inbox',
      'watchedFolders',
    ]);
    expect(batches).toEqual([summary(3)]);
    expect(store.getState().busy).toEqual({});
  });
});
