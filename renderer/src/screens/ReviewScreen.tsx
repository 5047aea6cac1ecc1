import { useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import type { ReviewItem } from '../../../electron/shared/contract/api.js';
import type { DocumentDetail } from '../../../electron/shared/contract/documents.js';
import {
  DOCUMENT_TYPES,
  DocumentType,
  FIELD_SPECS,
  type FieldSpec,
} from '../../../electron/shared/contract/schemas/documentTypes.js';
import type { FieldValue } from '../../../electron/shared/contract/schemas/fieldValue.js';
import { confidenceLevel, fileName, formatNormalized, percent } from '../components/documentFacts.js';
import { PagePreview } from '../components/PagePreview.js';
import { markFieldValues } from '../components/textMarks.js';
import { useApp, useReview } from '../state/AppStoreContext.js';

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

/**
 * Review: the queue (lowest confidence first) and, for the selected document, its page (picture with
 * field boxes, where its type has one, and text) beside what was extracted from it. Shortcuts: j/k or ↓/↑ move through the queue, Enter says "Looks right".
 */
export function ReviewScreen() {
  const load = useReview((s) => s.load);
  const move = useReview((s) => s.move);
  const confirm = useReview((s) => s.confirm);
  const detail = useReview((s) => s.detail);
  const [activeField, setActiveField] = useState<string | null>(null);
  // The field shown on the page: set by focusing or clicking it, kept when the focus leaves.
  const [selectedField, setSelectedField] = useState<string | null>(null);
  const onFieldFocus = (field: string | null) => {
    setActiveField(field);
    if (field) setSelectedField(field);
  };
  useEffect(() => setSelectedField(null), [detail?.id]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isEditable(e.target)) return;
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
  }, [move, confirm]);

  return (
    <div className="review-screen">
      <ReviewQueue />
      {detail ? (
        <>
          <PageTextPanel doc={detail} activeField={activeField} selectedField={selectedField} />
          <ExtractionPanel doc={detail} selectedField={selectedField} onFieldFocus={onFieldFocus} />
        </>
      ) : (
        <ReviewPlaceholder />
      )}
    </div>
  );
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
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> looks right
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
}: {
  doc: DocumentDetail;
  activeField: string | null;
  selectedField: string | null;
}) {
  const container = useRef<HTMLDivElement>(null);
  const pageImage = useApp((s) => s.pageImage);
  const shownPage = pageToShow(doc, selectedField);

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
      <PagePreview doc={doc} page={shownPage} loadImage={pageImage} selectedField={selectedField} />
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
  const saving = useReview((s) => s.saving);
  const confirmError = useReview((s) => s.fieldErrors.confirm);
  const parsedType = DocumentType.safeParse(doc.type);
  const specs: readonly FieldSpec[] = parsedType.success ? FIELD_SPECS[parsedType.data] : [];
  // Fields the engine holds that the type does not list (e.g. after a type change) are still shown.
  const extra = doc.fields.filter((f) => !specs.some((s) => s.name === f.name));

  return (
    <section className="panel review-extraction" aria-labelledby="extraction-heading">
      <div className="panel-head">
        <h2 id="extraction-heading">Extracted</h2>
        <button type="button" className="primary panel-tools" disabled={saving !== null} onClick={() => void confirm()}>
          Looks right
        </button>
      </div>
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
  const others = doc.fieldCandidates.filter((c) => c.name === spec.name && c.value !== current?.value);
  const [draft, setDraft] = useState(current?.value ?? '');
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();
  const label = spec.name.replace(/_/g, ' ');
  useEffect(() => {
    setDraft(current?.value ?? '');
  }, [current?.value, current?.source]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft !== (current?.value ?? '')) void setField(spec.name, draft);
  }

  const normalized = current ? formatNormalized(current.normalized) : '';
  const hints = [
    current && normalized && normalized !== current.value ? `reads as ${normalized}` : '',
    current && current.normalized === null && current.value ? 'could not be normalized' : '',
    others.length > 0
      ? `also proposed: ${others.map((o) => `${o.value} (${o.source}, ${percent(o.confidence)})`).join('; ')}`
      : '',
  ].filter(Boolean);
  return (
    // A click anywhere on the field (not only its input) shows it on the page.
    <form
      className={`field-editor${selected ? ' field-editor-selected' : ''}`}
      data-field={spec.name}
      onSubmit={submit}
      onClick={() => onFocus(spec.name)}
      aria-label={label}
    >
      <div className="field-head">
        <label htmlFor={inputId} className="field-name" title={spec.description}>
          {label}
        </label>
        {current ? (
          <>
            <span className={`confidence confidence-${confidenceLevel(current.confidence)}`} title="Confidence">
              {percent(current.confidence)}
            </span>
            <SourceBadge source={current.source} />
            {current.page !== null ? <span className="muted small">p. {current.page}</span> : null}
          </>
        ) : (
          <span className="muted small">not found</span>
        )}
      </div>
      <div className="field-input-row">
        <input
          id={inputId}
          value={draft}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${error ? errorId : ''} ${hintId}`.trim()}
          onChange={(e) => setDraft(e.target.value)}
          onFocus={() => onFocus(spec.name)}
          onBlur={() => onFocus(null)}
        />
        <button type="submit" disabled={draft === (current?.value ?? '') || saving !== null}>
          {saving === spec.name ? 'Saving…' : 'Save'}
        </button>
      </div>
      <p id={hintId} className="muted small field-hint">
        {hints.join(' · ')}
      </p>
      {error ? (
        <p id={errorId} className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
