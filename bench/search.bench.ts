/**
 * Search benchmark: `npm run bench:search [-- --docs 100000 --queries 300]`.
 * Builds an index of generated documents (Zipfian word distribution over a vocabulary of Cranfield words
 * plus synthetic ones, realistic lengths, types and fields) with the embedded SQLite backend, and the same
 * text in a plain FTS5 table (bm25(), porter unicode61) as the baseline, in the same run. Prints indexing
 * docs/s and query latency p50/p95/p99 for a mixed query set, with ratios to the baseline. Then Cranfield
 * (when ../shared/corpus/ir/cranfield exists): latency of its 225 natural-language queries.
 * Prints figures; asserts nothing (timings depend on the machine and its load, which is printed too).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { IndexDocument } from '../electron/core/search/SearchBackend.js';
import { SqliteSearchBackend } from '../electron/core/search/sqlite/SqliteSearchBackend.js';
import { percentile } from '../evaluation/ir/metrics.js';
import { loadCollection } from '../evaluation/ir/collections.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DOCS = arg('docs', 100_000);
const QUERIES = arg('queries', 300);
const CRANFIELD = resolve(import.meta.dirname, '../../shared/corpus/ir/cranfield');

// Deterministic PRNG (mulberry32) so every run indexes the same corpus.
let seed = 0x5eed;
function random(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function vocabulary(): string[] {
  const words = new Map<string, number>();
  const file = join(CRANFIELD, 'cran.all.1400');
  if (existsSync(file)) {
    for (const w of readFileSync(file, 'latin1')
      .toLowerCase()
      .match(/[a-z]{2,}/g) ?? [])
      words.set(w, (words.get(w) ?? 0) + 1);
  }
  const ranked = [...words].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ne',
    'ru',
    'sa',
    'ti',
    'vo',
    'xe',
    'zu',
    'bra',
    'cle',
    'dro',
    'fri',
    'glu',
    'pre',
    'sto',
    'tra',
  ];
  while (ranked.length < 40_000) {
    const n = 2 + Math.floor(random() * 3);
    ranked.push(Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]).join(''));
  }
  return ranked;
}

/** Zipf(s = 1.07) sampler over ranks via a cumulative table and binary search. */
function zipfSampler(n: number, s = 1.07): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** s;
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const TYPES = ['invoice', 'receipt', 'contract', 'letter', 'report', 'statement'];
const VENDORS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka'];

function generate(count: number, vocab: string[]): IndexDocument[] {
  const next = zipfSampler(vocab.length);
  const words = (n: number) => Array.from({ length: n }, () => vocab[next()]!).join(' ');
  const docs: IndexDocument[] = [];
  for (let id = 1; id <= count; id++) {
    const type = TYPES[Math.floor(random() * TYPES.length)]!;
    const vendor = VENDORS[Math.floor(random() * VENDORS.length)]!;
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    docs.push({
      id,
      title: words(3 + Math.floor(random() * 5)),
      paths: [`/archive/${type}s/${2018 + (id % 7)}/${id}.pdf`],
      type,
      text: words(60 + Math.floor(random() * 240)),
      fields: { vendor, total: Math.round(random() * 500_000) / 100, date: `${2018 + (id % 7)}-${month}-15` },
      mtime: 1_600_000_000_000 + id * 1000,
    });
  }
  return docs;
}

interface BenchQuery {
  kind: string;
  query: string;
  plain: boolean;
  /** The plain FTS5 baseline's closest equivalent. */
  fts: string;
}

function querySet(vocab: string[], n: number): BenchQuery[] {
  // Query words from frequency bands: head (very common), torso, tail.
  const band = (from: number, to: number) => vocab[from + Math.floor(random() * (to - from))]!;
  const q = (w: string) => `"${w}"`;
  const kinds: (() => BenchQuery)[] = [
    () => {
      const w = band(50, 2000);
      return { kind: 'one word', query: w, plain: false, fts: q(w) };
    },
    () => {
      const w = band(2000, 30000);
      return { kind: 'rare word', query: w, plain: false, fts: q(w) };
    },
    () => {
      const a = band(20, 1500);
      const b = band(100, 5000);
      return { kind: 'two words', query: `${a} ${b}`, plain: false, fts: `${q(a)} AND ${q(b)}` };
    },
    () => {
      const a = band(20, 800);
      const b = band(20, 800);
      const c = band(100, 3000);
      return { kind: 'three words', query: `${a} ${b} ${c}`, plain: false, fts: `${q(a)} AND ${q(b)} AND ${q(c)}` };
    },
    () => {
      const a = band(0, 300);
      const b = band(0, 300);
      return { kind: 'phrase', query: `"${a} ${b}"`, plain: false, fts: `"${a} ${b}"` };
    },
    () => {
      const w = band(100, 3000).slice(0, 4);
      return { kind: 'prefix', query: `${w}*`, plain: false, fts: `"${w}" *` };
    },
    () => {
      const w = band(50, 2000);
      const t = TYPES[Math.floor(random() * TYPES.length)]!;
      return { kind: 'word + filters', query: `${w} type:${t} total>1000`, plain: false, fts: q(w) };
    },
    () => {
      const w = band(50, 2000);
      const v = VENDORS[Math.floor(random() * VENDORS.length)]!;
      return { kind: 'word + field + date', query: `${w} vendor:${v} date:2020-01..2021-06`, plain: false, fts: q(w) };
    },
    () => {
      const ws = Array.from({ length: 8 }, () => band(0, 6000));
      return { kind: 'natural language', query: ws.join(' '), plain: true, fts: ws.map(q).join(' OR ') };
    },
  ];
  return Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!());
}

const fmt = (n: number) => n.toFixed(2).padStart(8);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

async function main(): Promise<void> {
  console.log(
    `search bench: ${DOCS} documents, ${QUERIES} queries; ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-search-bench-'));
  try {
    const vocab = vocabulary();
    const docs = generate(DOCS, vocab);
    const queries = querySet(vocab, QUERIES);

    // Ours: the embedded backend in its own file, batches as the indexing stage would send them.
    const backend = new SqliteSearchBackend({ file: join(dir, 'search.sqlite') });
    let started = performance.now();
    for (let i = 0; i < docs.length; i += 1000) await backend.index(docs.slice(i, i + 1000));
    const oursIndexMs = performance.now() - started;

    // Baseline: a plain FTS5 table with the same tokenizer, bm25() ranking, same batches.
    const db = new Database(join(dir, 'baseline.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec("CREATE VIRTUAL TABLE docs USING fts5 (title, body, tokenize = 'porter unicode61 remove_diacritics 2')");
    const insert = db.prepare('INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)');
    const insertBatch = db.transaction((batch: IndexDocument[]) => {
      for (const d of batch) insert.run(d.id, d.title, d.text);
    });
    started = performance.now();
    for (let i = 0; i < docs.length; i += 1000) insertBatch(docs.slice(i, i + 1000));
    const baseIndexMs = performance.now() - started;
    const baseQuery = db.prepare(
      "SELECT rowid, bm25(docs) AS score, snippet(docs, 1, '[', ']', '…', 24) FROM docs WHERE docs MATCH ? ORDER BY score LIMIT 10",
    );

    // Warm both (page cache, statement caches) with a few queries, then measure.
    for (const q of queries.slice(0, 20)) {
      await backend.search({ query: q.query, plain: q.plain, limit: 10 });
      baseQuery.all(q.fts);
    }
    const ours: Record<string, number[]> = {};
    const base: Record<string, number[]> = {};
    for (const q of queries) {
      let t = performance.now();
      await backend.search({ query: q.query, plain: q.plain, limit: 10 });
      (ours[q.kind] ??= []).push(performance.now() - t);
      t = performance.now();
      baseQuery.all(q.fts);
      (base[q.kind] ??= []).push(performance.now() - t);
    }

    const oursDps = DOCS / (oursIndexMs / 1000);
    const baseDps = DOCS / (baseIndexMs / 1000);
    console.log(
      `\nindexing: ours ${oursDps.toFixed(0)} docs/s, plain FTS5 ${baseDps.toFixed(0)} docs/s (ours/baseline ${ratio(oursDps, baseDps)})`,
    );
    console.log(
      '\nquery latency, ms (limit 10, snippets included)     ours p50 / p95 / p99        FTS5 p50 / p95 / p99   p95 ratio',
    );
    const all = (m: Record<string, number[]>) => Object.values(m).flat();
    for (const [kind, values] of [...Object.entries(ours), ['ALL (mixed)', all(ours)] as const]) {
      const b = kind === 'ALL (mixed)' ? all(base) : base[kind]!;
      console.log(
        `  ${kind.padEnd(22)} ${fmt(percentile(values, 50))} ${fmt(percentile(values, 95))} ${fmt(percentile(values, 99))}    ${fmt(percentile(b, 50))} ${fmt(percentile(b, 95))} ${fmt(percentile(b, 99))}   ${ratio(percentile(values, 95), percentile(b, 95))}`,
      );
    }
    const p95 = percentile(all(ours), 95);
    console.log(
      `\ntarget p95 <= 25 ms at 100k documents: ours ${p95.toFixed(2)} ms at ${DOCS} (${p95 <= 25 ? 'met' : 'NOT met'} on this run)`,
    );
    await backend.dispose();
    db.close();

    if (existsSync(join(CRANFIELD, 'cran.all.1400'))) {
      const c = await loadCollection('cranfield', CRANFIELD);
      const cran = new SqliteSearchBackend({ file: ':memory:' });
      await cran.index(
        c.documents.map((d) => ({ id: d.id, title: d.title, text: d.text, paths: [], type: null, fields: {} })),
      );
      // Steady state, as in a running app: warm this index with queries made from document titles (never the
      // measured queries), untimed, as `docpipe eval-search` does.
      for (const d of c.documents.slice(0, 30))
        if (d.title.trim()) await cran.search({ query: d.title, plain: true, limit: 10 });
      const times: number[] = [];
      for (const q of c.queries) {
        const t = performance.now();
        await cran.search({ query: q.text, plain: true, limit: 10 });
        times.push(performance.now() - t);
      }
      const cp95 = percentile(times, 95);
      console.log(
        `\nCranfield (1400 docs, 225 natural-language queries, feedback on): p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${cp95.toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms (target p95 <= 5 ms: ${cp95 <= 5 ? 'met' : 'NOT met'} on this run)`,
      );
      // The same queries again: their postings are now cached; shown separately, the target is judged on the first pass.
      const again: number[] = [];
      for (const q of c.queries) {
        const t = performance.now();
        await cran.search({ query: q.text, plain: true, limit: 10 });
        again.push(performance.now() - t);
      }
      console.log(
        `Cranfield, second pass over the same queries (warm): p50 ${percentile(again, 50).toFixed(2)} ms, p95 ${percentile(again, 95).toFixed(2)} ms, p99 ${percentile(again, 99).toFixed(2)} ms`,
      );
      await cran.dispose();
    } else {
      console.log(`\nCranfield skipped: ${CRANFIELD} not found`);
    }
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
