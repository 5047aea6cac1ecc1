/**
 * The yardstick: a plain SQLite FTS5 BM25 ranker, as anyone would set one up in ten minutes. One
 * in-memory FTS5 table (title, body) with the porter + unicode61 tokenizer, default bm25() weights
 * (k1 1.2, b 0.75, both columns weight 1), and a plain-text query turned into an OR of its quoted
 * tokens (so every document sharing a word is a candidate, as in a classic BM25 system). No field
 * boosts, no phrase or proximity bonus, no relevance feedback: this is what "a plain FTS5 BM25" means
 * in issue 4, and every collection reports our ranking beside it, same documents, same queries, same run.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { EvalDocument } from './collections.js';

/**
 * Plain text -> FTS5 MATCH expression: the query's words (Unicode letters and digits), each quoted so
 * FTS5 syntax (AND, NEAR, *, :, -) in the text is taken literally, joined by OR; duplicates removed.
 * Returns null when the text has no word at all (nothing to match).
 */
export function plainFtsQuery(text: string): string | null {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"`).join(' OR ');
}

export class PlainBm25Ranker {
  readonly name = 'plain FTS5 BM25';
  private readonly db: BetterSqlite3.Database;
  private readonly query: BetterSqlite3.Statement<[string, number], { id: number }>;

  constructor() {
    this.db = new BetterSqlite3(':memory:');
    this.db.exec("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'porter unicode61')");
    this.query = this.db.prepare('SELECT rowid AS id FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?');
  }

  index(documents: readonly EvalDocument[]): void {
    const insert = this.db.prepare('INSERT INTO t (rowid, title, body) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const d of documents) insert.run(d.id, d.title, d.text);
    })();
  }

  /** Document ids, best first, at most `limit`. */
  rank(text: string, limit: number): number[] {
    const match = plainFtsQuery(text);
    if (match === null) return [];
    return this.query.all(match, limit).map((r) => r.id);
  }

  dispose(): void {
    this.db.close();
  }
}
