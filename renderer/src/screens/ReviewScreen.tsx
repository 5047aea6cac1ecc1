import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type Ref } from 'react';
import type { ReviewItem } from '../../../electron/shared/contract/api.js';
import type { DocumentDetail } from '../../../electron/shared/contract/documents.js';
import {
  DOCUMENT_TYPES,
  DocumentType,
  FIELD_SPECS,
  type FieldSpec,
} from '../../../electron/shared/contract/schemas/documentTypes.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import type { FieldValue } from '../../../electron/shared/contract/schemas/fieldValue.js';
import { confidenceLevel, fileName, formatNormalized, percent } from '../components/documentFacts.js';
import { OriginalActions } from '../components/DocumentView.js';
import { markFieldValues } from '../components/textMarks.js';
import { DocumentViewer, type ViewerBox } from '../components/viewer/DocumentViewer.js';
import { useReview, useRouter } from '../state/AppStoreContext.js';
import './ReviewScreen.css';

/** Probabilities shown beside the type: the likeliest few are what a person weighs. */
const PROBABILITIES_SHOWN = 3;

/** Keys typed into a control belong to it, not to the screen's shortcuts. */
function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The page to show: the selected field's, else the least confident located field's, else page 1. */
function pageToShow(doc: DocumentDetail, selectedField: string | null): number {
  const selected = doc.fields.find((f) => f.name === selectedField);
  if (selected?.page) return selected.page;
  const located = doc.fields
    .filter((f) => f.page !== null && f.box !== null)
    .sort((a, b) => a.confidence - b.confidence);
  return located[0]?.page ?? 1;
}

/** Where a key goes: digits 1–9 choose the selected field's candidates. */
function candidateIndex(e: KeyboardEvent): number | null {
  return /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : null;
}

/**
 * Review: the queue (lowest confidence first), the selected document's pages large (the viewer, with
 * the fields' boxes) and what was extracted from it, edited inline. Its id is in the address
 * (`#/review/12`). Shortcuts: j/k or ↓/↑ move through the queue; Enter (outside a field) or Ctrl+Enter
 * (anywhere) confirms the document; in a field Enter saves and moves to the next, Tab moves, Escape
 * reverts; Ctrl+Z or u (outside a field) undoes the last correction; 1–9 choose the selected field's
 * candidate (Alt+1–9 from inside its input).
 */
export function ReviewScreen() {
  const load = useReview((s) => s.load);
  const move = useReview((s) => s.move);
  const select = useReview((s) => s.select);
  const confirm = useReview((s) => s.confirm);
  const undo = useReview((s) => s.undo);
  const setField = useReview((s) => s.setField);
  const detail = useReview((s) => s.detail);
  const selectedId = useReview((s) => s.selectedId);
  const routeId = useRouter((s) => s.route.documentId);
  const navigate = useRouter((s) => s.navigate);
  const [activeField, setActiveField] = useState<string | null>(null);
  // The field shown on the page: set by focusing or clicking it, kept when the focus leaves.
  const [selectedField, setSelectedField] = useState<string | null>(null);
  const onFieldFocus = (field: string | null) => {
    setActiveField(field);
    if (field) setSelectedField(field);
  };
  useEffect(() => setSelectedField(null), [detail?.id]);

  // The document in the address is the one shown (a reload or a link opens it); the queue loads around it.
  useEffect(() => {
    if (routeId !== null) void select(routeId).then(() => load(true));
    else void load();
    // Once per visit of the screen: later changes of the address are followed below.
  }, []);
  useEffect(() => {
    if (routeId !== null && routeId !== selectedId) void select(routeId);
    // Only a change of the address selects; a selection changes the address below.
  }, [routeId]);
  // The selection the address last followed. A selection left from an earlier visit is not a choice: the
  // address opened another document, and going back to the old one would start a tug of war between them.
  const followed = useRef(routeId === null ? null : selectedId);
  useEffect(() => {
    if (selectedId === followed.current) return;
    followed.current = selectedId;
    if (selectedId !== null && selectedId !== routeId)
      navigate({ screen: 'review', documentId: selectedId }, { replace: routeId !== null });
  }, [selectedId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void confirm();
        return;
      }
      const editing = isEditable(e.target);
      const candidate = candidateIndex(e);
      if (candidate !== null && selectedField && detail && (e.altKey || !editing) && !e.ctrlKey && !e.metaKey) {
        const current = detail.fields.find((f) => f.name === selectedField);
        const choice = candidatesOf(detail, selectedField, current?.value)[candidate];
        if (choice) {
          e.preventDefault();
          void setField(selectedField, choice.value);
        }
        return;
      }
      if (e.altKey || e.metaKey || editing) return;
      if ((e.ctrlKey && e.key === 'z') || (!e.ctrlKey && e.key === 'u')) {
        e.preventDefault();
        void undo();
        return;
      }
      if (e.ctrlKey) return;
      if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault();
        void move(1);
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault();
        void move(-1);
      } else if (
        e.key === 'Enter' &&
        !(e.target instanceof HTMLButtonElement) &&
        !(e.target instanceof HTMLAnchorElement)
      ) {
        e.preventDefault();
        void confirm();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, confirm, undo, setField, selectedField, detail]);

  return (
    <div className="review-screen">
      <ReviewQueue />
      {detail ? (
        <>
          <PageTextPanel
            doc={detail}
            activeField={activeField}
            selectedField={selectedField}
            onBoxClick={onFieldFocus}
          />
          <ExtractionPanel doc={detail} selectedField={selectedField} onFieldFocus={onFieldFocus} />
        </>
      ) : (
        <ReviewPlaceholder />
      )}
    </div>
  );
}

/** Other values proposed for a field than the one shown, most confident first: what 1–9 choose. */
function candidatesOf(doc: DocumentDetail, field: string, shown: string | undefined): FieldValue[] {
  const seen = new Set<string>(shown !== undefined ? [shown] : []);
  return doc.fieldCandidates
    .filter((c) => c.name === field)
    .sort((a, b) => b.confidence - a.confidence)
    .filter((c) => (seen.has(c.value) ? false : (seen.add(c.value), true)));
}

function ReviewPlaceholder() {
  const loaded = useReview((s) => s.loaded);
  const selectedId = useReview((s) => s.selectedId);
  const error = useReview((s) => s.error);
  const items = useReview((s) => s.items);
  let text = 'Loading…';
  if (error) text = error;
  else if (loaded && items.length === 0)
    text = 'Nothing needs review: every type and field is confident or has been checked.';
  else if (loaded && selectedId === null) text = 'Select a document in the queue.';
  return (
    <section className="panel review-empty" aria-live="polite">
      <p className={error ? 'inline-error' : 'muted'}>{text}</p>
    </section>
  );
}

function ReviewQueue() {
  const items = useReview((s) => s.items);
  const done = useReview((s) => s.done);
  const selectedId = useReview((s) => s.selectedId);
  const select = useReview((s) => s.select);
  const load = useReview((s) => s.load);
  const selectedRef = useRef<HTMLButtonElement>(null);

  // A block body: Chromium's scrollIntoView returns a promise, and an effect may return only a cleanup.
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    selectedRef.current?.scrollIntoView?.({ block: 'nearest' });
    // Keyboard users moving with j/k from inside the queue keep their focus on the selected item.
    if (listRef.current?.contains(document.activeElement)) selectedRef.current?.focus();
  }, [selectedId]);

  return (
    <section className="panel review-queue" aria-labelledby="review-heading">
      <div className="panel-head">
        <h2 id="review-heading">To review</h2>
        <span className="muted small">{items.length - done.length} left</span>
        <button type="button" className="link-button small queue-reload" onClick={() => void load()}>
          Reload
        </button>
      </div>
      <p className="muted small shortcuts">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> confirm · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo ·{' '}
        <kbd>1</kbd>–<kbd>9</kbd> candidate
      </p>
      <ul className="queue" ref={listRef} aria-label="Documents to review, least confident first">
        {items.map((item) => (
          <li key={item.id}>
            <QueueItem
              item={item}
              done={done.includes(item.id)}
              current={item.id === selectedId}
              onSelect={() => void select(item.id)}
              buttonRef={item.id === selectedId ? selectedRef : undefined}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function QueueItem({
  item,
  done,
  current,
  onSelect,
  buttonRef,
}: {
  item: ReviewItem;
  done: boolean;
  current: boolean;
  onSelect: () => void;
  buttonRef: Ref<HTMLButtonElement> | undefined;
}) {
  return (
    <button
      type="button"
      ref={buttonRef}
      className={`queue-item${done ? ' queue-item-done' : ''}`}
      aria-current={current ? 'true' : undefined}
      onClick={onSelect}
    >
      <span className="queue-name">{fileName(item.paths[0])}</span>
      <span className="queue-meta">
        {item.type ?? 'no type'}
        {done ? (
          <span className="badge badge-review-reviewed">done</span>
        ) : (
          <span className={`confidence confidence-${confidenceLevel(item.lowestConfidence)}`}>
            {percent(item.lowestConfidence)}
          </span>
        )}
      </span>
      <span className="queue-reasons muted">{item.reasons.join(' · ')}</span>
    </button>
  );
}

function PageTextPanel({
  doc,
  activeField,
  selectedField,
  onBoxClick,
}: {
  doc: DocumentDetail;
  activeField: string | null;
  selectedField: string | null;
  onBoxClick(field: string): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const shownPage = pageToShow(doc, selectedField);
  const hasPages = doc.mime === 'application/pdf' || doc.mime.startsWith('image/');
  const boxes = useMemo<ViewerBox[]>(
    () =>
      doc.fields.flatMap((f) =>
        f.page !== null && f.box !== null
          ? [
              {
                page: f.page,
                box: f.box,
                field: f.name,
                label: `${f.name.replace(/_/g, ' ')}: ${f.value}`,
                active: f.name === selectedField,
                tone: f.source === 'user' ? ('user' as const) : confidenceLevel(f.confidence),
              },
            ]
          : [],
      ),
    [doc, selectedField],
  );

  // Scroll the value being corrected into view: the text is long, the field list is short.
  useEffect(() => {
    if (!activeField) return;
    container.current
      ?.querySelector(`mark[data-field="${CSS.escape(activeField)}"]`)
      ?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  }, [activeField, doc]);

  return (
    <section className="panel review-page" aria-labelledby="review-page-heading">
      <h2 id="review-page-heading" title={doc.paths.join('\n')}>
        {fileName(doc.paths[0])}
      </h2>
      <p className="muted small path">{doc.paths[0]}</p>
      {hasPages ? (
        <div className="review-viewer">
          <DocumentViewer
            doc={doc}
            boxes={boxes}
            page={shownPage}
            onBoxClick={onBoxClick}
            actions={<OriginalActions doc={doc} />}
          />
        </div>
      ) : (
        <div className="review-text" ref={container}>
          {doc.pageTexts.length === 0 ? <p className="muted">No text extracted.</p> : null}
          {doc.pageTexts.map((page) => {
            const values = doc.fields
              .filter((f) => f.value && (f.page === page.page || f.page === null))
              .map((f) => ({ field: f.name, value: f.value }));
            return (
              <article key={page.page} className="page" aria-label={`Page ${page.page}`}>
                {doc.pageTexts.length > 1 ? <h3>Page {page.page}</h3> : null}
                <div className="page-text">
                  {markFieldValues(page.text, values).map((part, i) =>
                    part.field ? (
                      <mark
                        key={i}
                        data-field={part.field}
                        className={part.field === activeField ? 'mark-active' : undefined}
                        title={part.field.replace(/_/g, ' ')}
                      >
                        {part.text}
                      </mark>
                    ) : (
                      <span key={i}>{part.text}</span>
                    ),
                  )}
                </div>
              </article>
            );
          })}
        </div>
      )}
    </section>
  );
}

function ExtractionPanel({
  doc,
  selectedField,
  onFieldFocus,
}: {
  doc: DocumentDetail;
  selectedField: string | null;
  onFieldFocus: (field: string | null) => void;
}) {
  const confirm = useReview((s) => s.confirm);
  const undo = useReview((s) => s.undo);
  const canUndo = useReview((s) => s.corrections.length > 0);
  const saving = useReview((s) => s.saving);
  const confirmError = useReview((s) => s.fieldErrors.confirm ?? s.fieldErrors.undo);
  const [bulk, setBulk] = useState(false);
  const parsedType = DocumentType.safeParse(doc.type);
  const specs: readonly FieldSpec[] = parsedType.success ? FIELD_SPECS[parsedType.data] : [];
  // Fields the engine holds that the type does not list (e.g. after a type change) are still shown.
  const extra = doc.fields.filter((f) => !specs.some((s) => s.name === f.name));

  return (
    <section className="panel review-extraction" aria-labelledby="extraction-heading">
      <div className="panel-head">
        <h2 id="extraction-heading">Extracted</h2>
        <span className="panel-tools review-actions">
          <button type="button" disabled={!canUndo || saving !== null} onClick={() => void undo()} title="Ctrl+Z">
            Undo
          </button>
          <button type="button" onClick={() => setBulk(true)}>
            Confirm sure ones…
          </button>
          <button
            type="button"
            className="primary"
            disabled={saving !== null}
            onClick={() => void confirm()}
            title="Ctrl+Enter"
          >
            Confirm document
          </button>
        </span>
      </div>
      <p className="muted small review-status" data-testid="review-status">
        {doc.review === 'reviewed'
          ? 'Reviewed.'
          : doc.uncertain.length > 0
            ? `Needs a look: ${doc.uncertain.map((u) => `${u.name.replace(/_/g, ' ')} ${percent(u.confidence)}`).join(', ')}.`
            : 'Nothing uncertain.'}
      </p>
      {bulk ? (
        <BulkConfirmDialog type={parsedType.success ? parsedType.data : null} onClose={() => setBulk(false)} />
      ) : null}
      {confirmError ? (
        <p className="inline-error" role="alert">
          {confirmError}
        </p>
      ) : null}
      <TypeEditor doc={doc} />
      {specs.length === 0 && extra.length === 0 ? (
        <p className="muted">A {doc.type ?? 'document without a type'} has no fields to extract.</p>
      ) : null}
      <div className="field-list">
        {specs.map((spec) => (
          <FieldEditor
            key={`${doc.id}-${spec.name}`}
            doc={doc}
            spec={spec}
            selected={spec.name === selectedField}
            onFocus={onFieldFocus}
          />
        ))}
        {extra.map((f) => (
          <FieldEditor
            key={`${doc.id}-${f.name}`}
            doc={doc}
            spec={{ name: f.name, kind: 'text', description: 'Not a field of this type.' }}
            selected={f.name === selectedField}
            onFocus={onFieldFocus}
          />
        ))}
      </div>
    </section>
  );
}

function SourceBadge({ source }: { source: FieldValue['source'] }) {
  return <span className={`badge badge-source badge-source-${source}`}>{source}</span>;
}

function TypeEditor({ doc }: { doc: DocumentDetail }) {
  const setType = useReview((s) => s.setType);
  const saving = useReview((s) => s.saving);
  const error = useReview((s) => s.fieldErrors.type);
  const [draft, setDraft] = useState(doc.type ?? '');
  const selectId = useId();
  const errorId = useId();
  useEffect(() => {
    setDraft(doc.type ?? '');
  }, [doc.id, doc.type]);

  const likely = Object.entries(doc.typeProbabilities)
    .sort((a, b) => b[1] - a[1])
    .slice(0, PROBABILITIES_SHOWN);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = DocumentType.safeParse(draft);
    if (parsed.success && draft !== doc.type) void setType(parsed.data);
  }

  return (
    <form className="type-editor" onSubmit={submit} aria-label="Document type">
      <div className="field-head">
        <label htmlFor={selectId} className="field-name">
          Type
        </label>
        {doc.typeConfidence !== null ? (
          <span className={`confidence confidence-${confidenceLevel(doc.typeConfidence)}`}>
            {percent(doc.typeConfidence)}
          </span>
        ) : null}
        {doc.typeSource ? <SourceBadge source={doc.typeSource} /> : null}
      </div>
      <div className="field-input-row">
        <select
          id={selectId}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-describedby={error ? errorId : undefined}
        >
          {doc.type === null ? <option value="">(none)</option> : null}
          {DOCUMENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        <button type="submit" disabled={draft === (doc.type ?? '') || saving !== null}>
          {saving === 'type' ? 'Saving…' : 'Set type'}
        </button>
      </div>
      {likely.length > 0 ? (
        <p className="muted small probabilities">
          Classifier: {likely.map(([type, p]) => `${type.replace(/_/g, ' ')} ${percent(p)}`).join(' · ')}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function FieldEditor({
  doc,
  spec,
  selected,
  onFocus,
}: {
  doc: DocumentDetail;
  spec: FieldSpec;
  selected: boolean;
  onFocus: (field: string | null) => void;
}) {
  const setField = useReview((s) => s.setField);
  const saving = useReview((s) => s.saving);
  const error = useReview((s) => s.fieldErrors[spec.name]);
  const current = doc.fields.find((f) => f.name === spec.name);
  const candidates = candidatesOf(doc, spec.name, current?.value);
  const uncertain = doc.uncertain.some((u) => u.name === spec.name);
  const [draft, setDraft] = useState(current?.value ?? '');
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();
  const label = spec.name.replace(/_/g, ' ');
  useEffect(() => {
    setDraft(current?.value ?? '');
  }, [current?.value, current?.source]);

  /** The next field's input, in the order shown (Enter moves on like a spreadsheet). */
  function focusNext() {
    const inputs = [...document.querySelectorAll<HTMLInputElement>('.field-list .field-editor input')];
    const at = inputs.indexOf(input.current!);
    inputs[at + 1]?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (draft === (current?.value ?? '')) {
      focusNext();
      return;
    }
    if (await setField(spec.name, draft)) focusNext();
  }

  const normalized = current ? formatNormalized(current.normalized) : '';
  const hints = [
    current && normalized && normalized !== current.value ? `reads as ${normalized}` : '',
    current && current.normalized === null && current.value ? 'could not be normalized' : '',
  ].filter(Boolean);
  return (
    // A click anywhere on the field (not only its input) shows it on the page.
    <form
      className={`field-editor${selected ? ' field-editor-selected' : ''}${uncertain ? ' field-editor-uncertain' : ''}`}
      data-field={spec.name}
      onSubmit={(e) => void submit(e)}
      onClick={() => onFocus(spec.name)}
      aria-label={label}
    >
      <div className="field-head">
        <label htmlFor={inputId} className="field-name" title={spec.description}>
          {label}
        </label>
        {current ? (
          <>
            <span
              className={`confidence confidence-${confidenceLevel(current.confidence)}`}
              title={`How sure ${current.source === 'user' ? 'a person' : `the ${current.source} reading`} is`}
            >
              {percent(current.confidence)}
            </span>
            <SourceBadge source={current.source} />
            {uncertain ? <span className="badge badge-review-needs_review">check</span> : null}
            {current.page !== null ? <span className="muted small">p. {current.page}</span> : null}
          </>
        ) : (
          <span className="muted small">not found</span>
        )}
        {saving === spec.name ? <span className="muted small">Saving…</span> : null}
      </div>
      <input
        ref={input}
        id={inputId}
        value={draft}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${error ? errorId : ''} ${hintId}`.trim()}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            // Back to what is stored; a second Escape leaves the field.
            if (draft !== (current?.value ?? '')) {
              e.preventDefault();
              e.stopPropagation();
              setDraft(current?.value ?? '');
            } else input.current?.blur();
          }
        }}
        onFocus={() => onFocus(spec.name)}
        onBlur={() => onFocus(null)}
      />
      {hints.length > 0 ? (
        <p id={hintId} className="muted small field-hint">
          {hints.join(' · ')}
        </p>
      ) : (
        <span id={hintId} hidden />
      )}
      {selected && candidates.length > 0 ? (
        <ol className="candidates" aria-label={`Other values for ${label}`}>
          {candidates.slice(0, 9).map((c, i) => (
            <li key={`${c.source}-${c.value}`}>
              <button
                type="button"
                className="link-button small"
                onClick={(e) => {
                  e.stopPropagation();
                  void setField(spec.name, c.value);
                }}
              >
                <kbd>{i + 1}</kbd> {c.value}{' '}
                <span className="muted">
                  ({c.source}, {percent(c.confidence)})
                </span>
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      {error ? (
        <p id={errorId} className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** Confirms every document of a type waiting for review whose every uncertain value is at least this sure. */
function BulkConfirmDialog({ type: initialType, onClose }: { type: DocumentType | null; onClose(): void }) {
  const confirmConfident = useReview((s) => s.confirmConfident);
  const dialog = useRef<HTMLDialogElement>(null);
  const [type, setType] = useState<DocumentType>(initialType ?? 'invoice');
  const [above, setAbove] = useState(60);
  const [count, setCount] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    let current = true;
    setCount(null);
    confirmConfident(type, above / 100, true).then(
      (ids) => current && setCount(ids.length),
      (error: unknown) => current && setProblem(AppError.wrap(error).message),
    );
    return () => {
      current = false;
    };
  }, [confirmConfident, type, above]);
  const plural = type.replace(/_/g, ' ') + (count === 1 ? '' : 's');
  return (
    <dialog ref={dialog} className="bulk-confirm" aria-labelledby="bulk-heading" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          confirmConfident(type, above / 100, false).then(
            () => dialog.current?.close(),
            (error: unknown) => setProblem(AppError.wrap(error).message),
          );
        }}
      >
        <h2 id="bulk-heading">Confirm the sure ones</h2>
        <label>
          Type{' '}
          <select value={type} onChange={(e) => setType(e.target.value as DocumentType)}>
            {DOCUMENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          every value at least{' '}
          <input
            type="number"
            min={0}
            max={100}
            value={above}
            onChange={(e) => setAbove(Math.min(100, Math.max(0, Number(e.target.value))))}
          />{' '}
          % sure
        </label>
        <p role="status" data-testid="bulk-count">
          {count === null
            ? 'Counting…'
            : count === 0
              ? `No ${type.replace(/_/g, ' ')} waiting for review is that sure.`
              : `${count} ${plural} waiting for review ${count === 1 ? 'is' : 'are'} at least ${above}% sure in every value.`}
        </p>
        {problem ? (
          <p className="inline-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="dialog-buttons">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!count}>
            Confirm {count ?? ''} {plural}
          </button>
        </div>
      </form>
    </dialog>
  );
}
