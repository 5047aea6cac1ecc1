/**
 * The embedded search backend: packed per-term postings scored in JavaScript for word and prefix queries
 * (FTS5-compatible BM25 with column weights, totals, facets, filters) and for natural-language ranking
 * (our BM25F + relevance feedback); FTS5 for phrases, `path:` filters and their snippets; side tables for
 * filters; sqlite-vec chunks fused by reciprocal rank fusion when an embedding model is attached (at
 * construction or later, `setEmbedder`; vectorSide.ts fills vectors of documents indexed without them).
 * See CONTEXT.md in this folder for the ranking choices and their measurements.
 */
import { AppError, ErrorCode, assertNever } from '../../../shared/contract/errors.js';
import {
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  SNIPPET_ELLIPSIS,
  type SearchEmbedding,
  type SearchHealth,
  type SearchRequest,
  type SearchHit,
  type SearchRequestInput,
  type SearchResult,
} from '../../../shared/contract/search.js';
import { textClauses, type ParsedQuery, type PhraseClause, type TermClause } from '../../../shared/search/query.js';
import { ENGLISH_STOPWORDS } from '../../../shared/search/stopwords.js';
import { isCorrectableWord } from '../../../shared/search/suggestion.js';
import {
  parseSearchRequest,
  type AttachEmbedderOptions,
  type Embedder,
  type IndexDocument,
  type SearchBackend,
} from '../SearchBackend.js';
import { reciprocalRankFusion } from '../fusion.js';
import { Bm25fScorer, DEFAULT_BM25F, type Bm25fParams, type WeightedTerm } from './bm25f.js';
import { analyze, hasCjk, stem, words as foldedWords } from './analyzer.js';
import { allOf, anyOf } from './ftsExpression.js';
import { DEFAULT_FEEDBACK, expandQuery, type FeedbackParams } from './relevanceFeedback.js';
import { compileSlotFilter, filtersInMemory, rankKeywords } from './keywordRanking.js';
import type { TermPostings } from './packedPostings.js';
import { SearchIndexRepo, foldText, type DocRow, type Filter, type VectorRows } from './SearchIndexRepo.js';
import { snippetOf, type HighlightTerms } from './snippet.js';
import { suggestCorrections } from './suggest.js';
import { TermIndex } from './termIndex.js';
import { VectorSide, chunksOfStored, embedTexts, type VectorFillOptions } from './vectorSide.js';

export interface SqliteRankingOptions {
  bm25f: Bm25fParams;
  /** Relevance feedback for natural-language ranking; null disables it. */
  feedback: FeedbackParams | null;
  /** FTS5 bm25() column weights (title, body, field values) for all-words queries. Default [4, 1, 2]. */
  ftsWeights: [number, number, number];
}

export const DEFAULT_SQLITE_RANKING: SqliteRankingOptions = {
  bm25f: DEFAULT_BM25F,
  feedback: DEFAULT_FEEDBACK,
  ftsWeights: [4, 1, 2],
};

export interface SqliteSearchOptions {
  /** Index database file (its own file: the index is derived data), or ':memory:'. */
  file: string;
  /** Embedding model; without one search is lexical only (and health() says so). `setEmbedder` changes it later. */
  embedder?: Embedder | null;
  ranking?: Partial<SqliteRankingOptions>;
  /** How vectors of documents indexed without them are filled in the background. */
  vectors?: VectorFillOptions;
}

/** How many ranked candidates feed fusion, filtering of computed rankings, and facets of fallbacks. */
const FUSION_DEPTH = 100;
const FALLBACK_DEPTH = 2000;
/** Above this many documents, relevance feedback re-ranks the first pass's best RERANK_DEPTH documents. */
const LARGE_INDEX = 5_000;
const RERANK_DEPTH = 1000;
const RRF_K = 60;
/** Dead slots tolerated beyond the live documents before postings are compacted. */
const COMPACT_SLACK = 10_000;
const SNIPPET_PLAIN_CHARS = 200;

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

interface Ranked {
  id: number;
  score: number;
  match: SearchHit['match'];
  page?: number | null;
}

export class SqliteSearchBackend implements SearchBackend {
  private readonly repo: SearchIndexRepo;
  private readonly scorer: Bm25fScorer;
  private readonly terms: TermIndex;
  private seenDataVersion = -1;
  private readonly ranking: SqliteRankingOptions;
  private readonly vectors: VectorSide;
  private disposed = false;

  constructor(options: SqliteSearchOptions) {
    this.ranking = { ...DEFAULT_SQLITE_RANKING, ...options.ranking };
    try {
      this.repo = new SearchIndexRepo(options.file);
    } catch (error) {
      throw AppError.wrap(error, ErrorCode.SEARCH_UNAVAILABLE, `Cannot open the search index ${options.file}`);
    }
    this.terms = new TermIndex(this.repo);
    this.scorer = new Bm25fScorer(this.terms, this.ranking.bm25f);
    this.vectors = new VectorSide(this.repo, options.vectors);
    if (options.embedder) {
      try {
        this.vectors.attachNow(options.embedder);
      } catch (error) {
        this.repo.close();
        throw AppError.wrap(
          error,
          ErrorCode.SEARCH_UNAVAILABLE,
          `Cannot use the embedding model ${options.embedder.model} with the search index ${options.file}`,
        );
      }
    }
  }

  /**
   * Attaches an embedding model to the open index, or detaches it (null). The words index is kept either
   * way; vectors of another model are dropped, vectors of this model kept. Resolves once the model is
   * attached; documents without vectors get them in the background (`health().embedding`, `onProgress`).
   */
  async setEmbedder(embedder: Embedder | null, options: AttachEmbedderOptions = {}): Promise<void> {
    this.assertOpen();
    try {
      await this.vectors.attach(embedder, options.onProgress ?? null);
    } catch (error) {
      throw AppError.wrap(
        error,
        ErrorCode.INVALID_ARGUMENT,
        `Cannot use the embedding model ${embedder?.model ?? ''} with the search index`,
      );
    }
  }

  /** Resolves when no vector fill is running (finished, or paused because the model does not answer). */
  async vectorsIdle(): Promise<void> {
    await this.vectors.idle();
  }

  /**
   * Writes documents with their vectors when the attached model answers; without them otherwise (the
   * model is down, or detached): the words index never waits for the model, and the fill adds the
   * vectors when it answers again.
   */
  async index(docs: IndexDocument[]): Promise<void> {
    this.assertOpen();
    if (docs.length === 0) return;
    const rows = docs.map(toDocRow);
    let vectors: VectorRows | null = null;
    const model = this.vectors.usable();
    if (model !== null) {
      const pieces = rows.flatMap((r) =>
        chunksOfStored({
          title: r.title,
          body: r.body,
          pages: r.pagesJson === null ? null : (JSON.parse(r.pagesJson) as [number, number][]),
        }).map((c) => ({ ...c, docId: r.id })),
      );
      try {
        const got = await embedTexts(
          model.embedder,
          pieces.map((p) => p.text),
        );
        this.vectors.succeeded();
        vectors = {
          embedding: model.key,
          chunks: pieces.map((p, i) => ({ docId: p.docId, page: p.page, text: p.text, vector: got[i]! })),
        };
      } catch (error) {
        this.vectors.failed(error);
      }
      this.assertOpen();
    }
    const slots = this.repo.upsert(rows, vectors);
    this.vectors.written(vectors === null);
    this.terms.written(rows, slots);
    this.compactWhenMostlyDead();
  }

  /**
   * Rewritten and deleted documents leave dead postings behind (see packedPostings.ts); once dead slots
   * outnumber live documents (a full reindex doubles them), one pass drops them.
   */
  private compactWhenMostlyDead(): void {
    const table = this.terms.table();
    if (this.repo.slotsUsed() <= 2 * table.documents + COMPACT_SLACK) return;
    this.repo.compactPostings((slot) => table.isLive(slot));
    this.terms.removed([]);
  }

  async remove(ids: number[]): Promise<void> {
    this.assertOpen();
    this.repo.remove(ids);
    this.vectors.written(false);
    this.terms.removed(ids);
    this.compactWhenMostlyDead();
  }

  async ids(): Promise<number[]> {
    this.assertOpen();
    return this.repo.ids();
  }

  async clear(): Promise<void> {
    this.assertOpen();
    this.repo.clear();
    this.vectors.written(false);
    this.terms.cleared();
  }

  async health(): Promise<SearchHealth> {
    this.assertOpen();
    this.followOtherWriters();
    const documents = this.repo.countDocuments();
    const embedding = this.vectors.status();
    const notes = [vectorNote(embedding)];
    if (this.repo.rebuilt && documents === 0) notes.push('index created empty: run reindex to fill it from the store');
    return {
      backend: 'sqlite',
      documents,
      vectors: this.vectors.connected(),
      note: notes.join('; '),
      needsReindex: this.repo.rebuilt && documents === 0,
      embedding,
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // The fill stops (its embed call aborted) before the database it writes to closes.
    await this.vectors.dispose();
    this.repo.close();
  }

  /**
   * The in-memory document table mirrors the index file. Another docpipe process on the same data folder
   * (a CLI next to a running server) may have written it: then drop what was read and read it again.
   */
  private followOtherWriters(): void {
    const version = this.repo.dataVersion();
    if (this.seenDataVersion !== -1 && version !== this.seenDataVersion) {
      this.terms.invalidate();
      this.vectors.otherWriter();
    }
    this.seenDataVersion = version;
  }

  async search(input: SearchRequestInput): Promise<SearchResult> {
    this.assertOpen();
    this.followOtherWriters();
    const started = performance.now();
    const { request, query } = parseSearchRequest(input);
    try {
      return await this.run(request, query, started);
    } catch (error) {
      if (AppError.is(error)) throw error;
      throw AppError.wrap(error, ErrorCode.SEARCH_UNAVAILABLE, 'The search index failed to answer');
    }
  }

  private async run(request: SearchRequest, query: ParsedQuery, started: number): Promise<SearchResult> {
    const need = request.offset + request.limit;
    const positive = textClauses(query);
    const negative = query.clauses.filter(
      (c): c is TermClause | PhraseClause => (c.kind === 'term' || c.kind === 'phrase') && c.negated,
    );
    const exclude = anyOf(negative);
    const filter = this.repo.compileFilters(query.clauses);
    const facetFilter = this.repo.compileFilters(query.clauses, { skipTypes: true });
    const types = query.clauses.flatMap((c) => (c.kind === 'type' && !c.negated ? [c.value] : []));
    const wantsVectors = request.mode !== 'lexical' && (positive.length > 0 || request.similarTo !== undefined);
    const { vector: queryVector, unavailable } = wantsVectors
      ? await this.queryVector(request, positive)
      : { vector: null, unavailable: null };
    const useVectors = queryVector !== null;
    const depth = useVectors ? Math.max(need, FUSION_DEPTH) : need;

    let lexical: { ranked: Ranked[]; total: number; facets: Record<string, number>; fallback: 'any-word' | null };
    if (request.similarTo !== undefined) {
      lexical = this.moreLikeThis(request.similarTo, exclude, filter, facetFilter);
    } else if (request.plain) {
      lexical = this.anyWord(query, positive, exclude, filter, facetFilter, types, true);
      lexical.fallback = null;
    } else {
      lexical = this.allWordsThenAny(query, positive, exclude, filter, facetFilter, types, depth);
    }

    let ranked = lexical.ranked;
    let total = lexical.total;
    if (queryVector !== null) {
      const vector = this.vectorRanking(queryVector, request.similarTo, exclude, filter, depth);
      if (request.mode === 'vector') {
        ranked = vector;
        total = vector.length;
      } else {
        const fused = reciprocalRankFusion([lexical.ranked.slice(0, depth), vector], RRF_K);
        const byId = new Map<number, Ranked>([...vector, ...lexical.ranked].map((r) => [r.id, r]));
        ranked = fused.map(({ id, score }) => ({ ...byId.get(id)!, score }));
        const lexicalIds = new Set(lexical.ranked.map((r) => r.id));
        total = lexical.total + vector.filter((v) => !lexicalIds.has(v.id)).length;
      }
    }

    const page = ranked.slice(request.offset, need);
    const hits = this.hydrate(page, positive, request.snippets);
    // Asked on the first page of a typed query only (not for prose, "more like this" or paging).
    const suggestion =
      request.plain || request.similarTo !== undefined || request.offset > 0
        ? null
        : suggestCorrections(request.query, query, {
            documentFrequency: (term) => this.terms.documentFrequency(term),
            wordsStartingWith: (first, min, max) => this.repo.wordsStartingWith(first, min, max),
          });
    return {
      total,
      tookMs: round(performance.now() - started),
      hits,
      facets: { type: lexical.facets },
      fallback: lexical.fallback,
      ...(unavailable === null ? {} : { vectorsUnavailable: unavailable }),
      ...(suggestion === null ? {} : { suggestion }),
    };
  }

  /**
   * The vector to search by: the query's, from the attached model, or the mean of a document's stored
   * vectors for "more like this". Null, with the reason when the index has vectors, when the model is not
   * attached or does not answer: the query is then answered by words, never failed.
   */
  private async queryVector(
    request: SearchRequest,
    positive: (TermClause | PhraseClause)[],
  ): Promise<{ vector: Float32Array | null; unavailable: string | null }> {
    const model = this.vectors.usable();
    if (model === null) return { vector: null, unavailable: this.vectors.unavailableReason() };
    if (request.similarTo !== undefined)
      return { vector: meanVector(this.repo.vectorsOf(request.similarTo)) ?? null, unavailable: null };
    const text = positive.map((c) => (c.kind === 'phrase' ? c.words.join(' ') : c.text)).join(' ');
    try {
      const [vector] = await embedTexts(model.embedder, [text]);
      this.vectors.succeeded();
      return { vector: vector ?? null, unavailable: null };
    } catch (error) {
      this.vectors.failed(error);
      return {
        vector: null,
        unavailable: `the embedding model ${model.embedder.model} did not answer (${error instanceof Error ? error.message : String(error)}): words only`,
      };
    }
  }

  /**
   * Postings of keyword clauses for in-memory ranking (keywordRanking.ts), or null when the query needs
   * FTS5: a phrase (positions), a word that does not analyze to one term, a too-broad prefix, a `path:`.
   */
  private keywordPostings(query: ParsedQuery, clauses: (TermClause | PhraseClause)[]): TermPostings[] | null {
    if (!filtersInMemory(query.clauses)) return null;
    const out: TermPostings[] = [];
    for (const c of clauses) {
      const p =
        c.kind === 'phrase'
          ? c.words.length === 1
            ? this.terms.clause(c.words[0]!, false)
            : null
          : this.terms.clause(c.text, c.prefix);
      if (p === null) return null;
      out.push(p);
    }
    return out;
  }

  private negativeClauses(query: ParsedQuery): (TermClause | PhraseClause)[] {
    return query.clauses.filter(
      (c): c is TermClause | PhraseClause => (c.kind === 'term' || c.kind === 'phrase') && c.negated,
    );
  }

  /** All words must match; when no document matches all, any-word ranking instead. */
  private allWordsThenAny(
    query: ParsedQuery,
    positive: (TermClause | PhraseClause)[],
    exclude: string | null,
    filter: Filter,
    facetFilter: Filter,
    types: string[],
    need: number,
  ) {
    // Stopwords are not required ("invoices of acme" needs "invoices" and "acme"), unless there is nothing else.
    const required = positive.filter((c) => !(c.kind === 'term' && !c.prefix && ENGLISH_STOPWORDS.has(c.text)));
    const words = positive.filter((c) => c.kind === 'phrase' || !c.prefix).length;
    const clauses = positive.length > 0 ? this.keywordPostings(query, required.length > 0 ? required : positive) : null;
    const excluded = clauses ? this.keywordPostings(query, this.negativeClauses(query)) : null;
    if (clauses && excluded) {
      // Words and prefixes only: answered from packed postings in memory (keywordRanking.ts).
      const table = this.terms.table();
      const all = rankKeywords(
        table,
        this.terms.scratch(),
        clauses,
        'all',
        excluded,
        compileSlotFilter(query.clauses, table),
        this.ranking.ftsWeights,
        need,
      );
      if (all.total === 0 && words >= 2) {
        const any = this.anyWord(query, positive, exclude, filter, facetFilter, types, false);
        if (any.ranked.length > 0) return { ...any, fallback: 'any-word' as const };
      }
      return {
        ranked: all.ranked.map((r) => ({ ...r, match: 'all' as const })),
        total: all.total,
        facets: all.facets,
        fallback: null,
      };
    }
    const match = allOf(required.length > 0 ? required : positive);
    const { total, facets } = this.countAndFacets(match, exclude, facetFilter, types);
    if (total === 0 && words >= 2) {
      const any = this.anyWord(query, positive, exclude, filter, facetFilter, types, false);
      if (any.ranked.length > 0) return { ...any, fallback: 'any-word' as const };
    }
    const ranked: Ranked[] =
      total === 0
        ? []
        : this.repo
            .matchRanked(match, exclude, filter, this.ranking.ftsWeights, need, 0)
            .map((r) => ({ ...r, match: 'all' as const }));
    return { ranked, total, facets, fallback: null };
  }

  /**
   * Any-word ranking. Plain (natural-language) requests get our BM25F with relevance feedback, the ranking
   * measured on Cranfield; on large indexes the feedback pass only re-ranks the first pass's best documents
   * (bounded cost). A keyword query's fallback uses FTS5-compatible bm25() over OR (in memory, or in SQL
   * when the query needs FTS5): it is a rescue for a typo'd or over-specific query, where speed matters
   * more than the last point of nDCG.
   */
  private anyWord(
    query: ParsedQuery,
    positive: (TermClause | PhraseClause)[],
    exclude: string | null,
    filter: Filter,
    facetFilter: Filter,
    types: string[],
    plain: boolean,
  ) {
    const words = positive.flatMap((c) => (c.kind === 'phrase' ? c.words : c.prefix ? [] : [c.text]));
    const content = words.filter((w) => !isStopword(w));
    const chosen = content.length > 0 ? content : words;
    const chosenClauses = chosen.map((text) => ({ kind: 'term' as const, text, prefix: false, negated: false }));
    const orMatch = anyOf(chosenClauses);
    if (!plain) {
      if (orMatch === null) return { ranked: [], total: 0, facets: {}, fallback: null as 'any-word' | null };
      const clauses = this.keywordPostings(query, chosenClauses);
      const excluded = clauses ? this.keywordPostings(query, this.negativeClauses(query)) : null;
      if (clauses && excluded) {
        const table = this.terms.table();
        const any = rankKeywords(
          table,
          this.terms.scratch(),
          clauses,
          'any',
          excluded,
          compileSlotFilter(query.clauses, table),
          this.ranking.ftsWeights,
          FALLBACK_DEPTH,
        );
        return {
          ranked: any.ranked.map((r) => ({ ...r, match: 'any' as const })),
          total: any.total,
          facets: any.facets,
          fallback: null as 'any-word' | null,
        };
      }
      const { total, facets } = this.countAndFacets(orMatch, exclude, facetFilter, types);
      const ranked =
        total === 0 ? [] : this.repo.matchRanked(orMatch, exclude, filter, this.ranking.ftsWeights, FALLBACK_DEPTH, 0);
      return {
        ranked: ranked.map((r) => ({ ...r, match: 'any' as const })),
        total,
        facets,
        fallback: null as 'any-word' | null,
      };
    }
    const terms = weighTerms(analyze(chosen.join(' ')));
    const feedback = this.ranking.feedback;
    const large = this.scorer.documents() > LARGE_INDEX;
    // With feedback, the first pass only supplies the feedback documents (and, on a large index, the
    // documents the expanded query re-ranks: 25+ terms, some common, scored over everything would cost more).
    let scored = this.scorer.score(
      terms,
      feedback ? Math.max(feedback.documents, large ? RERANK_DEPTH : 0) : FALLBACK_DEPTH,
    );
    if (feedback && scored.ranked.length > 0) {
      const candidates = large ? scored.ranked.map((r) => r.id) : null;
      scored = this.withFeedback(terms, scored.ranked, feedback, candidates);
    }
    return this.filterComputed(scored, exclude, filter, facetFilter, 'any');
  }

  /**
   * Total and type facets from one grouped pass over the matches without the type filter: facets ignore
   * the query's own type: clauses, and the total is the sum over the selected types (or over all).
   */
  private countAndFacets(match: string | null, exclude: string | null, facetFilter: Filter, types: string[]) {
    const counts = this.repo.typeCounts(match, exclude, facetFilter);
    const facets: Record<string, number> = {};
    let total = 0;
    for (const [type, n] of counts) {
      if (type !== null) facets[type] = n;
      if (types.length === 0 || (type !== null && types.includes(type))) total += n;
    }
    return { total, facets };
  }

  private withFeedback(
    terms: WeightedTerm[],
    first: { id: number; score: number }[],
    params: FeedbackParams,
    candidates: number[] | null,
  ) {
    const top = first.slice(0, params.documents);
    const analyzed = this.terms.analyzedDocuments(
      top.map((d) => d.id),
      (ids) => this.repo.texts(ids),
      (text) => analyze(text, isStopword),
    );
    const expanded = expandQuery(
      terms,
      top.map((d) => ({ terms: analyzed.get(d.id) ?? [], score: d.score })),
      (t) => this.scorer.idf(t),
      params,
    );
    return this.scorer.score(expanded, FALLBACK_DEPTH, candidates);
  }

  /** "More like this" without vectors: the document's most distinctive terms as a weighted query. */
  private moreLikeThis(docId: number, exclude: string | null, filter: Filter, facetFilter: Filter) {
    const text = this.repo.texts([docId]).get(docId);
    if (text === undefined)
      throw new AppError(
        ErrorCode.NOT_FOUND,
        `Document ${docId} is not in the search index; reindex or pick another document.`,
        { retryable: false },
      );
    const counts = new Map<string, number>();
    for (const t of analyze(text.slice(0, 20_000), isStopword)) {
      if (!/^\d+$/.test(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const terms = [...counts]
      .map(([term, n]) => ({ term, weight: Math.log(1 + n) * this.scorer.idf(term) }))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 25);
    const scored = this.scorer.score(terms, FALLBACK_DEPTH + 1);
    const ranked = scored.ranked.filter((r) => r.id !== docId);
    return this.filterComputed({ ranked, total: Math.max(scored.total - 1, 0) }, exclude, filter, facetFilter, 'any');
  }

  /** Applies filters and exclusions to a ranking computed outside SQL, and counts facets over it. */
  private filterComputed(
    scored: { ranked: { id: number; score: number }[]; total: number },
    exclude: string | null,
    filter: Filter,
    facetFilter: Filter,
    match: 'any',
  ) {
    const candidates = scored.ranked.length > FALLBACK_DEPTH ? scored.ranked.slice(0, FALLBACK_DEPTH) : scored.ranked;
    const ids = candidates.map((r) => r.id);
    const filtered = filter.sql === '1' && exclude === null ? null : this.repo.keepMatching(ids, exclude, filter);
    const ranked: Ranked[] = [];
    for (const r of candidates)
      if (filtered === null || filtered.has(r.id)) ranked.push({ id: r.id, score: r.score, match });
    const facetIds =
      facetFilter.sql === filter.sql
        ? filtered === null
          ? ids
          : ranked.map((r) => r.id)
        : [...this.repo.keepMatching(ids, exclude, facetFilter)];
    const total = filtered === null ? scored.total : ranked.length;
    return { ranked, total, facets: this.terms.table().typeFacets(facetIds), fallback: null as 'any-word' | null };
  }

  private vectorRanking(
    vector: Float32Array,
    similarTo: number | undefined,
    exclude: string | null,
    filter: Filter,
    depth: number,
  ): Ranked[] {
    const chunks = this.repo.nearestChunks(vector, Math.min(depth * 4, 4096));
    const best = new Map<number, { distance: number; page: number | null }>();
    for (const c of chunks)
      if (!best.has(c.docId) && c.docId !== similarTo) best.set(c.docId, { distance: c.distance, page: c.page });
    const keep =
      filter.sql === '1' && exclude === null ? null : this.repo.keepMatching([...best.keys()], exclude, filter);
    return [...best]
      .filter(([id]) => keep === null || keep.has(id))
      .slice(0, depth)
      .map(([id, { distance, page }]) => ({ id, score: 1 - distance, match: 'vector' as const, page }));
  }

  private hydrate(page: Ranked[], positive: (TermClause | PhraseClause)[], withSnippets: boolean): SearchHit[] {
    const ids = page.map((r) => r.id);
    const docs = this.repo.getDocs(ids);
    const highlight = withSnippets ? anyOf(positive) : null;
    const words = highlight === null ? null : highlightTerms(positive);
    let snippets = new Map<number, string>();
    if (words !== null) {
      // Words and prefixes: snippets in JavaScript (snippet.ts); the body's passage, else the title's or
      // the field values'.
      const marks = { start: HIGHLIGHT_START, end: HIGHLIGHT_END, ellipsis: SNIPPET_ELLIPSIS };
      for (const [id, doc] of docs) {
        const snippet =
          snippetOf(doc.body, words, marks) ??
          snippetOf(doc.title, words, marks) ??
          snippetOf(doc.fieldText, words, marks);
        if (snippet !== null) snippets.set(id, snippet);
      }
    } else if (highlight !== null) {
      snippets = this.repo.snippets(ids, highlight, HIGHLIGHT_START, HIGHLIGHT_END, SNIPPET_ELLIPSIS);
      // FTS5's snippet() re-tokenizes the stored text, which is not the text it indexed where Chinese,
      // Japanese or Korean was spaced out (cjkSpaced): those documents get the word-by-word snippet.
      const marks = { start: HIGHLIGHT_START, end: HIGHLIGHT_END, ellipsis: SNIPPET_ELLIPSIS };
      const loose = phraseWordsAsTerms(positive);
      // The passage from the first text that holds every CJK phrase as written (发票 in 发票号码, not 票 alone).
      const phrases = positive.flatMap((c) => (c.kind === 'phrase' && c.words.every(hasCjk) ? [c.words.join('')] : []));
      for (const [id, doc] of docs) {
        const texts = [doc.body, doc.title, doc.fieldText];
        if (!texts.some(hasCjk)) continue;
        const ordered = [...texts.filter((t) => phrases.every((p) => t.includes(p))), ...texts];
        let snippet: string | null = null;
        for (const text of ordered) if ((snippet = snippetOf(text, loose, marks)) !== null) break;
        if (snippet !== null) snippets.set(id, snippet);
        else snippets.delete(id);
      }
    }
    const hits: SearchHit[] = [];
    for (const r of page) {
      const doc = docs.get(r.id);
      if (!doc) continue;
      const snippet = withSnippets ? (snippets.get(r.id) ?? leadingText(doc.body)) : '';
      hits.push({
        id: r.id,
        score: round(r.score, 6),
        snippet,
        paths: doc.paths,
        type: doc.type,
        fields: doc.fields,
        page: r.page ?? pageOfSnippet(doc.body, doc.pages, snippet),
        match: r.match,
      });
    }
    return hits;
  }

  private assertOpen(): void {
    if (this.disposed) throw new AppError(ErrorCode.CORE_DISPOSED, 'The search index is closed.', { retryable: false });
  }
}

const isStopword = (word: string) => ENGLISH_STOPWORDS.has(word);

/** health().note's words on vectors: what a query gets, and what the fill is doing. */
function vectorNote(e: SearchEmbedding | null): string {
  if (e === null) return 'lexical only: no embedding model configured';
  const model = `${e.model}, ${e.dims} dims`;
  switch (e.state) {
    case 'complete':
      return `hybrid: words + vectors (${model})`;
    case 'filling':
      return `hybrid: words + vectors (${model}); vectors for ${e.done} of ${e.total} documents, the rest are being computed`;
    case 'paused':
      return `lexical only for now: the embedding model ${e.model} does not answer (${e.error ?? 'unknown error'}); vectors for ${e.done} of ${e.total} documents, the rest follow when it answers`;
    case 'detached':
      return `lexical only: no embedding model connected (vectors of ${e.model} are kept for ${e.done} of ${e.total} documents)`;
    default:
      return assertNever(e.state, 'vector state');
  }
}

/** Index terms and prefixes a query highlights, or null when it has a phrase (FTS5 highlights those). */
/** Every word of the query as a term to highlight, phrases' words too (prefixes as prefixes). */
function phraseWordsAsTerms(positive: (TermClause | PhraseClause)[]): HighlightTerms {
  const out: HighlightTerms = { terms: new Set(), prefixes: [] };
  for (const c of positive) {
    if (c.kind === 'term' && c.prefix) out.prefixes.push(...analyze(c.text));
    else for (const t of analyze(c.kind === 'phrase' ? c.words.join(' ') : c.text)) out.terms.add(t);
  }
  return out;
}

function highlightTerms(positive: (TermClause | PhraseClause)[]): HighlightTerms | null {
  const out: HighlightTerms = { terms: new Set(), prefixes: [] };
  for (const c of positive) {
    if (c.kind === 'phrase' && c.words.length > 1) return null;
    const text = c.kind === 'phrase' ? c.words[0]! : c.text;
    const terms = analyze(text);
    if (c.kind === 'term' && c.prefix) {
      if (terms.length !== 1) return null;
      out.prefixes.push(terms[0]!);
    } else for (const t of terms) out.terms.add(t);
  }
  return out;
}

/** Per-term counts for our postings: title, body, field values. */
/**
 * One pass over the three columns: their lengths in words, each term's frequency per column, and the
 * words "did you mean" may suggest (folded, not stemmed).
 */
function analyzeColumns(
  title: string,
  body: string,
  fieldText: string,
): { lengths: [number, number, number]; postings: DocRow['postings']; vocabulary: string[] } {
  const tf = new Map<string, [number, number, number]>();
  const lengths: [number, number, number] = [0, 0, 0];
  const vocabulary = new Set<string>();
  [title, body, fieldText].forEach((text, column) => {
    const folded = foldedWords(text);
    lengths[column] = folded.length;
    for (const word of folded) {
      const term = stem(word);
      let counts = tf.get(term);
      if (!counts) tf.set(term, (counts = [0, 0, 0]));
      counts[column]!++;
      if (!vocabulary.has(word) && isCorrectableWord(word)) vocabulary.add(word);
    }
  });
  return { lengths, postings: [...tf].map(([term, [t, b, f]]) => [term, t, b, f]), vocabulary: [...vocabulary] };
}

function weighTerms(terms: string[]): WeightedTerm[] {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([term, weight]) => ({ term, weight }));
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function meanVector(vectors: Float32Array[]): Float32Array | undefined {
  if (vectors.length === 0) return undefined;
  const out = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i]! += v[i]! / vectors.length;
  return out;
}

function leadingText(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length <= SNIPPET_PLAIN_CHARS
    ? text
    : `${text.slice(0, SNIPPET_PLAIN_CHARS).replace(/\s\S*$/, '')}${SNIPPET_ELLIPSIS}`;
}

/** The page holding the snippet's first highlighted word (the snippet is located in the body by its text). */
function pageOfSnippet(body: string, pages: [number, number][] | null, snippet: string): number | null {
  if (!pages || pages.length === 0) return null;
  const trimmed = snippet.startsWith(SNIPPET_ELLIPSIS) ? snippet.slice(SNIPPET_ELLIPSIS.length) : snippet;
  const firstMark = trimmed.indexOf(HIGHLIGHT_START);
  const plain = (s: string) => s.split(HIGHLIGHT_START).join('').split(HIGHLIGHT_END).join('');
  const before = plain(firstMark < 0 ? '' : trimmed.slice(0, firstMark));
  const start = body.indexOf(plain(trimmed).slice(0, 40));
  const at = start < 0 ? 0 : start + before.length;
  let page = pages[0]![0];
  for (const [n, offset] of pages) if (offset <= at) page = n;
  return page;
}

/** Index form of a document: text without control characters, field values flattened for filters. */
function toDocRow(doc: IndexDocument): DocRow {
  const clean = (s: string) => s.replace(CONTROL_CHARS, ' ');
  let body: string;
  let pages: [number, number][] | null = null;
  if (doc.pages && doc.pages.length > 0) {
    pages = [];
    let offset = 0;
    const parts: string[] = [];
    for (const p of doc.pages) {
      pages.push([p.page, offset]);
      const text = clean(p.text);
      parts.push(text);
      offset += text.length + 2;
    }
    body = parts.join('\n\n');
  } else body = clean(doc.text);

  const fields: Record<string, string | number | string[] | null> = { ...doc.fields };
  if (doc.date != null && fields.date === undefined) fields.date = doc.date;
  const fieldRows: DocRow['fieldRows'] = [];
  const texts: string[] = [];
  for (const [rawName, value] of Object.entries(fields)) {
    const name = rawName.toLowerCase();
    const values = value === null ? [] : Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue;
        fieldRows.push({ name, text: String(v), num: v });
        texts.push(String(v));
      } else {
        const s = clean(String(v));
        const num = /^-?\d+(?:\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : null;
        fieldRows.push({ name, text: foldText(s), num });
        texts.push(s);
      }
    }
  }
  const title = clean(doc.title);
  const fieldText = texts.join(' ; ');
  return {
    id: doc.id,
    title,
    body,
    fieldText,
    type: doc.type === null ? null : doc.type.toLowerCase(),
    paths: doc.paths,
    fieldsJson: JSON.stringify(fields),
    pagesJson: pages === null ? null : JSON.stringify(pages),
    mtime: doc.mtime ?? null,
    ...analyzeColumns(title, body, fieldText),
    fieldRows,
  };
}
