/**
 * Query AST -> OpenSearch query DSL, and the index template. Pure (no client), so request shapes are unit
 * tested. Semantics follow the SQLite backend (the conformance suite holds both to them): all words must
 * match in some field; type filters are OR-ed and kept out of the facet aggregation (post_filter); text
 * field values match by "contains" on the folded value; dates compare as ISO text.
 */
import type {
  Clause,
  FieldClause,
  PathClause,
  PhraseClause,
  RangeClause,
  TermClause,
} from '../../../shared/search/query.js';
import { ENGLISH_STOPWORDS } from '../../../shared/search/stopwords.js';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../../shared/contract/search.js';

export type Dsl = Record<string, unknown>;

/** Field boosts: title, body, field values (as the SQLite backend's FTS5 weights). */
const TEXT_FIELDS = ['title^4', 'body', 'field_text^2'];
const AFTER_PREFIX = '\uffff';
const ISO_PREFIX = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Index template: one analyzer for every text field (English stemming, accent folding, no stopwords so phrases keep them). */
export function indexTemplate(index: string, vectorDims: number | null): Dsl {
  const analysis = {
    analyzer: {
      docpipe_english: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['lowercase', 'asciifolding', 'english_possessive', 'porter_stem'],
      },
    },
    filter: { english_possessive: { type: 'stemmer', language: 'possessive_english' } },
  };
  const text = { type: 'text', analyzer: 'docpipe_english' };
  return {
    // `<index>-v<N>`: the concrete indexes behind the alias `<index>` (the name itself: one made before aliases).
    index_patterns: [index, `${index}-v*`, `${index}-chunks`],
    template: {
      settings: { number_of_shards: 1, analysis, ...(vectorDims ? { 'index.knn': true } : {}) },
      mappings: {
        dynamic: 'strict',
        properties: {
          id: { type: 'long' },
          title: text,
          body: text,
          field_text: text,
          type: { type: 'keyword' },
          paths: { type: 'keyword' },
          mtime: { type: 'long' },
          pages: { type: 'object', enabled: false },
          fields: { type: 'object', enabled: false },
          fv: {
            type: 'nested',
            properties: { name: { type: 'keyword' }, text: { type: 'keyword' }, num: { type: 'double' } },
          },
          // Chunk documents (the -chunks index) share the template; main documents leave these empty.
          doc_id: { type: 'long' },
          page: { type: 'integer' },
          ...(vectorDims
            ? {
                vector: {
                  type: 'knn_vector',
                  dimension: vectorDims,
                  method: { name: 'hnsw', space_type: 'cosinesimil', engine: 'lucene' },
                },
              }
            : {}),
        },
      },
    },
  };
}

function textQuery(c: TermClause | PhraseClause): Dsl {
  if (c.kind === 'phrase') return { multi_match: { query: c.words.join(' '), fields: TEXT_FIELDS, type: 'phrase' } };
  if (c.prefix) return { multi_match: { query: c.text, fields: TEXT_FIELDS, type: 'phrase_prefix' } };
  return { multi_match: { query: c.text, fields: TEXT_FIELDS } };
}

function pathQuery(c: PathClause): Dsl {
  const p = c.prefix.replace(/[/\\]+$/, '');
  return {
    bool: {
      should: [{ term: { paths: p } }, { prefix: { paths: `${p}/` } }, { prefix: { paths: `${p}\\` } }],
      minimum_should_match: 1,
    },
  };
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function fieldQuery(c: FieldClause | RangeClause): Dsl {
  const tests: Dsl[] = [{ term: { 'fv.name': c.name } }];
  if (c.kind === 'range') {
    const numeric = typeof c.from === 'number' || typeof c.to === 'number';
    const range: Dsl = {};
    if (c.from !== null) range.gte = c.from;
    if (c.to !== null) range.lte = typeof c.to === 'number' ? c.to : `${c.to}${AFTER_PREFIX}`;
    tests.push({ range: { [numeric ? 'fv.num' : 'fv.text']: range } });
  } else if (typeof c.value === 'number') {
    tests.push(c.op === 'eq' ? { term: { 'fv.num': c.value } } : { range: { 'fv.num': { [c.op]: c.value } } });
  } else if (ISO_PREFIX.test(c.value)) {
    const v = c.value;
    const bounds: Record<typeof c.op, Dsl> = {
      eq: { gte: v, lte: `${v}${AFTER_PREFIX}` },
      gt: { gt: `${v}${AFTER_PREFIX}` },
      gte: { gte: v },
      lt: { lt: v },
      lte: { lte: `${v}${AFTER_PREFIX}` },
    };
    tests.push({ range: { 'fv.text': bounds[c.op] } });
  } else {
    // "contains" on the folded keyword; wildcard metacharacters in the value are escaped.
    tests.push({ wildcard: { 'fv.text': { value: `*${fold(c.value).replace(/[\\*?]/g, (m) => `\\${m}`)}*` } } });
  }
  return { nested: { path: 'fv', query: { bool: { filter: tests } } } };
}

export interface TranslatedQuery {
  /** Words and non-type filters (facets count over this). */
  query: Dsl;
  /** Type filters, applied after aggregation so facets ignore them. */
  postFilter: Dsl | null;
  /** Filters only (no words), for vector hits and "more like this". */
  filterOnly: Dsl;
}

/**
 * @param mode `all`: every word must match; `any`: at least one (non-stop) word, for the fallback.
 */
export function translateQuery(clauses: Clause[], mode: 'all' | 'any'): TranslatedQuery {
  const must: Dsl[] = [];
  const should: Dsl[] = [];
  const filter: Dsl[] = [];
  const mustNot: Dsl[] = [];
  const positiveTypes: string[] = [];
  const positiveText = clauses.filter(
    (c): c is TermClause | PhraseClause => (c.kind === 'term' || c.kind === 'phrase') && !c.negated,
  );
  const required = positiveText.filter((c) => !(c.kind === 'term' && !c.prefix && ENGLISH_STOPWORDS.has(c.text)));
  const ranked = required.length > 0 ? required : positiveText;

  for (const c of clauses) {
    switch (c.kind) {
      case 'term':
      case 'phrase':
        if (c.negated) mustNot.push(textQuery(c));
        else if (!ranked.includes(c)) should.push(textQuery(c));
        else if (mode === 'all') must.push(textQuery(c));
        else should.push(textQuery(c));
        break;
      case 'type':
        if (c.negated) mustNot.push({ term: { type: c.value } });
        else positiveTypes.push(c.value);
        break;
      case 'path':
        (c.negated ? mustNot : filter).push(pathQuery(c));
        break;
      case 'field':
      case 'range':
        (c.negated ? mustNot : filter).push(fieldQuery(c));
        break;
    }
  }
  const anyMode = mode === 'any' && positiveText.length > 0;
  const bool: Dsl = {
    ...(must.length ? { must } : {}),
    ...(should.length ? { should } : {}),
    ...(filter.length ? { filter } : {}),
    ...(mustNot.length ? { must_not: mustNot } : {}),
    ...(anyMode ? { minimum_should_match: 1 } : {}),
  };
  const hasScoring = must.length > 0 || should.length > 0;
  const query =
    Object.keys(bool).length === 0
      ? { match_all: {} }
      : { bool: hasScoring ? bool : { ...bool, must: [{ match_all: {} }] } };
  const postFilter = positiveTypes.length > 0 ? { terms: { type: positiveTypes } } : null;
  const filterOnly: Dsl = {
    bool: {
      filter: [...filter, ...(postFilter ? [postFilter] : [])],
      ...(mustNot.length ? { must_not: mustNot } : {}),
    },
  };
  return { query, postFilter, filterOnly };
}

export function highlightSpec(): Dsl {
  return {
    pre_tags: [HIGHLIGHT_START],
    post_tags: [HIGHLIGHT_END],
    encoder: 'default',
    fields: {
      body: { number_of_fragments: 1, fragment_size: 160, no_match_size: 160 },
      title: { number_of_fragments: 0 },
      field_text: { number_of_fragments: 1, fragment_size: 160 },
    },
  };
}
