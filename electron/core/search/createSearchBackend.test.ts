import { describe, expect, it } from 'vitest';
import { createSearchBackend } from './createSearchBackend.js';
import { OpenSearchBackend } from './opensearch/OpenSearchBackend.js';
import { SqliteSearchBackend } from './sqlite/SqliteSearchBackend.js';
import { chunkDocument } from './chunking.js';
import { reciprocalRankFusion } from './fusion.js';

describe('createSearchBackend', () => {
  it('builds the configured backend', async () => {
    const sqlite = createSearchBackend({ backend: 'sqlite', file: ':memory:' });
    expect(sqlite).toBeInstanceOf(SqliteSearchBackend);
    await sqlite.dispose();
    const os = createSearchBackend({
      backend: 'opensearch',
      node: 'https://127.0.0.1:9200',
      username: 'admin',
      password: 'x',
      rejectUnauthorized: false,
    });
    expect(os).toBeInstanceOf(OpenSearchBackend);
    await os.dispose();
  });
  it('refuses a bad configuration', () => {
    expect(() => createSearchBackend({ backend: 'opensearch', node: 'not a url' })).toThrow();
    expect(() => createSearchBackend({ backend: 'opensearch', node: 'http://x', index: 'Bad Name' })).toThrow();
  });
});

describe('reciprocalRankFusion', () => {
  it('rewards documents ranked well in both lists', () => {
    const fused = reciprocalRankFusion(
      [
        [{ id: 1 }, { id: 2 }, { id: 3 }],
        [{ id: 3 }, { id: 2 }, { id: 9 }],
      ],
      60,
    );
    // 3: 1/63 + 1/61 edges out 2: 1/62 + 1/62; both beat the single-list documents.
    expect(fused.map((f) => f.id)).toEqual([3, 2, 1, 9]);
    expect(fused[1]!.score).toBeCloseTo(2 / 62, 12);
  });
});

describe('chunkDocument', () => {
  it('splits at whitespace with page references and the title on the first chunk', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    const chunks = chunkDocument(
      {
        title: 'T',
        text: '',
        pages: [
          { page: 1, text: words },
          { page: 2, text: 'short page' },
        ],
      },
      500,
      50,
    );
    expect(chunks[0]!.text.startsWith('T\nw0 ')).toBe(true);
    expect(chunks.filter((c) => c.page === 1).length).toBeGreaterThan(3);
    expect(chunks.at(-1)).toEqual({ page: 2, text: 'short page' });
    expect(chunks.every((c) => c.text.length <= 502)).toBe(true);
    // Chunks start at word boundaries.
    expect(
      chunks
        .filter((c) => c.page === 1)
        .slice(1)
        .every((c) => /^w\d+ /.test(c.text)),
    ).toBe(true);
  });
  it('keeps an empty document as one empty chunk', () => {
    expect(chunkDocument({ title: '', text: '' })).toEqual([{ page: null, text: '' }]);
  });
});
