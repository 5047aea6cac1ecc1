import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONFORMANCE_DOCS,
  registerAttachEmbedderConformance,
  registerSearchBackendConformance,
} from '../../testing/searchConformance.js';
import { HashingEmbedder } from '../../testing/HashingEmbedder.js';
import { unpackedPath } from './SearchIndexRepo.js';
import { SqliteSearchBackend } from './SqliteSearchBackend.js';

registerSearchBackendConformance('sqlite (lexical)', async () => new SqliteSearchBackend({ file: ':memory:' }));
registerSearchBackendConformance(
  'sqlite (hybrid, hashing embedder)',
  async () => new SqliteSearchBackend({ file: ':memory:', embedder: new HashingEmbedder(64) }),
);
registerAttachEmbedderConformance('sqlite', async () => new SqliteSearchBackend({ file: ':memory:' }));

describe('SqliteSearchBackend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-search-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says it is lexical only without an embedder', async () => {
    const backend = new SqliteSearchBackend({ file: ':memory:' });
    const health = await backend.health();
    expect(health).toMatchObject({ backend: 'sqlite', documents: 0, vectors: false });
    expect(health.note).toMatch(/lexical only/);
    await backend.dispose();
  });

  it('keeps its index in its own file across restarts, and rebuilds on a schema version change', async () => {
    const file = join(dir, 'search.sqlite');
    let backend = new SqliteSearchBackend({ file });
    expect((await backend.health()).needsReindex).toBe(true);
    await backend.index(CONFORMANCE_DOCS);
    await backend.dispose();

    backend = new SqliteSearchBackend({ file });
    expect(await backend.health()).toMatchObject({ documents: CONFORMANCE_DOCS.length, needsReindex: false });
    await backend.dispose();

    const db = new Database(file);
    db.prepare("UPDATE search_meta SET value = '0' WHERE key = 'schema_version'").run();
    db.close();
    backend = new SqliteSearchBackend({ file });
    expect(await backend.health()).toMatchObject({ documents: 0, needsReindex: true });
    await backend.dispose();
  });

  it('keeps the words index when opened with another embedding model: only the vectors are replaced', async () => {
    const file = join(dir, 'model.sqlite');
    let backend = new SqliteSearchBackend({ file, embedder: new HashingEmbedder(32) });
    await backend.index(CONFORMANCE_DOCS);
    await backend.dispose();
    backend = new SqliteSearchBackend({ file, embedder: new HashingEmbedder(48) });
    expect(await backend.health()).toMatchObject({
      documents: CONFORMANCE_DOCS.length,
      needsReindex: false,
      vectors: true,
      embedding: { model: 'hashing-bow-48', dims: 48 },
    });
    await backend.vectorsIdle();
    expect((await backend.health()).embedding).toMatchObject({ done: CONFORMANCE_DOCS.length, state: 'complete' });
    await backend.dispose();
  });

  it('gives page numbers for snippets of paged documents', async () => {
    const backend = new SqliteSearchBackend({ file: ':memory:' });
    await backend.index(CONFORMANCE_DOCS);
    const [hit] = (await backend.search({ query: 'termination notice' })).hits;
    expect(hit).toMatchObject({ id: 4, page: 2 });
    await backend.dispose();
  });

  it('does not fill an all-words result with any-word matches', async () => {
    const backend = new SqliteSearchBackend({ file: ':memory:' });
    await backend.index(CONFORMANCE_DOCS);
    const r = await backend.search({ query: 'chairs desks' });
    expect(r.hits.map((h) => [h.id, h.match])).toEqual([[1, 'all']]);
    expect(r).toMatchObject({ total: 1, fallback: null });
    await backend.dispose();
  });

  it('searches by meaning with vectors: vector mode, hybrid fusion and more-like-this', async () => {
    const embedder = new HashingEmbedder(512);
    const backend = new SqliteSearchBackend({ file: ':memory:', embedder });
    await backend.index(CONFORMANCE_DOCS);
    expect(await backend.health()).toMatchObject({ vectors: true });

    const vector = await backend.search({ query: 'croissants paid by card', mode: 'vector' });
    expect(vector.hits[0]).toMatchObject({ id: 3, match: 'vector' });

    // Hybrid keeps the lexical hit first and adds vector neighbours the words alone would miss.
    const hybrid = await backend.search({ query: 'tenant', mode: 'hybrid' });
    expect(hybrid.hits[0]!.id).toBe(4);
    expect(hybrid.hits.length).toBeGreaterThan(1);

    const lexical = await backend.search({ query: 'tenant', mode: 'lexical' });
    expect(lexical.hits.map((h) => h.id)).toEqual([4]);

    const similar = await backend.search({ query: '', similarTo: 1, mode: 'vector' });
    expect(similar.hits.map((h) => h.id)).not.toContain(1);
    expect([2, 5]).toContain(similar.hits[0]!.id);

    // Filters apply to vector hits too.
    const filtered = await backend.search({ query: 'croissants paid by card', mode: 'vector', limit: 50 });
    const receiptsOnly = await backend.search({
      query: 'croissants paid by card type:invoice',
      mode: 'vector',
      limit: 50,
    });
    expect(filtered.hits.length).toBeGreaterThan(receiptsOnly.hits.length);
    expect(receiptsOnly.hits.every((h) => h.type === 'invoice')).toBe(true);
    await backend.dispose();
  });

  it('finds Chinese, Japanese and Korean words inside sentences written without spaces', async () => {
    const file = join(dir, 'cjk.sqlite');
    const backend = new SqliteSearchBackend({ file });
    const doc = (id: number, title: string, text: string, path: string) => ({
      id,
      title,
      paths: [path],
      type: null,
      text,
      fields: {},
      mtime: id,
    });
    await backend.index([
      doc(
        1,
        '上海增值税电子普通发票',
        '购买方名称：上海明德教育咨询有限公司。价税合计（大写）壹仟零陆拾圆整，开票日期2023年11月08日。',
        '/cn/fapiao.pdf',
      ),
      doc(
        2,
        '売買基本契約書',
        '株式会社北斗電機（以下「売主」という。）と株式会社青葉工業は、次のとおり契約を締結する。',
        '/jp/keiyaku.pdf',
      ),
      doc(
        3,
        '보험금 지급 기준',
        '코로나19를 질병으로 보아야 할지 상해로 보아야 할지에 따라 보험금의 지급 여부가 달라진다.',
        '/kr/report.pdf',
      ),
      doc(4, 'Notes', 'The invoice numbers are on the second page.', '/en/notes.txt'),
    ]);
    const ids = async (query: string) => (await backend.search({ query, mode: 'lexical' })).hits.map((h) => h.id);
    expect(await ids('发票')).toEqual([1]);
    expect(await ids('有限公司')).toEqual([1]);
    expect(await ids('票发')).toEqual([]); // the characters must stand in that order, next to each other
    expect(await ids('契約')).toEqual([2]);
    expect(await ids('売主')).toEqual([2]);
    expect(await ids('보험금')).toEqual([3]); // also where a particle is glued on (보험금의)
    expect(await ids('보험금 질병')).toEqual([3]);
    expect(await ids('发票 path:/cn')).toEqual([1]); // the FTS5 path (path filter) reads the same words
    expect(await ids('"上海 明德"')).toEqual([1]); // a quoted phrase: spaces between CJK characters do not count
    expect(await ids('"上海 教育"')).toEqual([]); // …but the characters must be adjacent
    expect(await ids('invoice')).toEqual([4]);
    const [hit] = (await backend.search({ query: '发票', mode: 'lexical' })).hits;
    expect(hit?.snippet).toContain('发');
    const [kr] = (await backend.search({ query: '보험금', mode: 'lexical' })).hits;
    expect(kr?.snippet).toMatch(/보[^보]*험[^보]*금/u);
    // A re-indexed document leaves no stale FTS5 words behind (the delete hands FTS5 the same spaced text).
    await backend.index([doc(1, '收据', '超市购物小票，现金支付。', '/cn/fapiao.pdf')]);
    expect(await ids('发票')).toEqual([]);
    expect(await ids('发票 path:/cn')).toEqual([]);
    expect(await ids('小票 path:/cn')).toEqual([1]);
    await backend.dispose();
  });

  it('rejects use after dispose with CORE_DISPOSED', async () => {
    const backend = new SqliteSearchBackend({ file: ':memory:' });
    await backend.dispose();
    await expect(backend.search({ query: 'x' })).rejects.toMatchObject({ code: 'CORE_DISPOSED' });
  });
});

describe('sqlite-vec in the packaged app', () => {
  it('is loaded from beside the asar archive, where electron-builder unpacks it', () => {
    expect(unpackedPath('/opt/docpipe/resources/app.asar/node_modules/sqlite-vec-linux-x64/vec0.so')).toBe(
      '/opt/docpipe/resources/app.asar.unpacked/node_modules/sqlite-vec-linux-x64/vec0.so',
    );
    expect(unpackedPath('C:\\docpipe\\resources\\app.asar\\node_modules\\vec0.dll')).toBe(
      'C:\\docpipe\\resources\\app.asar.unpacked\\node_modules\\vec0.dll',
    );
    expect(unpackedPath('/home/ada/docpipe/node_modules/sqlite-vec-linux-x64/vec0.so')).toBe(
      '/home/ada/docpipe/node_modules/sqlite-vec-linux-x64/vec0.so',
    );
  });
});
