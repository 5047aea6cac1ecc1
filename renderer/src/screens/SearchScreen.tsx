import { useEffect, useId, useRef, type FormEvent } from 'react';
import { snippetParts, type SearchHit } from '../../../electron/shared/contract/search.js';
import { fileName } from '../components/documentFacts.js';
import { useRouter, useSearch } from '../state/AppStoreContext.js';
import { queryTypes, toggleTypeInQuery } from '../state/searchStore.js';
import './SearchScreen.css';

/** Typing pauses this long before the query runs; Enter runs it at once. */
const DEBOUNCE_MS = 300;
/** Fields shown under a hit; the document view has all of them. */
const FIELDS_SHOWN = 4;

/**
 * Search: query box, type facets, hits with highlighted snippets; a hit opens the document. The query is in
 * the address (`#/search?q=…`): typing replaces the current entry, a new query (after Enter, a facet, a
 * suggestion) starts a new one, so Back returns to the previous query's results, not to every keystroke.
 */
export function SearchScreen() {
  const searched = useSearch((s) => s.searched);
  const search = useSearch((s) => s.search);
  const setQuery = useSearch((s) => s.setQuery);
  const loadHealth = useSearch((s) => s.loadHealth);
  const routeQuery = useRouter((s) => s.route.params.q ?? '');
  const navigate = useRouter((s) => s.navigate);
  /** The query this screen put in the address last (its own change needs no second search). */
  const routed = useRef<string | null>(null);
  /** True while the person types one query: its keystrokes share one history entry. */
  const editing = useRef(false);

  useEffect(() => {
    void loadHealth();
  }, []);

  // The address decides what is shown: arrival, Back, Forward, a bookmark.
  useEffect(() => {
    if (routeQuery === routed.current) return;
    const arriving = routed.current === null;
    routed.current = routeQuery;
    editing.current = false;
    // Back on the screen with the query it showed: its results are still there.
    if (arriving && routeQuery === searched) {
      setQuery(routeQuery);
      return;
    }
    // Always searched again otherwise: a query still in flight (Back, then Forward at once) must not win.
    setQuery(routeQuery);
    void search(routeQuery);
  }, [routeQuery]);

  /** Puts `query` in the address: a new entry for a new query, the same one while typing. */
  function route(query: string, typing: boolean): void {
    const q = query.trim();
    if (q === routeQuery) {
      if (!typing) editing.current = false;
      return;
    }
    routed.current = q;
    navigate(
      { screen: 'search', params: q ? { q } : {} },
      { replace: (typing && editing.current) || routeQuery === '' },
    );
    editing.current = typing;
  }

  return (
    <div className="search-screen">
      <SearchBox route={route} />
      <SearchResults route={route} />
    </div>
  );
}

type RouteQuery = (query: string, typing: boolean) => void;

function SearchBox({ route }: { route: RouteQuery }) {
  const query = useSearch((s) => s.query);
  const setQuery = useSearch((s) => s.setQuery);
  const search = useSearch((s) => s.search);
  const error = useSearch((s) => s.error);
  const health = useSearch((s) => s.health);
  const focusPending = useSearch((s) => s.focusPending);
  const focusTaken = useSearch((s) => s.focusTaken);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  // A shortcut asked for the box (it may have brought the window here first).
  useEffect(() => {
    if (!focusPending) return;
    input.current?.focus();
    input.current?.select();
    focusTaken();
  }, [focusPending]);

  function runNow(event: FormEvent) {
    event.preventDefault();
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    route(query, false);
    void search();
  }

  function onType(value: string) {
    setQuery(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      route(value, true);
      void search(value);
    }, DEBOUNCE_MS);
  }

  return (
    <section className="panel search-box" aria-labelledby="search-heading">
      <h2 id="search-heading">Search</h2>
      <form role="search" onSubmit={runNow}>
        <label htmlFor={inputId} className="visually-hidden">
          Search documents
        </label>
        <div className="search-row">
          <input
            id={inputId}
            ref={input}
            type="search"
            value={query}
            placeholder='Words, "a phrase", type:invoice, total>100 …'
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error?.invalidQuery ? true : undefined}
            aria-describedby={`${error ? errorId : ''} ${helpId}`.trim()}
            aria-keyshortcuts="/ Control+K Meta+K"
            onChange={(e) => onType(e.target.value)}
          />
          <button type="submit" className="primary">
            Search
          </button>
        </div>
      </form>
      <div id={errorId} role="alert">
        {error ? <p className="inline-error">{error.message}</p> : null}
      </div>
      <p id={helpId} className="muted small">
        Words, <code>"phrases"</code>, <code>-exclude</code>, <code>prefix*</code>, <code>type:invoice</code>,{' '}
        <code>vendor:acme</code>, <code>total&gt;100</code>, <code>date:2023-01..2023-06</code>,{' '}
        <code>path:/folder</code>. Press <kbd>/</kbd> or <kbd>Ctrl</kbd>+<kbd>K</kbd> to come back here.
      </p>
      {health ? (
        <p className={`muted small health${health.needsReindex ? ' health-warn' : ''}`} data-testid="search-health">
          {/* The engine's note says it best when it has one ("lexical only: no embedding model configured"). */}
          {health.note ||
            (health.vectors ? 'Hybrid search: words and meaning' : 'Lexical search only: words, not meaning')}{' '}
          · {health.documents} documents indexed
        </p>
      ) : null}
    </section>
  );
}

/** "Did you mean **invoice** total>100?": the corrected words in bold; a click runs it. */
function DidYouMean({ route }: { route: RouteQuery }) {
  const suggestion = useSearch((s) => s.suggestion);
  const setQuery = useSearch((s) => s.setQuery);
  const search = useSearch((s) => s.search);
  if (!suggestion) return null;
  const changed = new Set(suggestion.words.map((w) => w.suggestion));
  const run = () => {
    setQuery(suggestion.query);
    route(suggestion.query, false);
    void search(suggestion.query);
  };
  return (
    <p className="did-you-mean">
      Did you mean{' '}
      <a
        href={`#/search?q=${encodeURIComponent(suggestion.query)}`}
        onClick={(e) => {
          e.preventDefault();
          run();
        }}
      >
        {suggestion.query.split(/(\s+)/).map((part, i) => (changed.has(part) ? <strong key={i}>{part}</strong> : part))}
      </a>
      ?
    </p>
  );
}

function SearchResults({ route }: { route: RouteQuery }) {
  const searched = useSearch((s) => s.searched);
  const query = useSearch((s) => s.query);
  const hits = useSearch((s) => s.hits);
  const total = useSearch((s) => s.total);
  const tookMs = useSearch((s) => s.tookMs);
  const facets = useSearch((s) => s.facets);
  const fallback = useSearch((s) => s.fallback);
  const loading = useSearch((s) => s.loading);
  const error = useSearch((s) => s.error);
  const more = useSearch((s) => s.more);
  const toggleType = useSearch((s) => s.toggleType);
  const onFacet = (type: string) => {
    void toggleType(type);
    // The store has the new query at once; it starts a new history entry like any new query.
    route(toggleTypeInQuery(query, type), false);
  };
  const activeTypes = queryTypes(query);
  const facetEntries = Object.entries(facets).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

  if (searched === null || error) return null;
  return (
    <section className="panel search-results" aria-labelledby="results-heading">
      <DidYouMean route={route} />
      <div className="panel-head">
        <h2 id="results-heading">Results</h2>
        <p className="muted small" role="status">
          {loading ? 'Searching…' : `${total} document${total === 1 ? '' : 's'} · ${Math.round(tookMs)} ms`}
        </p>
      </div>
      {facetEntries.length > 0 ? (
        <div className="facets" role="group" aria-label="Filter by type">
          {facetEntries.map(([type, count]) => (
            <button
              key={type}
              type="button"
              className="facet"
              aria-pressed={activeTypes.includes(type)}
              onClick={() => onFacet(type)}
            >
              {type} <span className="facet-count">{count}</span>
            </button>
          ))}
        </div>
      ) : null}
      {fallback ? <p className="hint">No document has every word; these have some of them.</p> : null}
      {hits.length === 0 && !loading ? (
        <p className="muted empty">Nothing matches {searched ? `“${searched}”` : ''}.</p>
      ) : null}
      <ol className="hits">
        {hits.map((hit) => (
          <HitItem key={hit.id} hit={hit} />
        ))}
      </ol>
      {hits.length < total ? (
        <button type="button" onClick={() => void more()} disabled={loading}>
          More ({hits.length} of {total} shown)
        </button>
      ) : null}
    </section>
  );
}

function formatHitField(value: SearchHit['fields'][string]): string {
  if (value === null) return '';
  return Array.isArray(value) ? value.join('; ') : String(value);
}

/** Scores differ in scale by backend and mode; two decimals say enough to compare hits of one result. */
function formatScore(score: number): string {
  return score < 0.01 ? '< 0.01' : score.toFixed(2);
}

function HitItem({ hit }: { hit: SearchHit }) {
  const navigate = useRouter((s) => s.navigate);
  const name = fileName(hit.paths[0]);
  const fields = Object.entries(hit.fields)
    .filter(([, v]) => formatHitField(v) !== '')
    .slice(0, FIELDS_SHOWN);
  return (
    <li className="hit">
      <div className="hit-head">
        <button
          type="button"
          className="link-button hit-title"
          onClick={() => navigate({ screen: 'documents', documentId: hit.id })}
        >
          {name}
        </button>
        {hit.type ? <span className="badge badge-type">{hit.type}</span> : null}
        {hit.score > 0 ? (
          <span className="muted small hit-score" title="Relevance, comparable within this result only">
            score {formatScore(hit.score)}
          </span>
        ) : null}
      </div>
      <div className="path muted small">{hit.paths.join(' · ')}</div>
      {hit.snippet ? (
        <p className="snippet">
          {/* Document text is untrusted: the snippet is split into text nodes, never parsed as markup. */}
          {snippetParts(hit.snippet).map((part, i) =>
            part.highlight ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
          )}
          {hit.page !== null && hit.page > 1 ? <span className="muted small"> (page {hit.page})</span> : null}
        </p>
      ) : null}
      {fields.length > 0 ? (
        <dl className="hit-fields">
          {fields.map(([name, value]) => (
            <div key={name}>
              <dt>{name.replace(/_/g, ' ')}</dt>
              <dd>{formatHitField(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  );
}
