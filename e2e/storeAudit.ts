/**
 * What a data folder holds, read straight from its two SQLite files once no docpipe runs on it: the
 * contents to compare between runs (per sha256: state, code, fields, page text, the search index's row),
 * and the violations no run may leave (a damaged file, a file lost, something doubled or stuck). Shared by
 * the kill -9 trials (e2e/killRecovery.ts, `npm run chaos`) and the fuzz harness (e2e/fuzzHarness.ts).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** One document as a run left it, without ids or times (those differ between runs). */
export interface DocumentContents {
  /** sha256, or `path:<path>` for a placeholder (a file that could not be read). */
  key: string;
  state: string;
  errorCode: string | null;
  mime: string;
  pages: number | null;
  textLength: number;
  type: string | null;
  /** `name|source|value|normalized|confidence`, sorted. */
  fields: string[];
  /** sha256 of every page's number, method and text, in page order. */
  pageText: string;
  /** The search index's row: title, type, field text and paths as stored, the body as a hash; null when absent. */
  index: { title: string; type: string | null; fieldText: string; paths: string; body: string; chunks: number } | null;
}

export interface StoreViolations {
  /** `PRAGMA integrity_check` answers other than "ok", per file. */
  integrity: string[];
  /** Files of the folder with no document, and completed documents missing from the index. */
  lost: string[];
  /** A job twice for one document and stage, an index row twice for one path, an index row of no document. */
  doubled: string[];
  /** Documents queued or processing, jobs queued, running or retryable. */
  stuck: string[];
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

function open(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** The documents of `dataDir`, sorted by key. */
export function storeContents(dataDir: string): DocumentContents[] {
  const db = open(join(dataDir, 'docpipe.sqlite'));
  const searchFile = join(dataDir, 'search.sqlite');
  const search = existsSync(searchFile) ? open(searchFile) : null;
  try {
    const docs = db
      .prepare(
        `SELECT d.id, d.sha256, d.state, d.error_code, d.mime, d.pages, d.text_length, d.doc_type,
                (SELECT MIN(path) FROM locations l WHERE l.document_id = d.id) AS path
           FROM documents d`,
      )
      .all() as {
      id: number;
      sha256: string | null;
      state: string;
      error_code: string | null;
      mime: string;
      pages: number | null;
      text_length: number;
      doc_type: string | null;
      path: string | null;
    }[];
    const fieldsOf = db.prepare(
      `SELECT name || '|' || source || '|' || value || '|' || IFNULL(normalized, '') || '|' || confidence AS f
         FROM fields WHERE document_id = ? ORDER BY f`,
    );
    const pagesOf = db.prepare('SELECT page, method, text FROM pages WHERE document_id = ? ORDER BY page');
    const indexRow = search?.prepare('SELECT title, type, field_text, paths, body FROM docs WHERE id = ?');
    const chunksOf = search?.prepare('SELECT COUNT(*) AS n FROM chunks WHERE doc_id = ?');
    return docs
      .map((d): DocumentContents => {
        const row = indexRow?.get(d.id) as
          { title: string; type: string | null; field_text: string; paths: string; body: string } | undefined;
        const pages = pagesOf.all(d.id) as { page: number; method: string; text: string }[];
        return {
          key: d.sha256 ?? `path:${d.path}`,
          state: d.state,
          errorCode: d.error_code,
          mime: d.mime,
          pages: d.pages,
          textLength: d.text_length,
          type: d.doc_type,
          fields: (fieldsOf.all(d.id) as { f: string }[]).map((r) => r.f),
          pageText: sha(pages.map((p) => `${p.page}\u0000${p.method}\u0000${p.text}`).join('\u0001')),
          index: row
            ? {
                title: row.title,
                type: row.type,
                fieldText: row.field_text,
                paths: row.paths,
                body: sha(row.body),
                chunks: (chunksOf!.get(d.id) as { n: number }).n,
              }
            : null,
        };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
  } finally {
    db.close();
    search?.close();
  }
}

/**
 * What must never be: `files` are the paths the folder held (each must have its document). A run that
 * was stopped on purpose is audited after the command that finishes it.
 */
export function auditStore(dataDir: string, files: readonly string[] = []): StoreViolations {
  const violations: StoreViolations = { integrity: [], lost: [], doubled: [], stuck: [] };
  const db = open(join(dataDir, 'docpipe.sqlite'));
  const searchFile = join(dataDir, 'search.sqlite');
  const search = existsSync(searchFile) ? open(searchFile) : null;
  try {
    for (const [name, handle] of [
      ['docpipe.sqlite', db],
      ['search.sqlite', search],
    ] as const) {
      if (!handle) continue;
      const answers = (handle.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
      if (answers.join() !== 'ok') violations.integrity.push(`${name}: ${answers.slice(0, 3).join('; ')}`);
    }

    const located = new Set((db.prepare('SELECT path FROM locations').all() as { path: string }[]).map((r) => r.path));
    for (const file of files) if (!located.has(file)) violations.lost.push(`${file}: no document`);

    for (const r of db.prepare(`SELECT id, state FROM documents WHERE state IN ('queued', 'processing')`).all() as {
      id: number;
      state: string;
    }[])
      violations.stuck.push(`document ${r.id}: ${r.state}`);
    for (const r of db
      .prepare(`SELECT id, stage, state, document_id FROM jobs WHERE state IN ('queued', 'running', 'retryable')`)
      .all() as { id: number; stage: string; state: string; document_id: number }[])
      violations.stuck.push(`job ${r.id} (${r.stage}, document ${r.document_id}): ${r.state}`);

    for (const r of db
      .prepare(`SELECT document_id, stage, COUNT(*) AS n FROM jobs GROUP BY document_id, stage HAVING COUNT(*) > 1`)
      .all() as { document_id: number; stage: string; n: number }[])
      violations.doubled.push(`document ${r.document_id}: ${r.n} ${r.stage} jobs`);

    if (search) {
      const documentIds = new Set((db.prepare('SELECT id FROM documents').all() as { id: number }[]).map((r) => r.id));
      const indexed = (search.prepare('SELECT id FROM docs').all() as { id: number }[]).map((r) => r.id);
      for (const id of indexed) if (!documentIds.has(id)) violations.doubled.push(`index row ${id}: no such document`);
      for (const r of search
        .prepare('SELECT path, COUNT(*) AS n FROM doc_paths GROUP BY path HAVING COUNT(*) > 1')
        .all() as { path: string; n: number }[])
        violations.doubled.push(`${r.path}: ${r.n} index rows`);
      const indexedIds = new Set(indexed);
      for (const r of db.prepare(`SELECT id FROM documents WHERE state = 'completed'`).all() as { id: number }[])
        if (!indexedIds.has(r.id)) violations.lost.push(`document ${r.id}: completed but not in the index`);
    } else if ((db.prepare(`SELECT COUNT(*) AS n FROM documents WHERE state = 'completed'`).get() as { n: number }).n) {
      violations.lost.push('search.sqlite: missing, though documents completed');
    }
  } finally {
    db.close();
    search?.close();
  }
  return violations;
}

/** How many violations of each kind, and the first few of all, for a summary line. */
export function countViolations(v: StoreViolations): number {
  return v.integrity.length + v.lost.length + v.doubled.length + v.stuck.length;
}
