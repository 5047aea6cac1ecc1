import type { PageText, Word } from '../../../shared/contract/documents.js';
import type { ExtractedPage } from '../../../shared/contract/extract.js';
import type { SqliteDatabase } from '../Database.js';

interface PageRow {
  page: number;
  text: string;
  method: 'text' | 'ocr';
  ocr_confidence: number | null;
  width: number | null;
  height: number | null;
  words: string;
}

/** Words are stored as compact tuples: [text, left, top, width, height, confidence?]. */
type WordTuple = [string, number, number, number, number, number?];

function packWords(words: readonly Word[]): string {
  const round = (n: number) => Math.round(n * 10) / 10;
  return JSON.stringify(
    words.map((w): WordTuple => {
      const tuple: WordTuple = [w.text, round(w.box[0]), round(w.box[1]), round(w.box[2]), round(w.box[3])];
      if (w.confidence !== undefined) tuple.push(Math.round(w.confidence * 1000) / 1000);
      return tuple;
    }),
  );
}

function unpackWords(json: string): Word[] {
  return (JSON.parse(json) as WordTuple[]).map(([text, l, t, w, h, c]) =>
    c === undefined ? { text, box: [l, t, w, h] } : { text, box: [l, t, w, h], confidence: c },
  );
}

export class PagesRepo {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      deleteFor: db.prepare<[number]>('DELETE FROM pages WHERE document_id = ?'),
      insert: db.prepare<[number, number, string, string, number | null, number | null, number | null, string]>(
        'INSERT INTO pages (document_id, page, text, method, ocr_confidence, width, height, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      sizes: db.prepare<[number], { page: number; width: number | null; height: number | null }>(
        'SELECT page, width, height FROM pages WHERE document_id = ? ORDER BY page',
      ),
      list: db.prepare<[number], PageRow>(
        'SELECT page, text, method, ocr_confidence, width, height, words FROM pages WHERE document_id = ? ORDER BY page',
      ),
    };
  }

  /** Replaces a document's pages (a re-extraction never leaves stale pages behind). */
  replace(documentId: number, pages: readonly ExtractedPage[]): void {
    this.stmts.deleteFor.run(documentId);
    for (const p of pages) {
      this.stmts.insert.run(
        documentId,
        p.page,
        p.text,
        p.method,
        p.ocrConfidence,
        p.width,
        p.height,
        packWords(p.words),
      );
    }
  }

  /** Each page's size in page units, without its text (what a page picture is scaled by). */
  sizes(documentId: number): { page: number; width: number | null; height: number | null }[] {
    return this.stmts.sizes.all(documentId);
  }

  /** Page texts without word boxes (what `show` prints). */
  listTexts(documentId: number): PageText[] {
    return this.stmts.list.all(documentId).map((r) => ({
      page: r.page,
      text: r.text,
      method: r.method,
      ocrConfidence: r.ocr_confidence,
      width: r.width,
      height: r.height,
    }));
  }

  /** Full pages with words (what the understanding stage and the review screen need). */
  list(documentId: number): ExtractedPage[] {
    return this.stmts.list.all(documentId).map((r) => ({
      page: r.page,
      text: r.text,
      method: r.method,
      ocrConfidence: r.ocr_confidence,
      width: r.width,
      height: r.height,
      words: unpackWords(r.words),
    }));
  }
}
