import { describe, expect, it } from 'vitest';
import { SearchIndexRepo, type DocRow } from './SearchIndexRepo.js';
import { TermIndex } from './termIndex.js';

function row(id: number, body: string, type: string | null = null): DocRow {
  const words = body.split(' ');
  const tf = new Map<string, number>();
  for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
  return {
    id,
    title: '',
    body,
    fieldText: '',
    type,
    paths: [],
    fieldsJson: '{}',
    pagesJson: null,
    mtime: null,
    lengths: [0, words.length, 0],
    postings: [...tf].map(([t, n]) => [t, 0, n, 0]),
    vocabulary: [...tf.keys()],
    fieldRows: [],
  };
}

describe('TermIndex (packed postings)', () => {
  it('reads postings across chunks, skips dead slots, and compaction drops them from storage', () => {
    const repo = new SearchIndexRepo(':memory:');
    const index = new TermIndex(repo);
    const write = (rows: DocRow[]) => index.written(rows, repo.upsert(rows, null));
    write([row(1, 'alpha beta'), row(2, 'alpha alpha')]);
    write([row(3, 'alpha gamma')]);
    expect([...index.postings('alpha').slots].map((s) => index.table().docId(s))).toEqual([1, 2, 3]);
    expect([...index.postings('alpha').tfs]).toEqual([0, 1, 0, 0, 2, 0, 0, 1, 0]);

    // Rewriting document 1 without "alpha" and deleting 2: their old postings are dead.
    write([row(1, 'beta')]);
    repo.remove([2]);
    index.removed([2]);
    expect([...index.postings('alpha').slots].map((s) => index.table().docId(s))).toEqual([3]);
    expect(index.documentFrequency('beta')).toBe(1);

    const stored = () => repo.termChunks('alpha').reduce((n, c) => n + c.slots.byteLength / 4, 0);
    expect(stored()).toBe(3);
    repo.compactPostings((slot) => index.table().isLive(slot));
    expect(stored()).toBe(1);
    expect(repo.termChunks('gone')).toEqual([]);
    repo.close();
  });

  it('expands a prefix to the indexed terms it starts, summing frequencies per document', () => {
    const repo = new SearchIndexRepo(':memory:');
    const index = new TermIndex(repo);
    const rows = [row(1, 'run runner'), row(2, 'rung'), row(3, 'ran')];
    index.written(rows, repo.upsert(rows, null));
    const p = index.clause('run', true)!;
    expect([...p.slots].map((s) => index.table().docId(s))).toEqual([1, 2]);
    expect(p.tfs[1]).toBe(2);
    expect(index.clause('run', false)!.slots.length).toBe(1);
    repo.close();
  });
});
