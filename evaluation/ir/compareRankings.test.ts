import { describe, expect, it } from 'vitest';
import { searchableQuery, type TestCollection } from './collections.js';
import { evaluateCollection } from './evaluateSearch.js';
import { BASELINE_NAME, compareRankings, formatComparison } from './compareRankings.js';
import { PlainBm25Ranker, plainFtsQuery } from './plainBm25.js';

/** 40 filler documents plus 3 whose words are unique, so each query has one known answer. */
function tinyCollection(): TestCollection {
  const filler = ['report', 'quarterly', 'summary', 'meeting', 'notes', 'budget', 'plan', 'review'];
  const documents = Array.from({ length: 40 }, (_, i) => ({
    id: i + 1,
    title: `note ${i + 1}`,
    text: Array.from({ length: 30 }, (_, j) => filler[(i * 7 + j * 3) % filler.length]).join(' '),
  }));
  documents.push(
    { id: 101, title: 'Zanzibar shipping invoice', text: 'invoice from zanzibar shipping company total 12.00' },
    { id: 102, title: 'Quokka lease', text: 'lease agreement between quokka holdings and the tenant' },
    { id: 103, title: 'notes', text: 'meeting notes about marmalade production lines' },
  );
  return {
    name: 'tiny',
    documents,
    queries: [
      { id: 1, text: 'zanzibar shipping' },
      { id: 2, text: 'quokka lease agreement' },
      { id: 3, text: 'marmalade' },
      { id: 4, text: 'unjudged query' },
    ],
    judgements: new Map([
      [1, new Map([[101, 1]])],
      [2, new Map([[102, 1]])],
      [3, new Map([[103, 1]])],
    ]),
    queryClasses: new Map([
      [1, 'invoice'],
      [2, 'contract'],
      [3, 'other'],
    ]),
  };
}

describe('plain FTS5 BM25 baseline', () => {
  it('turns plain text into an OR of quoted words, FTS5 syntax taken literally', () => {
    expect(plainFtsQuery('Heat transfer: AND "slabs" NEAR x*')).toBe(
      '"heat" OR "transfer" OR "and" OR "slabs" OR "near" OR "x"',
    );
    expect(plainFtsQuery('heat heat')).toBe('"heat"');
    expect(plainFtsQuery(' -- ')).toBeNull();
  });

  it('ranks the one document holding the query words first, porter-stemmed', () => {
    const ranker = new PlainBm25Ranker();
    try {
      ranker.index(tinyCollection().documents);
      expect(ranker.rank('zanzibar shipping', 10)[0]).toBe(101);
      expect(ranker.rank('quokka leases', 10)[0]).toBe(102);
      expect(ranker.rank('marmalade OR nothing', 10)).toEqual([103]);
      expect(ranker.rank('absent', 10)).toEqual([]);
      expect(ranker.rank('?!', 10)).toEqual([]);
      expect(ranker.rank('notes', 3)).toHaveLength(3);
    } finally {
      ranker.dispose();
    }
  });
});

describe('compareRankings', () => {
  it('reports ours and the baseline side by side, overall and per class, on the judged queries only', async () => {
    const report = await compareRankings(tinyCollection(), { details: true, depth: 100 });
    expect(report.collection).toBe('tiny');
    expect(report.documents).toBe(43);
    expect(report.queries).toBe(3);
    expect(report.depth).toBe(100);
    expect(report.rankers.map((r) => r.ranker)).toEqual(['ours', BASELINE_NAME]);
    for (const r of report.rankers) {
      expect(Object.keys(r.metrics)).toEqual(['ndcg@10', 'map', 'mrr', 'success@1', 'success@10']);
      // Every query has one unmistakable answer: both rankers must find it first.
      expect(r.metrics).toEqual({ 'ndcg@10': 1, map: 1, mrr: 1, 'success@1': 1, 'success@10': 1 });
      expect(r.errors).toBe(0);
      expect(r.p50Ms).toBeGreaterThanOrEqual(0);
    }
    expect(report.byClass?.map((c) => [c.class, c.queries])).toEqual([
      ['invoice', 1],
      ['contract', 1],
      ['other', 1],
    ]);
    expect(report.byClass?.[0]?.rankers.map((r) => r.ranker)).toEqual(['ours', BASELINE_NAME]);
    expect(report.perQuery?.map((q) => q.firstRelevantRank)).toEqual([
      { ours: 1, [BASELINE_NAME]: 1 },
      { ours: 1, [BASELINE_NAME]: 1 },
      { ours: 1, [BASELINE_NAME]: 1 },
    ]);

    const text = formatComparison(report);
    expect(text).toContain('tiny: 43 documents, 3 queries');
    expect(text).toMatch(/ours\s+1\.0000/);
    expect(text).toMatch(/plain FTS5 BM25\s+1\.0000/);
    expect(text).toContain('contract (1 queries)');
  });

  it('scores a miss as zero in every metric', async () => {
    const c = tinyCollection();
    // Judge a document that is not in the collection for "marmalade": no ranker can find it.
    c.judgements.set(3, new Map([[999, 1]]));
    const report = await compareRankings(c, {
      ours: [
        { name: 'ours', plain: true },
        { name: 'ours, search box', plain: false },
      ],
    });
    expect(report.rankers.map((r) => r.ranker)).toEqual(['ours', 'ours, search box', BASELINE_NAME]);
    for (const r of report.rankers) {
      expect(r.metrics['success@1']).toBeCloseTo(2 / 3, 4);
      expect(r.metrics['success@10']).toBeCloseTo(2 / 3, 4);
      expect(r.metrics.mrr).toBeCloseTo(2 / 3, 4);
    }
    expect(report.byClass?.find((b) => b.class === 'other')?.rankers.every((r) => r.metrics['ndcg@10'] === 0)).toBe(
      true,
    );
    expect(report.perQuery).toBeUndefined();
  });

  it('evaluates a query longer than search takes, cut at a word for every ranker, and counts it', async () => {
    const c = tinyCollection();
    // A paragraph-long query (5,000 characters) whose first words find document 102.
    const long = `quokka lease agreement ${'with many more words of background '.repeat(150)}`.trim();
    expect(long.length).toBeGreaterThan(5000);
    c.queries.push({ id: 5, text: long });
    c.judgements.set(5, new Map([[102, 1]]));

    const cut = searchableQuery(long);
    expect(cut.cut).toBe(true);
    expect(cut.text.length).toBeLessThanOrEqual(2000);
    expect(long.startsWith(`${cut.text} `)).toBe(true); // ends on a whole word
    expect(searchableQuery('short query')).toEqual({ text: 'short query', cut: false });

    const report = await compareRankings(c);
    expect(report.queries).toBe(4);
    expect(report.cutQueries).toBe(1);
    for (const r of report.rankers) expect(r.errors, r.ranker).toBe(0);
    expect(formatComparison(report)).toContain('4 queries, 1 cut to 2000 characters');

    // The single-ranker evaluation goes through every query too, where it used to stop at the long one.
    const evaluation = await evaluateCollection(c);
    expect(evaluation).toMatchObject({ queries: 4, cutQueries: 1 });
    expect(evaluation.mrr).toBeGreaterThan(0.5);
  });
});
