import { describe, expect, it } from 'vitest';
import type { Api, ReviewItem } from '../../../electron/shared/contract/api.js';
import type { DocumentDetail } from '../../../electron/shared/contract/documents.js';
import { AppError, ErrorCode } from '../../../electron/shared/contract/errors.js';
import { createReviewStore } from './reviewStore.js';

const item = (id: number): ReviewItem => ({
  id,
  paths: [`/in/${id}.txt`],
  type: 'invoice',
  typeConfidence: 0.6,
  lowestConfidence: 0.4,
  reasons: ['type invoice 0.60'],
});
const detail = (id: number, extra: Partial<DocumentDetail> = {}) =>
  ({ id, type: 'invoice', fields: [], ...extra }) as unknown as DocumentDetail;

function fakeApi(ids: number[]) {
  const calls: string[] = [];
  let queue = ids;
  const api = {
    review: async () => (calls.push('review'), queue.map(item)),
    getDocument: async ({ ref }: { ref: number }) => (calls.push(`get ${ref}`), detail(ref)),
    setType: async ({ ref, type }: { ref: number; type: string }) => (
      calls.push(`setType ${ref} ${type}`),
      detail(ref, { type, typeSource: 'user' })
    ),
    setField: async ({ ref, field, value }: { ref: number; field: string; value: string }) => {
      calls.push(`setField ${ref} ${field}=${value}`);
      if (value === '03/04/2024')
        throw new AppError(
          ErrorCode.INVALID_ARGUMENT,
          '"03/04/2024" could be day/month or month/day; write date as YYYY-MM-DD.',
        );
      return detail(ref, {
        fields: [{ name: field, value, normalized: value, confidence: 1, source: 'user', page: null, box: null }],
      });
    },
    confirm: async ({ ref }: { ref: number }) => {
      calls.push(`confirm ${ref}`);
      queue = queue.filter((id) => id !== ref);
      return detail(ref, { review: 'reviewed' });
    },
    clearCorrection: async ({ ref, field }: { ref: number; field: string }) => {
      calls.push(`clear ${ref} ${field}`);
      return detail(ref, field === 'type' ? { type: 'invoice', typeSource: 'embedded' } : {});
    },
    confirmConfident: async ({ type, above, dryRun }: { type: string; above: number; dryRun: boolean }) => {
      calls.push(`confirmConfident ${type} ${above} ${dryRun}`);
      return { ids: [2, 3], confirmed: !dryRun };
    },
  } as unknown as Pick<
    Api,
    'review' | 'getDocument' | 'setType' | 'setField' | 'confirm' | 'clearCorrection' | 'confirmConfident'
  >;
  return { api, calls };
}

describe('review store', () => {
  it('loads the queue and opens its first document; j/k moves within bounds', async () => {
    const fake = fakeApi([3, 1, 2]);
    const store = createReviewStore(fake.api);
    await store.getState().load();
    expect(store.getState().detail?.id).toBe(3);
    await store.getState().move(1);
    expect(store.getState().selectedId).toBe(1);
    await store.getState().move(5);
    expect(store.getState().selectedId).toBe(2);
    await store.getState().move(-10);
    expect(store.getState().selectedId).toBe(3);
  });

  it('shows a rejected correction inline and clears it once a valid value is saved', async () => {
    const store = createReviewStore(fakeApi([1]).api);
    await store.getState().load();
    expect(await store.getState().setField('date', '03/04/2024')).toBe(false);
    expect(store.getState().fieldErrors.date).toMatch(/write date as YYYY-MM-DD/);
    expect(await store.getState().setField('date', '2024-04-03')).toBe(true);
    expect(store.getState().fieldErrors.date).toBeUndefined();
    expect(store.getState().detail?.fields[0]).toMatchObject({ name: 'date', source: 'user' });
    // One field saved is not the document reviewed: it is not done.
    expect(store.getState().done).toEqual([]);
    expect(store.getState().items).toHaveLength(1);
  });

  it('undoes the corrections made here, last first, going back to their document', async () => {
    const fake = fakeApi([1, 2]);
    const store = createReviewStore(fake.api);
    await store.getState().load();
    await store.getState().setField('total', '12.00');
    await store.getState().move(1);
    await store.getState().setType('letter');
    expect(store.getState().items.find((i) => i.id === 2)?.type).toBe('letter');
    expect(await store.getState().undo()).toBe(true);
    expect(store.getState().items.find((i) => i.id === 2)?.type).toBe('invoice');
    expect(await store.getState().undo()).toBe(true);
    expect(store.getState().selectedId).toBe(1);
    expect(await store.getState().undo()).toBe(false);
    expect(fake.calls.filter((c) => c.startsWith('clear'))).toEqual(['clear 2 type', 'clear 1 total']);
  });

  it('counts the sure documents of a type, then confirms them and marks them done', async () => {
    const fake = fakeApi([1, 2, 3]);
    const store = createReviewStore(fake.api);
    await store.getState().load();
    expect(await store.getState().confirmConfident('invoice', 0.6, true)).toEqual([2, 3]);
    expect(store.getState().done).toEqual([]);
    await store.getState().confirmConfident('invoice', 0.6, false);
    expect(store.getState().done).toEqual([2, 3]);
    expect(fake.calls).toContain('confirmConfident invoice 0.6 false');
  });

  it('"Confirm document" confirms and moves to the next document not done, then reloads at the end', async () => {
    const fake = fakeApi([1, 2, 3]);
    const store = createReviewStore(fake.api);
    await store.getState().load();
    await store.getState().move(1);
    await store.getState().setType('letter');
    await store.getState().move(1);
    await store.getState().confirm();
    // A type change is not a review: document 2 is still to do, after 3.
    expect(store.getState().selectedId).toBe(1);
    await store.getState().confirm();
    expect(store.getState().selectedId).toBe(2);
    await store.getState().confirm();
    expect(fake.calls.filter((c) => c === 'review')).toHaveLength(2);
    expect(store.getState().items).toEqual([]);
    expect(fake.calls).toContain('setType 2 letter');
  });
});
