import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCollection, parseCranfield } from './collections.js';
import { evaluateCollection, evaluateSearch } from './evaluateSearch.js';
import { averagePrecision, ndcgAt, percentile, reciprocalRank } from './metrics.js';

/** Relative to the repository root, as the issue names it. */
const CRANFIELD_DIR = resolve(import.meta.dirname, '../../../shared/corpus/ir/cranfield');

describe('metrics', () => {
  const gains = new Map([
    [1, 3],
    [2, 1],
    [9, 2],
  ]);
  it('nDCG@k uses graded gains and the ideal order', () => {
    expect(ndcgAt([1, 9, 2], gains, 10)).toBeCloseTo(1, 10);
    expect(ndcgAt([5, 6, 7], gains, 10)).toBe(0);
    const dcg = 1 / Math.log2(2) + 3 / Math.log2(3);
    const idcg = 3 + 2 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAt([2, 1], gains, 10)).toBeCloseTo(dcg / idcg, 10);
  });
  it('AP and RR treat any positive gain as relevant', () => {
    expect(averagePrecision([1, 5, 2], gains)).toBeCloseTo((1 + 2 / 3) / 3, 10);
    expect(reciprocalRank([5, 6, 9], gains)).toBeCloseTo(1 / 3, 10);
    expect(reciprocalRank([5], gains)).toBe(0);
  });
  it('percentile by nearest rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 100], 95)).toBe(100);
    expect(percentile([], 95)).toBe(0);
  });
});

describe('collections', () => {
  it('Cranfield: judgements number queries by position, codes 1..4 become gains 4..1, -1 is dropped', () => {
    const docs =
      '.I 1\n.T\nwing flutter\n.A\nsmith\n.B\nj. ae. 1\n.W\nwing flutter at high speed .\n.I 2\n.T\nheat\n.A\n.B\n.W\nheat transfer in slabs .\n';
    const queries = '.I 001\n.W\nflutter of wings .\n.I 004\n.W\nheat conduction\nin slabs .\n';
    const qrels = '1 1 1\n1 2 4\n2 2 2\n2 1 -1\n';
    const c = parseCranfield(docs, queries, qrels);
    expect(c.documents).toEqual([
      { id: 1, title: 'wing flutter', text: 'wing flutter at high speed .' },
      { id: 2, title: 'heat', text: 'heat transfer in slabs .' },
    ]);
    expect(c.queries).toEqual([
      { id: 1, text: 'flutter of wings .' },
      { id: 2, text: 'heat conduction in slabs .' },
    ]);
    expect([...c.judgements.get(1)!]).toEqual([
      [1, 4],
      [2, 1],
    ]);
    expect([...c.judgements.get(2)!]).toEqual([[2, 3]]);
  });

  it('CISI: reads CISI.ALL / CISI.QRY / CISI.REL (binary judgements, queries by .I)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cisi-'));
    try {
      writeFileSync(
        join(dir, 'CISI.ALL'),
        [
          '.I 1',
          '.T',
          'Library catalog automation',
          '.A',
          'Doe, J.',
          '.W',
          'Automating the card catalog of a',
          'research library.',
          '.X',
          '1\t5\t1',
          '.I 2',
          '.T',
          'Citation indexing',
          '.A',
          'Roe, R.',
          '.W',
          'Citation indexes for science literature.',
          '.X',
          '2\t5\t2',
          '.I 3',
          '.T',
          'Reading habits',
          '.W',
          'Surveys of what children read.',
          '.X',
          '3\t5\t3',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'CISI.QRY'),
        [
          '.I 1',
          '.W',
          'How are library catalogs automated?',
          '.I 2',
          '.T',
          'Citations',
          '.A',
          'X',
          '.W',
          'citation indexes in science',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'CISI.REL'),
        '     1     1 0 0.000000\n     2     2 0 0.000000\n     2     1 0 0.000000\n',
      );
      const c = await loadCollection('cisi', dir);
      expect(c.documents.map((d) => [d.id, d.title])).toEqual([
        [1, 'Library catalog automation'],
        [2, 'Citation indexing'],
        [3, 'Reading habits'],
      ]);
      expect(c.documents[0]!.text).toBe('Automating the card catalog of a research library.');
      expect(c.queries).toEqual([
        { id: 1, text: 'How are library catalogs automated?' },
        { id: 2, text: 'Citations citation indexes in science' },
      ]);
      expect([...c.judgements.get(2)!]).toEqual([
        [2, 1],
        [1, 1],
      ]);

      const result = await evaluateCollection(c);
      expect(result).toMatchObject({ collection: 'cisi', documents: 3, queries: 2 });
      expect(result['ndcg@10']).toBeGreaterThan(0.5);
      expect(result.mrr).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Cranfield', () => {
  const present = existsSync(join(CRANFIELD_DIR, 'cran.all.1400'));
  if (!present) console.warn(`Cranfield evaluation skipped: ${CRANFIELD_DIR} not found`);
  it.skipIf(!present)(
    'reaches nDCG@10 >= 0.42 with the embedded backend and no embedding model',
    async () => {
      const result = await evaluateSearch({ collection: 'cranfield', dir: CRANFIELD_DIR });
      console.log(JSON.stringify(result));
      expect(result).toMatchObject({ collection: 'cranfield', documents: 1400, queries: 225 });
      expect(result['ndcg@10']).toBeGreaterThanOrEqual(0.42);
    },
    900_000,
  );
});
