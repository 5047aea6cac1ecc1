/** The library's filter bar: text, type, state, review status and a confidence range, each with its count. */
import { useEffect, useId, useState } from 'react';
import { DOCUMENT_STATES } from '../../../../electron/shared/contract/jobs.js';
import {
  LIBRARY_TYPES,
  REVIEW_STATUSES,
  type LibraryCounts,
  type LibraryFilter,
} from '../../../../electron/shared/contract/library.js';
import { formatCount, REVIEW_WORDS, typeLabel } from './libraryFormat.js';

/** How long typing may pause before the filter follows it. */
const TYPING_MS = 200;

export interface LibraryFiltersProps {
  filter: LibraryFilter;
  counts: LibraryCounts | null;
  onChange(filter: LibraryFilter): void;
}

function withCount(label: string, n: number | undefined): string {
  return n === undefined ? label : `${label} (${formatCount(n)})`;
}

/** One choice from a list, or all (the filter's list holds one value, or none). */
function Choice<T extends string>({
  label,
  all,
  values,
  chosen,
  count,
  word,
  onChoose,
}: {
  label: string;
  all: string;
  values: readonly T[];
  chosen: readonly T[] | undefined;
  count: (value: T) => number | undefined;
  word: (value: T) => string;
  onChoose(values: T[] | undefined): void;
}) {
  const id = useId();
  const value = chosen?.length === 1 ? chosen[0] : chosen && chosen.length > 1 ? chosen.join(',') : '';
  return (
    <span className="library-filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChoose(e.target.value ? (e.target.value.split(',') as T[]) : undefined)}
      >
        <option value="">{all}</option>
        {chosen && chosen.length > 1 ? <option value={value}>{chosen.map(word).join(', ')}</option> : null}
        {values.map((v) => (
          <option key={v} value={v}>
            {withCount(word(v), count(v))}
          </option>
        ))}
      </select>
    </span>
  );
}

export function LibraryFilters({ filter, counts, onChange }: LibraryFiltersProps) {
  const textId = useId();
  const minId = useId();
  const maxId = useId();
  const [text, setText] = useState(filter.q ?? '');

  // The address changed the text (Back, a link): the box follows.
  useEffect(() => setText(filter.q ?? ''), [filter.q]);

  // Typing: the filter follows once the typing pauses.
  useEffect(() => {
    if (text.trim() === (filter.q ?? '')) return;
    const timer = setTimeout(() => onChange({ ...filter, q: text.trim() || undefined }), TYPING_MS);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);

  const percentOf = (value: number | undefined) => (value === undefined ? '' : String(Math.round(value * 100)));
  const setPercent = (key: 'minConfidence' | 'maxConfidence', raw: string) => {
    const n = raw === '' ? undefined : Math.max(0, Math.min(100, Number(raw))) / 100;
    onChange({ ...filter, [key]: Number.isFinite(n) ? n : undefined });
  };
  const filtered =
    Boolean(filter.q) ||
    Boolean(filter.type?.length) ||
    Boolean(filter.state?.length) ||
    Boolean(filter.review?.length) ||
    filter.minConfidence !== undefined ||
    filter.maxConfidence !== undefined;

  return (
    <div className="library-filters" role="search" aria-label="Filter documents">
      <span className="library-filter library-filter-text">
        <label htmlFor={textId} className="visually-hidden">
          Filter by name or folder
        </label>
        <input
          id={textId}
          type="search"
          placeholder="Filter by name or folder…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange({ ...filter, q: text.trim() || undefined });
          }}
        />
      </span>
      <Choice
        label="Type"
        all="All types"
        values={LIBRARY_TYPES}
        chosen={filter.type}
        count={(t) => counts?.type[t]}
        word={(t) => (t === 'untyped' ? 'no type yet' : typeLabel(t))}
        onChoose={(type) => onChange({ ...filter, type })}
      />
      <Choice
        label="State"
        all="All states"
        values={DOCUMENT_STATES}
        chosen={filter.state}
        count={(s) => counts?.state[s]}
        word={(s) => s}
        onChoose={(state) => onChange({ ...filter, state })}
      />
      <Choice
        label="Review"
        all="Any review"
        values={REVIEW_STATUSES}
        chosen={filter.review}
        count={(r) => counts?.review[r]}
        word={(r) => REVIEW_WORDS[r]}
        onChoose={(review) => onChange({ ...filter, review })}
      />
      <span className="library-filter library-filter-confidence">
        <label htmlFor={minId}>Confidence</label>
        <input
          id={minId}
          type="number"
          min={0}
          max={100}
          inputMode="numeric"
          placeholder="0"
          aria-label="Lowest confidence at least, percent"
          value={percentOf(filter.minConfidence)}
          onChange={(e) => setPercent('minConfidence', e.target.value)}
        />
        <label htmlFor={maxId}>to</label>
        <input
          id={maxId}
          type="number"
          min={0}
          max={100}
          inputMode="numeric"
          placeholder="100"
          aria-label="Lowest confidence at most, percent"
          value={percentOf(filter.maxConfidence)}
          onChange={(e) => setPercent('maxConfidence', e.target.value)}
        />
        %
      </span>
      {filtered ? (
        <button type="button" onClick={() => onChange({})}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
