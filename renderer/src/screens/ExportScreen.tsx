import { useEffect, useId, useMemo } from 'react';
import {
  ALL_FIELD_NAMES,
  defaultExportFields,
  exportRequestOfQuery,
  ExportRequest,
  MAX_EXPORT_IDS,
  REVIEW_STATES,
  SHARED_FIELD_NAMES,
  type ExportCell,
  type ExportRequestInput,
} from '../../../electron/shared/contract/exports.js';
import { DOCUMENT_STATES } from '../../../electron/shared/contract/jobs.js';
import {
  DOCUMENT_TYPES,
  FIELD_SPECS,
  type DocumentType,
} from '../../../electron/shared/contract/schemas/documentTypes.js';
import { useExport, useRouter } from '../state/AppStoreContext.js';
import './ExportScreen.css';

/** Choices change the preview after this pause (a slider drags through many values). */
const PREVIEW_DEBOUNCE_MS = 250;
/** The route's word for "no field columns" (empty route values are dropped from the address). */
const NO_FIELDS = 'none';

/**
 * The export's choices as the address keeps them (`#/export?type=invoice&fields=date,total&minConfidence=0.8`),
 * the library's parameters included (`state`, `review`, `q`, `ids`). What does not parse is left out, so an
 * old or hand-typed address still gives an export.
 */
export function requestOfParams(params: Record<string, string>): ExportRequestInput {
  const query = {
    get: (name: string) => (name === 'fields' && params.fields === NO_FIELDS ? '' : (params[name] ?? null)),
  };
  const raw = exportRequestOfQuery(query);
  const out: ExportRequestInput = {};
  for (const [key, value] of Object.entries(raw)) {
    const one = ExportRequest.safeParse({ [key]: value });
    if (one.success) Object.assign(out, { [key]: (one.data as Record<string, unknown>)[key] });
  }
  if (raw.bom !== true) delete out.bom;
  return out;
}

/** The address's parameters for a request. */
export function paramsOfRequest(request: ExportRequestInput): Record<string, string> {
  const params: Record<string, string> = {};
  if (request.type) params.type = request.type;
  if (request.fields) params.fields = request.fields.length === 0 ? NO_FIELDS : request.fields.join(',');
  if (request.minConfidence) params.minConfidence = String(request.minConfidence);
  if (request.state) params.state = request.state;
  if (request.review) params.review = request.review;
  if (request.q) params.q = request.q;
  if (request.ids?.length) params.ids = request.ids.join(',');
  if (request.bom) params.bom = '1';
  return params;
}

const words = (name: string) => name.replace(/_/g, ' ');

/**
 * Export to CSV: which documents (type, state, review status, a search, the library's selection), which
 * columns, a confidence threshold, a preview of the first rows, and a download (browser) or a save dialog
 * (desktop). Nothing here names a path on the engine's machine.
 */
export function ExportScreen() {
  const params = useRouter((s) => s.route.params);
  const navigate = useRouter((s) => s.navigate);
  const request = useMemo(() => requestOfParams(params), [params]);
  const loadPreview = useExport((s) => s.loadPreview);
  const key = JSON.stringify(request);

  useEffect(() => {
    const timer = setTimeout(() => void loadPreview(request), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);

  /** A change of choices replaces the address: the choices are the screen's state, not steps to go back through. */
  const change = (next: Partial<ExportRequestInput>) => {
    const merged: ExportRequestInput = { ...request, ...next };
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete (merged as Record<string, unknown>)[k];
    navigate({ screen: 'export', params: paramsOfRequest(merged) }, { replace: true });
  };

  return (
    <div className="export-screen">
      <section className="panel" aria-labelledby="export-heading">
        <h2 id="export-heading">Export to CSV</h2>
        <p className="muted small">
          One row per document: its id, paths, type, review status, then each chosen field with its confidence. UTF-8,
          comma-separated; cells a spreadsheet would run as formulas are written as text.
        </p>
        <div className="export-choices">
          <Documents request={request} change={change} />
          <Fields request={request} change={change} />
          <Options request={request} change={change} />
        </div>
      </section>
      <Preview request={request} />
    </div>
  );
}

type Change = (next: Partial<ExportRequestInput>) => void;

function Documents({ request, change }: { request: ExportRequestInput; change: Change }) {
  const typeId = useId();
  const stateId = useId();
  const reviewId = useId();
  const queryId = useId();
  return (
    <fieldset className="export-group">
      <legend>Documents</legend>
      <label htmlFor={typeId}>Type</label>
      <select
        id={typeId}
        value={request.type ?? ''}
        // Another type has other fields: its own become the columns.
        onChange={(e) => change({ type: (e.target.value || undefined) as DocumentType | undefined, fields: undefined })}
      >
        <option value="">all types</option>
        {DOCUMENT_TYPES.map((t) => (
          <option key={t} value={t}>
            {words(t)}
          </option>
        ))}
      </select>
      <label htmlFor={stateId}>State</label>
      <select
        id={stateId}
        value={request.state ?? ''}
        onChange={(e) => change({ state: (e.target.value || undefined) as ExportRequestInput['state'] })}
      >
        <option value="">any state</option>
        {DOCUMENT_STATES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <label htmlFor={reviewId}>Review</label>
      <select
        id={reviewId}
        value={request.review ?? ''}
        onChange={(e) => change({ review: (e.target.value || undefined) as ExportRequestInput['review'] })}
      >
        <option value="">any review status</option>
        {REVIEW_STATES.map((s) => (
          <option key={s} value={s}>
            {words(s)}
          </option>
        ))}
      </select>
      <label htmlFor={queryId}>Search</label>
      <input
        id={queryId}
        type="search"
        value={request.q ?? ''}
        placeholder="only documents this search finds"
        spellCheck={false}
        onChange={(e) => change({ q: e.target.value || undefined })}
      />
      {request.ids?.length ? (
        <p className="export-selection">
          Only the {request.ids.length} document{request.ids.length === 1 ? '' : 's'} selected in the library.{' '}
          <button type="button" className="link-button" onClick={() => change({ ids: undefined })}>
            Export every matching document instead
          </button>
        </p>
      ) : (
        <p className="muted small">
          A selection of up to {MAX_EXPORT_IDS} documents comes from the library&apos;s “Export selection”.
        </p>
      )}
    </fieldset>
  );
}

function Fields({ request, change }: { request: ExportRequestInput; change: Change }) {
  const chosen = new Set(request.fields ?? defaultExportFields(request.type));
  const primary = request.type ? FIELD_SPECS[request.type].map((f) => f.name) : [...SHARED_FIELD_NAMES];
  const others = request.type ? [] : ALL_FIELD_NAMES.filter((n) => !SHARED_FIELD_NAMES.includes(n));
  const all = [...primary, ...others];
  const set = (names: string[]) => change({ fields: all.filter((n) => names.includes(n)) });
  const toggle = (name: string, on: boolean) => set(on ? [...chosen, name] : [...chosen].filter((n) => n !== name));
  const box = (name: string) => (
    <label key={name} className="checkbox">
      <input type="checkbox" checked={chosen.has(name)} onChange={(e) => toggle(name, e.target.checked)} />{' '}
      {words(name)}
    </label>
  );
  const othersChosen = others.filter((n) => chosen.has(n)).length;
  return (
    <fieldset className="export-group export-fields">
      <legend>Fields</legend>
      <div className="export-field-tools">
        <button type="button" className="link-button" onClick={() => set(all)}>
          Select all
        </button>
        <button type="button" className="link-button" onClick={() => set([])}>
          Select none
        </button>
        {request.fields ? (
          <button type="button" className="link-button" onClick={() => change({ fields: undefined })}>
            Default
          </button>
        ) : null}
      </div>
      {primary.length === 0 ? <p className="muted small">This type has no fields of its own.</p> : null}
      <div
        className="export-field-list"
        role="group"
        aria-label={request.type ? `Fields of ${words(request.type)}` : 'Fields types share'}
      >
        {primary.map(box)}
      </div>
      {others.length > 0 ? (
        <details className="export-more-fields">
          <summary>
            More fields ({othersChosen} of {others.length} chosen)
          </summary>
          <div className="export-field-list" role="group" aria-label="More fields">
            {others.map(box)}
          </div>
        </details>
      ) : null}
    </fieldset>
  );
}

function Options({ request, change }: { request: ExportRequestInput; change: Change }) {
  const thresholdId = useId();
  const sentenceId = useId();
  const percent = Math.round((request.minConfidence ?? 0) * 100);
  return (
    <fieldset className="export-group">
      <legend>Options</legend>
      <label htmlFor={thresholdId}>Confidence threshold: {percent} %</label>
      <input
        id={thresholdId}
        type="range"
        min={0}
        max={100}
        step={5}
        value={percent}
        aria-describedby={sentenceId}
        onChange={(e) => change({ minConfidence: Number(e.target.value) / 100 || undefined })}
      />
      <p id={sentenceId} className="muted small">
        {percent === 0
          ? 'Every value is written, however unsure docpipe is of it; its confidence is in the column beside it.'
          : `A value docpipe read with less than ${percent} % confidence is left empty (value and confidence), so a guess is not taken for a fact. Corrections are always written.`}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={request.bom === true}
          onChange={(e) => change({ bom: e.target.checked || undefined })}
        />{' '}
        Start with a byte order mark, so Excel reads accents right
      </label>
    </fieldset>
  );
}

function formatCell(cell: ExportCell): string {
  return cell === null ? '' : String(cell);
}

function Preview({ request }: { request: ExportRequestInput }) {
  const preview = useExport((s) => s.preview);
  const loading = useExport((s) => s.loading);
  const error = useExport((s) => s.error);
  const saver = useExport((s) => s.saver);
  const saving = useExport((s) => s.saving);
  const message = useExport((s) => s.message);
  const downloadUrl = useExport((s) => s.downloadUrl);
  const save = useExport((s) => s.save);
  const url = downloadUrl(request);
  const empty = preview !== null && preview.total === 0;
  return (
    <section className="panel" aria-labelledby="preview-heading">
      <div className="panel-head">
        <h2 id="preview-heading">Preview</h2>
        <div className="panel-tools">
          {url !== null ? (
            <a
              className={`button primary${empty ? ' disabled' : ''}`}
              href={url}
              download={preview?.filename ?? 'docpipe.csv'}
              aria-disabled={empty || undefined}
              onClick={(e) => {
                if (empty) e.preventDefault();
              }}
            >
              Download CSV
            </a>
          ) : saver === 'dialog' ? (
            <button type="button" className="primary" disabled={saving || empty} onClick={() => void save(request)}>
              {saving ? 'Saving…' : 'Save CSV…'}
            </button>
          ) : null}
        </div>
      </div>
      <p className="muted small" role="status" data-testid="export-count">
        {error
          ? ''
          : preview === null
            ? 'Loading…'
            : `${preview.total} document${preview.total === 1 ? '' : 's'} will be exported${preview.total > preview.rows.length ? `; the first ${preview.rows.length} are shown` : ''}${loading ? ' (updating…)' : ''}.`}
      </p>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
      {preview && preview.rows.length > 0 ? (
        <div className="table-scroll export-preview">
          <table aria-labelledby="preview-heading">
            <thead>
              <tr>
                {preview.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j} className={typeof cell === 'number' ? 'num' : undefined}>
                      {formatCell(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
