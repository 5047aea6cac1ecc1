/**
 * The library's table, virtualised: only the rows on screen (and a few around them) are in the page, each
 * at a fixed height and placed where its index says, in a scroller as tall as all of them; so 100,000
 * documents cost what 30 do. Rows not fetched yet are drawn as placeholders of the same height.
 *
 * It is an ARIA grid: the arrows move, Enter opens, Space selects, Shift+arrows and Shift-click select a
 * range, Ctrl/Cmd-click adds or takes away one row, Ctrl/Cmd+A selects everything matching, Escape
 * clears the selection.
 */
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { LibraryColumn, LibraryRow } from '../../../../electron/shared/contract/library.js';
import { confidenceLevel, percent } from '../documentFacts.js';
import { useLibrary, useLibraryStoreApi } from '../../state/AppStoreContext.js';
import { isSelected, rowAt } from '../../state/libraryStore.js';
import type { LibraryQuery } from '../../state/libraryRoute.js';
import { COLUMN_LABEL, folderOf, formatTotal, plainError, REVIEW_WORDS, typeLabel } from './libraryFormat.js';
import { Thumbnail } from './Thumbnail.js';

/** Height of every row, px (the CSS says the same: .library-row). */
export const ROW_HEIGHT = 48;
/** Rows drawn beyond each edge of the screen, so a short scroll shows rows already there. */
const OVERSCAN = 4;

const SORTABLE: readonly (LibraryColumn | null)[] = [
  null,
  null,
  'name',
  'type',
  'date',
  'party',
  'total',
  'confidence',
  'state',
];

export interface LibraryTableProps {
  query: LibraryQuery;
  onSort(column: LibraryColumn): void;
  onOpen(id: number): void;
}

export function LibraryTable({ query, onSort, onOpen }: LibraryTableProps) {
  const store = useLibraryStoreApi();
  const total = useLibrary((s) => s.counts?.total ?? 0);
  const pages = useLibrary((s) => s.pages);
  const selection = useLibrary((s) => s.selection);
  const cursor = useLibrary((s) => s.cursor);
  const scroller = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<[number, number]>([0, 30]);
  const frame = useRef<number | null>(null);

  const measure = useCallback(() => {
    frame.current = null;
    const el = scroller.current;
    if (!el) return;
    const first = Math.max(0, Math.floor(el.scrollTop / ROW_HEIGHT) - 1);
    const last = Math.ceil((el.scrollTop + el.clientHeight) / ROW_HEIGHT);
    setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
    store.getState().showRows(first, last);
  }, [store]);

  const onScroll = useCallback(() => {
    frame.current ??= requestAnimationFrame(measure);
  }, [measure]);

  // Back from a document: the place in the list is where it was.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = store.getState().scrollTop;
    measure();
    return () => {
      if (el) store.getState().setScrollTop(el.scrollTop);
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, [store, measure]);

  // A new query starts at the top.
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    const el = scroller.current;
    if (el && store.getState().scrollTop === 0) el.scrollTop = 0;
    measure();
  }, [queryKey, store, measure]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  /** Scrolls so row `index` is on screen (the keyboard moved there). */
  const reveal = useCallback((index: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = index * ROW_HEIGHT;
    const header = ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight - header)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight + header;
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const state = store.getState();
    const screenRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const moveTo = (index: number) => {
      const next = Math.max(0, Math.min(total - 1, index));
      if (e.shiftKey) {
        if (state.anchor === null) void state.select(state.cursor, 'only');
        void store.getState().select(next, 'range');
      }
      store.getState().setCursor(next);
      reveal(next);
    };
    switch (e.key) {
      case 'ArrowDown':
        moveTo(state.cursor + 1);
        break;
      case 'ArrowUp':
        moveTo(state.cursor - 1);
        break;
      case 'PageDown':
        moveTo(state.cursor + screenRows);
        break;
      case 'PageUp':
        moveTo(state.cursor - screenRows);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(total - 1);
        break;
      case ' ':
        void state.select(state.cursor, 'toggle');
        break;
      case 'Enter': {
        const row = rowAt(state, state.cursor);
        if (row) onOpen(row.id);
        break;
      }
      case 'Escape':
        if (state.selection.kind === 'all' || state.selection.ids.size > 0) state.clearSelection();
        else return;
        break;
      case 'a':
      case 'A':
        if (!(e.ctrlKey || e.metaKey)) return;
        state.selectAllMatching();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const onRowClick = useCallback(
    (index: number, e: MouseEvent) => {
      const state = store.getState();
      if (e.shiftKey) void state.select(index, 'range', e.ctrlKey || e.metaKey);
      else if (e.ctrlKey || e.metaKey) void state.select(index, 'toggle');
      else void state.select(index, 'only');
    },
    [store],
  );

  const onCheck = useCallback(
    (index: number, e: MouseEvent) => {
      e.stopPropagation();
      const state = store.getState();
      if (e.shiftKey && state.anchor !== null) void state.select(index, 'range', true);
      else void state.select(index, 'toggle');
    },
    [store],
  );

  const onRetry = useCallback((row: LibraryRow) => void store.getState().retry(row.id, row.name), [store]);

  const first = Math.max(0, range[0] - OVERSCAN);
  const last = Math.min(total - 1, range[1] + OVERSCAN);
  const rows = [];
  for (let index = first; index <= last; index++) {
    const row = rowAt({ pages }, index);
    rows.push(
      row ? (
        <Row
          key={index}
          index={index}
          row={row}
          selected={isSelected(selection, row.id)}
          active={index === cursor}
          onClick={onRowClick}
          onCheck={onCheck}
          onOpen={onOpen}
          onRetry={onRetry}
        />
      ) : (
        <div
          key={index}
          className="library-row library-row-loading"
          role="row"
          aria-rowindex={index + 2}
          aria-busy="true"
          style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
        >
          <span className="library-skeleton" role="gridcell" aria-label="Loading" />
        </div>
      ),
    );
  }

  return (
    <div
      className="library-scroller"
      ref={scroller}
      onScroll={onScroll}
      role="grid"
      aria-label="Documents"
      aria-rowcount={total + 1}
      aria-multiselectable="true"
      aria-activedescendant={total > 0 ? `library-row-${cursor}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="library-grid"
    >
      <div className="library-row library-head" role="row" aria-rowindex={1}>
        {SORTABLE.map((column, i) =>
          column === null ? (
            <span key={i} role="columnheader" className="library-cell">
              <span className="visually-hidden">{i === 0 ? 'Selected' : 'Picture'}</span>
            </span>
          ) : (
            <span
              key={column}
              role="columnheader"
              className={`library-cell library-col-${column}`}
              aria-sort={query.sort === column ? (query.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" className="library-sort" onClick={() => onSort(column)}>
                {COLUMN_LABEL[column]}
                <span className="library-sort-mark" aria-hidden="true">
                  {query.sort === column ? (query.direction === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </span>
          ),
        )}
      </div>
      <div className="library-canvas" style={{ height: total * ROW_HEIGHT }} role="rowgroup">
        {rows}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  row: LibraryRow;
  selected: boolean;
  active: boolean;
  onClick(index: number, e: MouseEvent): void;
  onCheck(index: number, e: MouseEvent): void;
  onOpen(id: number): void;
  onRetry(row: LibraryRow): void;
}

const Row = memo(function Row({ index, row, selected, active, onClick, onCheck, onOpen, onRetry }: RowProps) {
  const folder = folderOf(row.path);
  const confidence = row.lowestConfidence;
  return (
    <div
      id={`library-row-${index}`}
      className={`library-row${selected ? ' library-row-selected' : ''}${active ? ' library-row-active' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-state={row.state}
      data-id={row.id}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onClick={(e) => onClick(index, e)}
      // Shift- and Ctrl-clicks select rows, not the text between them.
      onMouseDown={(e) => {
        if (e.shiftKey || e.ctrlKey || e.metaKey) e.preventDefault();
      }}
      onDoubleClick={() => onOpen(row.id)}
    >
      <span role="gridcell" className="library-cell">
        <input
          type="checkbox"
          checked={selected}
          aria-label={`Select ${row.name}`}
          tabIndex={-1}
          readOnly
          onClick={(e) => onCheck(index, e)}
        />
      </span>
      <span role="gridcell" className="library-cell library-cell-thumb">
        <Thumbnail key={row.id} row={row} />
      </span>
      <span role="gridcell" className="library-cell library-col-name">
        <button
          type="button"
          className="link-button library-name"
          title={
            row.pathCount > 1
              ? `${row.path}\n(and ${row.pathCount - 1} more path${row.pathCount > 2 ? 's' : ''})`
              : (row.path ?? '')
          }
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            onOpen(row.id);
          }}
        >
          {row.name || '(no path)'}
        </button>
        {row.error ? (
          <span className="library-sub library-problem" title={`${row.error.message} (${row.error.code})`}>
            {plainError(row)}
          </span>
        ) : (
          <span className="library-sub muted" title={folder}>
            {folder}
            {row.pathCount > 1 ? ` · ${row.pathCount} places` : ''}
          </span>
        )}
      </span>
      <span role="gridcell" className="library-cell library-col-type">
        {row.type ? (
          <>
            <span className="library-line" title={typeLabel(row.type)}>
              {typeLabel(row.type)}
            </span>
            {row.typeSource === 'user' ? (
              <span className="library-sub muted">set by you</span>
            ) : row.typeConfidence !== null ? (
              <span className="library-sub muted">{percent(row.typeConfidence)} sure</span>
            ) : null}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </span>
      <span role="gridcell" className="library-cell library-col-date">
        {row.date ?? ''}
      </span>
      <span role="gridcell" className="library-cell library-col-party" title={row.party ?? ''}>
        {row.party ?? ''}
      </span>
      <span role="gridcell" className="library-cell library-col-total num">
        {formatTotal(row.total)}
      </span>
      <span role="gridcell" className="library-cell library-col-confidence">
        {confidence === null ? (
          ''
        ) : (
          <span className={`confidence confidence-${confidenceLevel(confidence)}`} title={REVIEW_WORDS[row.review]}>
            {percent(confidence)}
          </span>
        )}
        {row.review === 'needs_review' ? <span className="library-sub library-review">needs review</span> : null}
        {row.review === 'reviewed' ? <span className="library-sub muted">reviewed</span> : null}
      </span>
      <span role="gridcell" className="library-cell library-col-state">
        <span className={`badge badge-${row.state}`}>{row.state}</span>
        {row.state === 'failed' ? (
          <button
            type="button"
            className="library-retry"
            aria-label={`Retry ${row.name}`}
            tabIndex={-1}
            onClick={(e) => {
              e.stopPropagation();
              onRetry(row);
            }}
          >
            Retry
          </button>
        ) : null}
      </span>
    </div>
  );
});
