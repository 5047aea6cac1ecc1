/**
 * The SQLite search index's repository: the only place SQL text lives for search. The index is its own
 * database file (derived data; the store is the source of truth), so it owns and versions its schema:
 * on a version change it drops everything and starts empty (`rebuilt` tells the backend to report
 * needsReindex). An embedding-model change replaces only the vector side (`useEmbedding`): the words
 * index stays, and the backend fills vectors again from the stored text.
 *
 * Layout: `docs` holds the text (FTS5 external content, so snippets need no second copy) and per-column
 * token counts and each document's current slot (see packedPostings.ts); side tables hold paths and field
 * values for filters; `term_postings` holds packed per-term postings (slots and per-column term
 * frequencies, one BLOB pair per term and chunk) that word queries and our BM25F score in JavaScript
 * (FTS5's own postings are too slow to read through fts5vocab, see analyzer.ts); `chunks` and the
 * sqlite-vec table `chunk_vectors` hold vectors of the one embedding model named in `search_meta`
 * (`embedding`, `model:dims`; '' when there are none and the vector table does not exist).
 *
 * Invariant the vector backfill rests on: a document has rows in `chunks` exactly when it has vectors of
 * that model (chunks and vectors are written in one transaction, a model change deletes every chunk with
 * the vector table). So "documents without vectors for the current model" is "documents without chunks",
 * which a crash cannot make wrong.
 */
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import type { Clause, FieldClause, RangeClause } from '../../../shared/search/query.js';
import { embeddingKey, type EmbeddingId } from '../SearchBackend.js';
import type { FieldValueRow, SlotRow } from './docTable.js';
import { cjkSpaced } from './analyzer.js';
import { encodePostings } from './packedPostings.js';
import { makePrivateFile } from '../../privateFiles.js';

/** Bump when the schema below changes: an older index file is dropped and rebuilt (reindex). */
export const SCHEMA_VERSION = 9;
/**
 * A term's last chunk takes a batch's postings while it holds fewer than this many (bytes of slots: 4 per
 * posting); otherwise the batch starts a new chunk. Bulk batches write one chunk per term and batch; small
 * batches (one file at a time) append to small chunks instead of leaving thousands of tiny rows.
 */
const APPEND_BELOW_BYTES = 4 * 512;
const TOKENIZER = 'porter unicode61 remove_diacritics 2';
/** Vocabulary words remembered as written, so that common words are not inserted again with every batch. */
const KNOWN_WORDS = 200_000;

export interface DocRow {
  id: number;
  title: string;
  body: string;
  fieldText: string;
  type: string | null;
  paths: string[];
  fieldsJson: string;
  pagesJson: string | null;
  mtime: number | null;
  lengths: [number, number, number];
  /** Postings: term and its frequency in title, body and field values. */
  postings: [string, number, number, number][];
  /** The document's words that "did you mean" may suggest (folded, not stemmed, letters only). */
  vocabulary: string[];
  fieldRows: { name: string; text: string | null; num: number | null }[];
}

export interface ChunkRow {
  docId: number;
  page: number | null;
  text: string;
  vector: Float32Array;
}

/** Vectors to store with a write, and the embedding (`model:dims`) they were computed with. */
export interface VectorRows {
  embedding: string;
  chunks: ChunkRow[];
}

/** A document that has no vectors yet, as stored (the text its vectors are computed from). */
export interface UnembeddedDoc {
  id: number;
  /** The document's slot when read: vectors are written only if it has not been rewritten since. */
  slot: number;
  title: string;
  body: string;
  pages: [number, number][] | null;
}

export interface StoredDoc {
  id: number;
  type: string | null;
  paths: string[];
  fields: Record<string, string | number | string[] | null>;
  title: string;
  body: string;
  /** Field values as indexed (the third FTS5 column). */
  fieldText: string;
  /** [page number, offset of the page's first character in body], when the document came with pages. */
  pages: [number, number][] | null;
}

export interface Filter {
  sql: string;
  params: unknown[];
}

export class SearchIndexRepo {
  readonly db: Database.Database;
  /** True when open() found no index or an older schema, and started empty. */
  readonly rebuilt: boolean;
  private readonly stmts;
  /** Words this connection has put in the vocabulary lately (a cache, cleared when full). */
  private readonly knownWords = new Set<string>();

  constructor(file: string) {
    if (file !== ':memory:') makePrivateFile(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('temp_store = MEMORY');
    this.db.loadExtension(unpackedPath(sqliteVec.getLoadablePath()));
    // FTS5 indexes Chinese, Japanese and Korean character by character, as our analyzer does (analyzer.ts).
    this.db.function('cjk_spaced', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? cjkSpaced(text) : text,
    );
    this.rebuilt = this.migrate();
    this.stmts = {
      insertDoc: this.db.prepare(
        `INSERT INTO docs (id, slot, title, body, field_text, type, paths, fields, pages, mtime, len_title, len_body, len_fields)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertFts: this.db.prepare(
        'INSERT INTO docs_fts (rowid, title, body, field_text) VALUES (?, cjk_spaced(?), cjk_spaced(?), cjk_spaced(?))',
      ),
      // The delete must hand FTS5 the very tokens it was given at insert.
      deleteFts: this.db.prepare(
        `INSERT INTO docs_fts (docs_fts, rowid, title, body, field_text)
         SELECT 'delete', id, cjk_spaced(title), cjk_spaced(body), cjk_spaced(field_text) FROM docs WHERE id = ?`,
      ),
      deleteDoc: this.db.prepare('DELETE FROM docs WHERE id = ?'),
      insertPath: this.db.prepare('INSERT OR IGNORE INTO doc_paths (path, doc_id) VALUES (?, ?)'),
      deletePaths: this.db.prepare('DELETE FROM doc_paths WHERE doc_id = ?'),
      insertField: this.db.prepare('INSERT INTO doc_fields (doc_id, name, text_value, num_value) VALUES (?, ?, ?, ?)'),
      deleteFields: this.db.prepare('DELETE FROM doc_fields WHERE doc_id = ?'),
      insertChunk: this.db.prepare('INSERT INTO chunks (doc_id, page, text) VALUES (?, ?, ?)'),
      chunkIdsOf: this.db.prepare('SELECT id FROM chunks WHERE doc_id = ?').pluck(),
      deleteChunks: this.db.prepare('DELETE FROM chunks WHERE doc_id = ?'),
      countDocs: this.db.prepare('SELECT count(*) FROM docs').pluck(),
      allIds: this.db.prepare('SELECT id FROM docs ORDER BY id').pluck(),
      nextSlot: this.db.prepare("SELECT CAST(value AS INTEGER) FROM search_meta WHERE key = 'next_slot'").pluck(),
      setNextSlot: this.db.prepare("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('next_slot', ?)"),
      // length() of a BLOB reads its size from the record header, not the (possibly overflowing) content.
      lastChunk: this.db
        .prepare('SELECT chunk, length(slots) FROM term_postings WHERE term = ? ORDER BY chunk DESC LIMIT 1')
        .raw(),
      chunkBlobs: this.db.prepare('SELECT slots, tfs FROM term_postings WHERE term = ? AND chunk = ?').raw(),
      rewriteChunk: this.db.prepare('UPDATE term_postings SET slots = ?, tfs = ? WHERE term = ? AND chunk = ?'),
      insertChunkRow: this.db.prepare('INSERT INTO term_postings (term, chunk, slots, tfs) VALUES (?, ?, ?, ?)'),
      termChunks: this.db.prepare('SELECT slots, tfs FROM term_postings WHERE term = ? ORDER BY chunk').raw(),
      addWord: this.db.prepare('INSERT OR IGNORE INTO vocabulary (word) VALUES (?)'),
      wordsInRange: this.db
        .prepare('SELECT word FROM vocabulary WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ?')
        .pluck(),
      termsInRange: this.db
        .prepare('SELECT DISTINCT term FROM term_postings WHERE term >= ? AND term < ? ORDER BY term LIMIT ?')
        .pluck(),
      slotRows: this.db.prepare('SELECT slot, id, len_title, len_body, len_fields, type FROM docs').raw(),
      fieldValues: this.db
        .prepare(
          'SELECT d.slot, f.text_value, f.num_value FROM doc_fields f JOIN docs d ON d.id = f.doc_id WHERE f.name = ?',
        )
        .raw(),
      embedding: this.db.prepare("SELECT value FROM search_meta WHERE key = 'embedding'").pluck(),
      setEmbedding: this.db.prepare("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('embedding', ?)"),
      slotOf: this.db.prepare('SELECT slot FROM docs WHERE id = ?').pluck(),
      hasChunks: this.db.prepare('SELECT 1 FROM chunks WHERE doc_id = ? LIMIT 1').pluck(),
      unembedded: this.db.prepare(
        `SELECT id, slot, title, body, pages FROM docs d
         WHERE d.id > ? AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.doc_id = d.id) ORDER BY d.id LIMIT ?`,
      ),
      // The covering index chunks_doc answers this without reading chunk text.
      embeddedDocs: this.db.prepare('SELECT count(DISTINCT doc_id) FROM chunks').pluck(),
    };
  }

  private migrate(): boolean {
    const hasMeta =
      this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_meta'").pluck().get() !== undefined;
    const meta = new Map<string, string>(
      hasMeta ? (this.db.prepare('SELECT key, value FROM search_meta').raw().all() as [string, string][]) : [],
    );
    if (meta.get('schema_version') === String(SCHEMA_VERSION)) return false;

    const rebuild = this.db.transaction(() => {
      const objects = this.db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE TABLE %docs_fts_%' AND sql NOT LIKE 'CREATE TABLE \"chunk_vectors_%'",
        )
        .pluck()
        .all() as string[];
      // Virtual tables first: dropping them drops their shadow tables.
      for (const name of ['docs_fts', 'chunk_vectors']) {
        this.db.exec(`DROP TABLE IF EXISTS "${name}"`);
      }
      for (const name of objects) this.db.exec(`DROP TABLE IF EXISTS "${name.replace(/"/g, '""')}"`);
      this.db.exec(`
        CREATE TABLE search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        -- Small columns first: SQLite reads a row's columns in order, and a long body spills into overflow
        -- pages that scoring (lengths, type) would otherwise have to walk.
        CREATE TABLE docs (
          id INTEGER PRIMARY KEY,
          slot INTEGER NOT NULL UNIQUE,
          len_title INTEGER NOT NULL,
          len_body INTEGER NOT NULL,
          len_fields INTEGER NOT NULL,
          type TEXT,
          mtime INTEGER,
          title TEXT NOT NULL,
          field_text TEXT NOT NULL,
          paths TEXT NOT NULL,
          fields TEXT NOT NULL,
          pages TEXT,
          body TEXT NOT NULL
        ) STRICT;
        CREATE INDEX docs_type ON docs (type);
        CREATE INDEX docs_mtime ON docs (mtime);
        CREATE VIRTUAL TABLE docs_fts USING fts5 (
          title, body, field_text,
          content = 'docs', content_rowid = 'id',
          tokenize = '${TOKENIZER}', prefix = '2 3'
        );
        -- Packed postings (packedPostings.ts): per term, chunks in slot order; slots are Uint32 and tfs
        -- Uint16 x 3 (title, body, field values), little-endian. A rowid table: the BLOBs are too large for
        -- WITHOUT ROWID's in-index rows. Postings of deleted documents stay until the term is rewritten by
        -- a clear(); their slots are dead (DocTable), so readers skip them.
        CREATE TABLE term_postings (
          term TEXT NOT NULL, chunk INTEGER NOT NULL, slots BLOB NOT NULL, tfs BLOB NOT NULL,
          PRIMARY KEY (term, chunk)
        ) STRICT;
        -- Every word the index was given, folded but not stemmed: what "did you mean" suggests from
        -- (suggest.ts). Only added to; a word whose documents are gone has no live postings and is skipped.
        CREATE TABLE vocabulary (word TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
        CREATE TABLE doc_paths (path TEXT NOT NULL, doc_id INTEGER NOT NULL, PRIMARY KEY (path, doc_id)) STRICT, WITHOUT ROWID;
        CREATE INDEX doc_paths_doc ON doc_paths (doc_id);
        CREATE TABLE doc_fields (doc_id INTEGER NOT NULL, name TEXT NOT NULL, text_value TEXT, num_value REAL) STRICT;
        CREATE INDEX doc_fields_doc ON doc_fields (doc_id, name);
        CREATE TABLE chunks (id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, page INTEGER, text TEXT NOT NULL) STRICT;
        CREATE INDEX chunks_doc ON chunks (doc_id);
      `);
      const setMeta = this.db.prepare('INSERT INTO search_meta (key, value) VALUES (?, ?)');
      setMeta.run('schema_version', String(SCHEMA_VERSION));
      // No vectors yet: useEmbedding creates the vector table for the model that is attached.
      setMeta.run('embedding', '');
      setMeta.run('next_slot', '0');
    });
    rebuild();
    return true;
  }

  /**
   * The embedding model the stored vectors are from, or null when the index has none. Read from the file
   * each time, not cached: another docpipe process on the same index may have switched it.
   */
  storedEmbedding(): EmbeddingId | null {
    const value = (this.stmts.embedding.get() as string | undefined) ?? '';
    // Model names may hold colons themselves (`nomic-embed-text:latest`): the dimension is after the last.
    const at = value.lastIndexOf(':');
    if (at <= 0) return null;
    const dims = Number(value.slice(at + 1));
    return Number.isInteger(dims) && dims > 0 ? { model: value.slice(0, at), dims } : null;
  }

  /**
   * Makes the vector side hold vectors of `embedding`: kept as they are when they already are of that
   * model, else (another model, or none yet) every chunk and the vector table are dropped and an empty
   * table of the model's dimension is created, in one transaction. The words index is never touched.
   * @returns whether the vectors were replaced (every document now needs vectors again).
   */
  useEmbedding(embedding: EmbeddingId): boolean {
    if (!Number.isInteger(embedding.dims) || embedding.dims <= 0 || embedding.dims > 8192) {
      throw new Error(
        `Embedding dimension ${embedding.dims} of ${embedding.model} is not a positive integer up to 8192`,
      );
    }
    const switchTo = this.db.transaction(() => {
      const stored = this.storedEmbedding();
      if (stored !== null && embeddingKey(stored) === embeddingKey(embedding)) return false;
      this.db.exec('DROP TABLE IF EXISTS chunk_vectors; DELETE FROM chunks;');
      this.db.exec(
        `CREATE VIRTUAL TABLE chunk_vectors USING vec0 (embedding float[${embedding.dims}] distance_metric=cosine)`,
      );
      this.stmts.setEmbedding.run(embeddingKey(embedding));
      return true;
    });
    const replaced = switchTo();
    this.statements.clear(); // cached statements on the dropped vector table are invalid
    return replaced;
  }

  /**
   * Prepared statements by SQL text. Queries are assembled per request (filters vary), but the same shapes
   * repeat; compiling a CTE-heavy statement costs about a millisecond, more than running it on a small index.
   */
  private readonly statements = new Map<string, Database.Statement>();

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= 256) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Writes documents (replacing any with the same id) and returns the slot each one got, in order: every
   * write takes new slots, so the document's old postings are dead without being rewritten.
   */
  upsert(docs: DocRow[], vectors: VectorRows | null): number[] {
    let added = new Set<string>();
    const write = this.db.transaction(() => {
      const hasVectors = this.storedEmbedding() !== null;
      for (const doc of docs) this.deleteOne(doc.id, hasVectors);
      const first = (this.stmts.nextSlot.get() as number | undefined) ?? 0;
      const slots = docs.map((_, i) => first + i);
      this.stmts.setNextSlot.run(String(first + docs.length));
      docs.forEach((d, i) => {
        this.stmts.insertDoc.run(
          d.id,
          slots[i],
          d.title,
          d.body,
          d.fieldText,
          d.type,
          JSON.stringify(d.paths),
          d.fieldsJson,
          d.pagesJson,
          d.mtime,
          ...d.lengths,
        );
        this.stmts.insertFts.run(d.id, d.title, d.body, d.fieldText);
        for (const path of d.paths) this.stmts.insertPath.run(path, d.id);
        for (const f of d.fieldRows) this.stmts.insertField.run(d.id, f.name, f.text, f.num);
      });
      // One row per term for the whole batch (slots ascend with the document order).
      const byTerm = new Map<string, { slots: number[]; tfs: number[] }>();
      docs.forEach((d, i) => {
        for (const [term, t, b, f] of d.postings) {
          let p = byTerm.get(term);
          if (!p) byTerm.set(term, (p = { slots: [], tfs: [] }));
          p.slots.push(slots[i]!);
          p.tfs.push(t, b, f);
        }
      });
      const words = new Set<string>();
      for (const d of docs) for (const w of d.vocabulary) if (!this.knownWords.has(w)) words.add(w);
      for (const word of [...words].sort()) this.stmts.addWord.run(word);
      added = words;
      // In key order: neighbouring B-tree pages instead of one random page per term.
      for (const term of [...byTerm.keys()].sort()) {
        const p = byTerm.get(term)!;
        const blobs = encodePostings(p.slots, p.tfs);
        const last = this.stmts.lastChunk.get(term) as [number, number] | undefined;
        if (last && last[1] < APPEND_BELOW_BYTES) {
          // (SQL's || would turn the BLOBs into TEXT.)
          const [slotsBefore, tfsBefore] = this.stmts.chunkBlobs.get(term, last[0]) as [Buffer, Buffer];
          this.stmts.rewriteChunk.run(
            Buffer.concat([slotsBefore, blobs.slots]),
            Buffer.concat([tfsBefore, blobs.tfs]),
            term,
            last[0],
          );
        } else this.stmts.insertChunkRow.run(term, last ? last[0] + 1 : 0, blobs.slots, blobs.tfs);
      }
      // Vectors computed with a model that is no longer the index's (switched while they were computed)
      // are not stored: the documents are then without vectors, which the backfill gives them.
      if (vectors !== null && vectors.chunks.length > 0 && this.isEmbedding(vectors.embedding))
        this.insertChunks(vectors.chunks);
      return slots;
    });
    const slots = write();
    // Only once committed: a rolled-back batch's words are not in the table.
    if (this.knownWords.size + added.size > KNOWN_WORDS) this.knownWords.clear();
    for (const word of added) this.knownWords.add(word);
    return slots;
  }

  private isEmbedding(key: string): boolean {
    const stored = this.storedEmbedding();
    return stored !== null && embeddingKey(stored) === key;
  }

  private insertChunks(chunks: ChunkRow[]): void {
    const insertVector = this.prepare('INSERT INTO chunk_vectors (rowid, embedding) VALUES (?, ?)');
    for (const c of chunks) {
      const { lastInsertRowid } = this.stmts.insertChunk.run(c.docId, c.page, c.text);
      insertVector.run(BigInt(lastInsertRowid), c.vector);
    }
  }

  /**
   * Documents without vectors (no chunks), by id after `afterId`, with the text to compute them from.
   * The backfill pages through them; ids give it a cursor that stays valid while documents come and go.
   */
  unembedded(afterId: number, limit: number): UnembeddedDoc[] {
    const rows = this.stmts.unembedded.all(afterId, limit) as {
      id: number;
      slot: number;
      title: string;
      body: string;
      pages: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      slot: r.slot,
      title: r.title,
      body: r.body,
      pages: r.pages === null ? null : (JSON.parse(r.pages) as [number, number][]),
    }));
  }

  /**
   * Stores vectors computed by the backfill, in one transaction, for the documents that still are as they
   * were read (same slot: not rewritten or removed meanwhile; no chunks: not given vectors by an index
   * write meanwhile), and only if the index's model is still `embedding`.
   * @returns the documents that got their vectors.
   */
  addVectors(embedding: string, docs: { id: number; slot: number; chunks: ChunkRow[] }[]): number {
    const write = this.db.transaction(() => {
      if (!this.isEmbedding(embedding)) return 0;
      let written = 0;
      for (const d of docs) {
        if (this.stmts.slotOf.get(d.id) !== d.slot || this.stmts.hasChunks.get(d.id) !== undefined) continue;
        this.insertChunks(d.chunks);
        written++;
      }
      return written;
    });
    return write();
  }

  /** Documents that have vectors of the index's model. */
  embeddedDocuments(): number {
    return this.stmts.embeddedDocs.get() as number;
  }

  remove(ids: number[]): void {
    const write = this.db.transaction(() => {
      const hasVectors = this.storedEmbedding() !== null;
      for (const id of ids) this.deleteOne(id, hasVectors);
    });
    write();
  }

  /** @param hasVectors whether the vector table exists (whether or not an embedder is attached now). */
  private deleteOne(id: number, hasVectors: boolean): void {
    this.stmts.deleteFts.run(id);
    this.stmts.deleteDoc.run(id);
    this.stmts.deletePaths.run(id);
    this.stmts.deleteFields.run(id);
    if (hasVectors) {
      const chunkIds = this.stmts.chunkIdsOf.all(id) as number[];
      if (chunkIds.length > 0) {
        const del = this.prepare('DELETE FROM chunk_vectors WHERE rowid = ?');
        for (const cid of chunkIds) del.run(BigInt(cid));
      }
    }
    this.stmts.deleteChunks.run(id);
  }

  clear(): void {
    const write = this.db.transaction(() => {
      this.db.exec(`
        DELETE FROM docs; DELETE FROM doc_paths; DELETE FROM doc_fields; DELETE FROM chunks; DELETE FROM term_postings;
        DELETE FROM vocabulary;
        UPDATE search_meta SET value = '0' WHERE key = 'next_slot';
        INSERT INTO docs_fts (docs_fts) VALUES ('delete-all');
      `);
      if (this.storedEmbedding() !== null) this.db.exec('DELETE FROM chunk_vectors');
    });
    write();
    this.knownWords.clear();
  }

  countDocuments(): number {
    return this.stmts.countDocs.get() as number;
  }

  ids(): number[] {
    return this.stmts.allIds.all() as number[];
  }

  /** Every document's slot, id, token counts and type (DocTable is built from these). */
  /** Changes when another connection commits to the index file (SQLite's data_version), never for our own writes. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  slotRows(): SlotRow[] {
    return (this.stmts.slotRows.all() as [number, number, number, number, number, string | null][]).map(
      ([slot, id, t, b, f, type]) => ({ slot, id, lengths: [t, b, f], type }),
    );
  }

  /** Every value of one field (lower-cased name), by slot. */
  fieldValues(name: string): FieldValueRow[] {
    return (this.stmts.fieldValues.all(name) as [number, string | null, number | null][]).map(([slot, text, num]) => ({
      slot,
      text,
      num,
    }));
  }

  /** Slots handed out so far (live and dead). */
  slotsUsed(): number {
    return (this.stmts.nextSlot.get() as number | undefined) ?? 0;
  }

  /**
   * Drops the postings of dead slots (deleted or rewritten documents) from every chunk, in pages of rows.
   * Slots keep their numbers, so nothing else changes. Costs a pass over all postings: the backend runs it
   * when most slots are dead (after a full reindex, for instance), not after every write.
   */
  compactPostings(isLive: (slot: number) => boolean): void {
    const page = this.prepare(
      'SELECT rowid, slots, tfs FROM term_postings WHERE rowid > ? ORDER BY rowid LIMIT 500',
    ).raw();
    const update = this.prepare('UPDATE term_postings SET slots = ?, tfs = ? WHERE rowid = ?');
    const drop = this.prepare('DELETE FROM term_postings WHERE rowid = ?');
    let after = 0;
    for (;;) {
      const rows = page.all(after) as [number, Buffer, Buffer][];
      if (rows.length === 0) return;
      const write = this.db.transaction(() => {
        for (const [rowid, slotBlob, tfBlob] of rows) {
          const slots: number[] = [];
          const tfs: number[] = [];
          const n = slotBlob.byteLength >>> 2;
          for (let i = 0; i < n; i++) {
            const slot = slotBlob.readUInt32LE(4 * i);
            if (!isLive(slot)) continue;
            slots.push(slot);
            tfs.push(tfBlob.readUInt16LE(6 * i), tfBlob.readUInt16LE(6 * i + 2), tfBlob.readUInt16LE(6 * i + 4));
          }
          if (slots.length === n) continue;
          if (slots.length === 0) drop.run(rowid);
          else {
            const blobs = encodePostings(slots, tfs);
            update.run(blobs.slots, blobs.tfs, rowid);
          }
        }
      });
      write();
      after = rows[rows.length - 1]![0];
    }
  }

  /** A term's stored postings chunks in slot order (dead slots included). */
  termChunks(term: string): { slots: Buffer; tfs: Buffer }[] {
    return (this.stmts.termChunks.all(term) as [Buffer, Buffer][]).map(([slots, tfs]) => ({ slots, tfs }));
  }

  /** Indexed terms starting with `prefix`, in order, at most `limit` (the caller detects overflow with limit + 1). */
  /** Vocabulary words that start with `first` and are `minLength` to `maxLength` characters long. */
  wordsStartingWith(first: string, minLength: number, maxLength: number): string[] {
    return this.stmts.wordsInRange.all(first, `${first}\u{10ffff}`, minLength, maxLength) as string[];
  }

  termsWithPrefix(prefix: string, limit: number): string[] {
    // Terms compare as UTF-8 bytes; U+10FFFF sorts after every character a term can continue with.
    return this.stmts.termsInRange.all(prefix, `${prefix}\u{10ffff}`, limit) as string[];
  }

  /** SQL conditions on `d` (the docs table) for the query's filter clauses. */
  compileFilters(clauses: Clause[], options: { skipTypes?: boolean } = {}): Filter {
    const parts: string[] = [];
    const params: unknown[] = [];
    const types = clauses.filter((c) => c.kind === 'type' && !c.negated);
    if (types.length > 0 && !options.skipTypes) {
      // Several type: clauses mean any of them (a document has one type, so AND would match nothing).
      parts.push(`d.type IN (${types.map(() => '?').join(', ')})`);
      for (const t of types) params.push(t.kind === 'type' ? t.value : '');
    }
    for (const c of clauses) {
      let cond: string | null = null;
      const local: unknown[] = [];
      switch (c.kind) {
        case 'type':
          if (c.negated) {
            cond = 'd.type IS ?';
            local.push(c.value);
          }
          break;
        case 'path': {
          // A folder prefix: the path itself, or anything under it (both separators, so Windows paths work).
          const p = c.prefix.replace(/[/\\]+$/, '');
          cond =
            'd.id IN (SELECT p.doc_id FROM doc_paths p WHERE p.path = ? OR (p.path > ? AND p.path < ?) OR (p.path > ? AND p.path < ?))';
          local.push(p, `${p}/`, `${p}0`, `${p}\\`, `${p}]`);
          break;
        }
        case 'field':
        case 'range':
          ({ cond } = fieldCondition(c, local));
          break;
        case 'term':
        case 'phrase':
          break;
      }
      if (cond !== null) {
        parts.push(c.negated ? `NOT (${cond})` : `(${cond})`);
        params.push(...local);
      }
    }
    return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
  }

  /**
   * Documents matching an FTS5 expression and filters, best first by FTS5's bm25() with column weights.
   * CROSS JOIN keeps FTS5 as the outer loop: otherwise the planner may walk docs by type and run the MATCH
   * once per row (measured: seconds instead of milliseconds at 10k documents).
   */
  matchRanked(
    match: string | null,
    exclude: string | null,
    filter: Filter,
    weights: [number, number, number],
    limit: number,
    offset: number,
  ): { id: number; score: number }[] {
    if (match === null) {
      const sql = `SELECT d.id AS id, 0.0 AS score FROM docs d WHERE ${filter.sql} ${excludeSql(exclude)}
                   ORDER BY d.mtime DESC, d.id DESC LIMIT ? OFFSET ?`;
      return this.prepare(sql).all(...filter.params, ...excludeParams(exclude), limit, offset) as {
        id: number;
        score: number;
      }[];
    }
    if (filter.sql === '1' && exclude === null) {
      // Nothing to check on docs: rank inside FTS5 alone (no row lookups).
      const sql =
        'SELECT rowid AS id, -bm25(docs_fts, ?, ?, ?) AS score FROM docs_fts WHERE docs_fts MATCH ? ORDER BY bm25(docs_fts, ?, ?, ?) LIMIT ? OFFSET ?';
      return this.prepare(sql).all(...weights, match, ...weights, limit, offset) as { id: number; score: number }[];
    }
    const sql = `SELECT d.id AS id, -bm25(docs_fts, ?, ?, ?) AS score
                 FROM docs_fts CROSS JOIN docs d ON d.id = docs_fts.rowid
                 WHERE docs_fts MATCH ? AND ${filter.sql} ${excludeSql(exclude)}
                 ORDER BY bm25(docs_fts, ?, ?, ?) LIMIT ? OFFSET ?`;
    return this.prepare(sql).all(
      ...weights,
      match,
      ...filter.params,
      ...excludeParams(exclude),
      ...weights,
      limit,
      offset,
    ) as { id: number; score: number }[];
  }

  /**
   * Matching documents per type (null = untyped), in one pass: the caller derives both the facets and the
   * total from it, instead of a separate count(*) pass over the same matches.
   */
  typeCounts(match: string | null, exclude: string | null, filter: Filter): Map<string | null, number> {
    const sql =
      match === null
        ? `SELECT d.type, count(*) FROM docs d WHERE ${filter.sql} ${excludeSql(exclude)} GROUP BY d.type`
        : `SELECT d.type, count(*) FROM docs_fts CROSS JOIN docs d ON d.id = docs_fts.rowid WHERE docs_fts MATCH ? AND ${filter.sql} ${excludeSql(exclude)} GROUP BY d.type`;
    const params =
      match === null
        ? [...filter.params, ...excludeParams(exclude)]
        : [match, ...filter.params, ...excludeParams(exclude)];
    return new Map(
      this.prepare(sql)
        .raw()
        .all(...params) as [string | null, number][],
    );
  }

  /** Which of `ids` pass the filters and exclusions (for rankings computed outside SQL). */
  keepMatching(ids: number[], exclude: string | null, filter: Filter): Set<number> {
    if (ids.length === 0) return new Set();
    const sql = `SELECT d.id FROM docs d WHERE d.id IN (SELECT value FROM json_each(?)) AND ${filter.sql} ${excludeSql(exclude)}`;
    return new Set(
      this.prepare(sql)
        .pluck()
        .all(JSON.stringify(ids), ...filter.params, ...excludeParams(exclude)) as number[],
    );
  }

  /**
   * Best passage per document for an FTS5 expression, with highlight markers: from the body when the body
   * matches, else from the best column. One statement per document: with `rowid = ?` FTS5 seeks that
   * row, while `rowid IN (list)` made it evaluate the expression over every matching row first (measured:
   * 6 ms for a 10-word query on 1,400 documents); and the best-column snippet (a second tokenization of
   * the document) only when the body has no match.
   */
  snippets(ids: number[], match: string, start: string, end: string, ellipsis: string): Map<number, string> {
    const out = new Map<number, string>();
    const body = this.prepare(
      'SELECT snippet(docs_fts, 1, ?, ?, ?, 24) FROM docs_fts WHERE docs_fts MATCH ? AND rowid = ?',
    ).pluck();
    const best = this.prepare(
      'SELECT snippet(docs_fts, -1, ?, ?, ?, 24) FROM docs_fts WHERE docs_fts MATCH ? AND rowid = ?',
    ).pluck();
    for (const id of ids) {
      const fromBody = body.get(start, end, ellipsis, match, id) as string | undefined;
      if (fromBody === undefined) continue;
      out.set(id, fromBody.includes(start) ? fromBody : (best.get(start, end, ellipsis, match, id) as string));
    }
    return out;
  }

  getDocs(ids: number[]): Map<number, StoredDoc> {
    const out = new Map<number, StoredDoc>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(
        'SELECT id, type, paths, fields, title, field_text AS fieldText, body, pages FROM docs WHERE id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(ids)) as {
      id: number;
      type: string | null;
      paths: string;
      fields: string;
      title: string;
      fieldText: string;
      body: string;
      pages: string | null;
    }[];
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        type: r.type,
        paths: JSON.parse(r.paths) as string[],
        fields: JSON.parse(r.fields) as StoredDoc['fields'],
        title: r.title,
        fieldText: r.fieldText,
        body: r.body,
        pages: r.pages === null ? null : (JSON.parse(r.pages) as [number, number][]),
      });
    }
    return out;
  }

  /** Title and body of documents (relevance feedback, "more like this"). */
  texts(ids: number[]): Map<number, string> {
    const out = new Map<number, string>();
    if (ids.length === 0) return out;
    const rows = this.prepare("SELECT id, title || ' ' || body FROM docs WHERE id IN (SELECT value FROM json_each(?))")
      .raw()
      .all(JSON.stringify(ids)) as [number, string][];
    for (const [id, text] of rows) out.set(id, text);
    return out;
  }

  /** Nearest chunks to a vector (cosine distance), as (doc, page, distance). */
  nearestChunks(vector: Float32Array, k: number): { docId: number; page: number | null; distance: number }[] {
    if (this.storedEmbedding() === null) return [];
    return this.prepare(
      `SELECT c.doc_id AS docId, c.page AS page, v.distance AS distance
         FROM (SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ?) v
         JOIN chunks c ON c.id = v.rowid ORDER BY v.distance`,
    ).all(vector, k) as { docId: number; page: number | null; distance: number }[];
  }

  /** The stored vectors of a document's chunks ("more like this"). */
  vectorsOf(docId: number): Float32Array[] {
    if (this.storedEmbedding() === null) return [];
    const rows = this.prepare(
      'SELECT v.embedding FROM chunks c JOIN chunk_vectors v ON v.rowid = c.id WHERE c.doc_id = ?',
    )
      .pluck()
      .all(docId) as Buffer[];
    return rows.map((b) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
  }

  close(): void {
    this.db.close();
  }
}

function excludeSql(exclude: string | null): string {
  return exclude === null ? '' : 'AND d.id NOT IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)';
}

function excludeParams(exclude: string | null): unknown[] {
  return exclude === null ? [] : [exclude];
}

/** Upper bound for an ISO date prefix: `2023-06` covers every day of June. */
const AFTER_PREFIX = '\uffff';
const ISO_PREFIX = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function fieldCondition(c: FieldClause | RangeClause, params: unknown[]): { cond: string } {
  // Correlated, but pinned to the (doc_id, name) index: the unary + on the value keeps the planner from
  // walking the (name, value) index once per matching document (measured: seconds at 10k documents), and
  // unlike an uncorrelated IN (...) it does not materialise every document passing the filter (most of
  // them for total>1000) before the words narrow the set.
  const exists = (test: string) =>
    `EXISTS (SELECT 1 FROM doc_fields f WHERE f.doc_id = d.id AND f.name = ? AND ${test})`;
  params.push(c.name);
  if (c.kind === 'range') {
    const numeric = typeof c.from === 'number' || typeof c.to === 'number';
    const tests: string[] = [];
    const col = numeric ? 'f.num_value' : 'f.text_value';
    if (c.from !== null) {
      tests.push(`+${col} >= ?`);
      params.push(c.from);
    }
    if (c.to !== null) {
      tests.push(`+${col} <= ?`);
      params.push(typeof c.to === 'number' ? c.to : `${c.to}${AFTER_PREFIX}`);
    }
    return { cond: exists(tests.join(' AND ')) };
  }
  const v = c.value;
  if (typeof v === 'number') {
    const op = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op];
    params.push(v);
    return { cond: exists(`+f.num_value ${op} ?`) };
  }
  if (ISO_PREFIX.test(v)) {
    switch (c.op) {
      case 'eq':
        params.push(v, `${v}${AFTER_PREFIX}`);
        return { cond: exists('+f.text_value >= ? AND +f.text_value <= ?') };
      case 'gt':
        params.push(`${v}${AFTER_PREFIX}`);
        return { cond: exists('+f.text_value > ?') };
      case 'gte':
        params.push(v);
        return { cond: exists('+f.text_value >= ?') };
      case 'lt':
        params.push(v);
        return { cond: exists('+f.text_value < ?') };
      case 'lte':
        params.push(`${v}${AFTER_PREFIX}`);
        return { cond: exists('+f.text_value <= ?') };
    }
  }
  // Text equality means "contains": vendor:acme finds "ACME Corp." (values are stored folded).
  params.push(foldText(v));
  return { cond: exists('instr(f.text_value, ?) > 0') };
}

/** Lower-case without accents: how field text values are stored and compared. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * SQLite loads an extension by path, and cannot read one inside the packaged app's asar archive:
 * electron-builder unpacks sqlite-vec beside it (build/electron-builder.yml asarUnpack), at the same
 * path with `app.asar.unpacked` for `app.asar`. Unpackaged, the path has no asar and is kept.
 */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
