/**
 * The library: every document of the archive in one table that stays fast at 100,000 (LibraryTable),
 * sorted and filtered as the address says (the sort and filters live in the route's parameters, so Back
 * and a reload keep them), with counts in documents, a selection and its bulk actions: set type, confirm,
 * reprocess, export, remove from the archive (after a confirmation that says the files stay on disk).
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { DOCUMENT_TYPES, type DocumentType } from '../../../../electron/shared/contract/schemas/documentTypes.js';
import type { LibraryColumn, LibraryFilter } from '../../../../electron/shared/contract/library.js';
import { useLibrary, useLibraryStoreApi, useRouter } from '../../state/AppStoreContext.js';
import { exportParams, paramsFromQuery, queryFromParams } from '../../state/libraryRoute.js';
import { selectedCount } from '../../state/libraryStore.js';
import { firstDirection, formatCount, typeLabel } from './libraryFormat.js';
import { LibraryFilters } from './LibraryFilters.js';
import { LibraryTable } from './LibraryTable.js';
import './Library.css';

export function Library() {
  const store = useLibraryStoreApi();
  // The parameters as text (a new route object with the same parameters is the same query). While a
  // document is open the address is the document's: the list keeps its own query for Back.
  const routeKey = useRouter((s) => (s.route.documentId === null ? JSON.stringify(s.route.params) : null));
  const lastKey = useRef('{}');
  if (routeKey !== null) lastKey.current = routeKey;
  const paramsKey = routeKey ?? lastKey.current;
  const navigate = useRouter((s) => s.navigate);
  const query = useMemo(() => queryFromParams(JSON.parse(paramsKey) as Record<string, string>), [paramsKey]);
  const counts = useLibrary((s) => s.counts);
  const loading = useLibrary((s) => s.loading);
  const error = useLibrary((s) => s.error);
  const message = useLibrary((s) => s.message);

  useEffect(() => store.getState().connect(), [store]);
  useEffect(() => store.getState().setQuery(query), [store, query]);

  const setFilter = useCallback(
    (filter: LibraryFilter) => navigate({ params: paramsFromQuery({ ...query, filter }) }, { replace: true }),
    [navigate, query],
  );
  const sortBy = useCallback(
    (column: LibraryColumn) =>
      navigate(
        {
          params: paramsFromQuery({
            ...query,
            sort: column,
            direction: query.sort === column ? (query.direction === 'asc' ? 'desc' : 'asc') : firstDirection(column),
          }),
        },
        { replace: true },
      ),
    [navigate, query],
  );
  const open = useCallback((id: number) => navigate({ screen: 'documents', documentId: id }), [navigate]);

  const archive = counts?.archive ?? 0;
  return (
    <section className="panel library" aria-labelledby="library-heading">
      <div className="panel-head">
        <h2 id="library-heading">Documents</h2>
        <p className="library-count" role="status" aria-live="polite" data-testid="library-count">
          {counts === null
            ? loading
              ? 'Loading…'
              : ''
            : counts.total === archive
              ? `${formatCount(archive)} document${archive === 1 ? '' : 's'}`
              : `${formatCount(counts.total)} of ${formatCount(archive)} documents`}
        </p>
        {counts && counts.state.failed > 0 && !query.filter.state?.includes('failed') ? (
          <button type="button" onClick={() => setFilter({ ...query.filter, state: ['failed'] })}>
            Show {formatCount(counts.state.failed)} failed
          </button>
        ) : null}
      </div>
      <LibraryFilters filter={query.filter} counts={counts} onChange={setFilter} />
      <SelectionBar filter={query.filter} />
      {message ? (
        <p
          className={`library-message notice notice-${message.kind}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
          <button type="button" className="link-button" onClick={() => store.getState().dismissMessage()}>
            Dismiss
          </button>
        </p>
      ) : null}
      {error ? (
        <div className="error-box library-error" role="alert">
          <p>The documents could not be read: {error}</p>
          <button type="button" onClick={() => void store.getState().refresh()}>
            Retry
          </button>
        </div>
      ) : null}
      {counts !== null && archive === 0 ? (
        <p className="muted empty">No documents yet. Add a folder above.</p>
      ) : counts !== null && counts.total === 0 ? (
        <p className="muted empty">
          No document matches these filters.{' '}
          <button type="button" className="link-button" onClick={() => setFilter({})}>
            Clear filters
          </button>
        </p>
      ) : null}
      <LibraryTable query={query} onSort={sortBy} onOpen={open} />
    </section>
  );
}

/** What can be done with the selected documents; shown while there is a selection. */
function SelectionBar({ filter }: { filter: LibraryFilter }) {
  const store = useLibraryStoreApi();
  const navigate = useRouter((s) => s.navigate);
  const selection = useLibrary((s) => s.selection);
  const total = useLibrary((s) => s.counts?.total ?? 0);
  const busy = useLibrary((s) => s.busy);
  const count = useLibrary(selectedCount);
  const [type, setType] = useState<DocumentType | ''>('');
  const [confirming, setConfirming] = useState(false);
  const typeId = useId();

  if (count === 0 && selection.kind === 'ids') {
    return total > 0 ? (
      <div className="library-selection library-selection-empty">
        <button type="button" className="link-button" onClick={() => store.getState().selectAllMatching()}>
          Select all {formatCount(total)} matching
        </button>
        <span className="muted">
          or click rows (Shift for a range, Ctrl/⌘ for one more); Space selects, Enter opens.
        </span>
      </div>
    ) : null;
  }

  const toExport = () => {
    const { params } = exportParams(filter, store.getState().selectedIds());
    navigate({ screen: 'export', documentId: null, params });
  };

  return (
    <div className="library-selection" role="toolbar" aria-label="Selected documents">
      <strong data-testid="selected-count">{formatCount(count)} selected</strong>
      {selection.kind === 'ids' && count < total ? (
        <button type="button" className="link-button" onClick={() => store.getState().selectAllMatching()}>
          Select all {formatCount(total)} matching
        </button>
      ) : null}
      <span className="library-set-type">
        <label htmlFor={typeId}>Set type to</label>
        <select id={typeId} value={type} onChange={(e) => setType(e.target.value as DocumentType | '')}>
          <option value="">choose…</option>
          {DOCUMENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {typeLabel(t)}
            </option>
          ))}
        </select>
        <button type="button" disabled={!type || busy} onClick={() => type && void store.getState().setType(type)}>
          Set type
        </button>
      </span>
      <button type="button" disabled={busy} onClick={() => void store.getState().confirm()}>
        Confirm
      </button>
      <button type="button" disabled={busy} onClick={() => void store.getState().reprocess()}>
        Reprocess
      </button>
      <button type="button" disabled={busy} onClick={toExport}>
        Export…
      </button>
      <button type="button" className="library-danger" disabled={busy} onClick={() => setConfirming(true)}>
        Remove…
      </button>
      <button type="button" className="link-button" onClick={() => store.getState().clearSelection()}>
        Clear selection
      </button>
      {confirming ? (
        <RemoveDialog
          count={count}
          onCancel={() => setConfirming(false)}
          onRemove={() => {
            setConfirming(false);
            void store.getState().remove();
          }}
        />
      ) : null}
    </div>
  );
}

/** Asks before removing: how many, and that the files on disk stay as they are. */
function RemoveDialog({ count, onCancel, onRemove }: { count: number; onCancel(): void; onRemove(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);
  const documents = `${formatCount(count)} document${count === 1 ? '' : 's'}`;
  return (
    <dialog ref={dialog} className="library-dialog" aria-labelledby={headingId} onCancel={onCancel}>
      <h2 id={headingId}>Remove {documents} from the archive?</h2>
      <p>
        docpipe forgets {count === 1 ? 'it' : 'them'}: text, fields, corrections, thumbnails and search entries.{' '}
        <strong>The files on disk are not touched.</strong>
      </p>
      <p className="muted">
        A scan of a watched folder will not bring {count === 1 ? 'it' : 'them'} back unless a file changes; adding a
        file by its own name does.
      </p>
      <div className="library-dialog-actions">
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="library-danger" onClick={onRemove}>
          Remove {documents}
        </button>
      </div>
    </dialog>
  );
}
