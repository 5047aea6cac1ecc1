import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentDetail } from '../../../electron/shared/contract/documents.js';
import { AppError } from '../../../electron/shared/contract/errors.js';
import { useApp, useRouter } from '../state/AppStoreContext.js';
import { DocumentViewer, type ViewerBox } from './viewer/DocumentViewer.js';
import './DocumentView.css';
import {
  REVIEW_LABEL,
  confidenceLevel,
  documentType,
  fileName,
  formatBytes,
  formatNormalized,
  percent,
} from './documentFacts.js';

/**
 * One document: its pages large in the viewer, beside them its facts, its extracted fields (a click on
 * one shows its box on its page), its problem if any, its jobs with their error history, and its text by
 * page as a tab. The original opens (or shows in its folder) in the desktop app and downloads in a
 * browser. Closing it goes back to where it was opened from.
 */
export function DocumentView({ backLabel = '← Back' }: { backLabel?: string }) {
  const selected = useApp((s) => s.selected);
  const screen = useRouter((s) => s.route.screen);
  const back = useRouter((s) => s.back);
  // Back to wherever the document was opened from (search results, a filtered list); a tab opened on the
  // document's address has nothing of ours behind it and goes to the screen's list.
  const close = useCallback(() => back({ screen, documentId: null }), [back, screen]);
  const retryDocument = useApp((s) => s.retryDocument);
  const heading = useRef<HTMLHeadingElement>(null);
  const doc = selected?.detail ?? null;
  const [activeField, setActiveField] = useState<string | null>(null);
  const [tab, setTab] = useState<'details' | 'text'>('details');
  useEffect(() => {
    setActiveField(null);
    setTab('details');
  }, [selected?.id]);
  const boxes = useMemo(() => (doc ? fieldBoxes(doc, activeField) : []), [doc, activeField]);
  const activePage = doc?.fields.find((f) => f.name === activeField)?.page ?? undefined;
  const isText = doc ? !doc.mime.startsWith('image/') && doc.mime !== 'application/pdf' : false;

  // Move focus to the heading when a document opens, so keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), [selected?.id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  if (!selected) return null;
  const title = doc ? fileName(doc.paths[0]) : `Document ${selected.id}`;
  const hasDiscarded = doc?.jobs.some((j) => j.state === 'discarded') ?? false;

  return (
    <section className="panel document-view" aria-labelledby="document-heading">
      <div className="panel-head">
        <button type="button" onClick={close}>
          {backLabel}
        </button>
        <h2 id="document-heading" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        {hasDiscarded ? (
          <button type="button" onClick={() => void retryDocument(selected.id)}>
            Retry
          </button>
        ) : null}
      </div>
      {!doc ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="document-body">
          <div className="document-pages">
            <DocumentViewer
              doc={doc}
              boxes={boxes}
              page={activePage}
              onBoxClick={setActiveField}
              actions={<OriginalActions doc={doc} />}
            />
          </div>
          <div className="document-side">
            {isText ? null : (
              <div className="document-tabs" role="tablist" aria-label="About the document">
                <button type="button" role="tab" aria-selected={tab === 'details'} onClick={() => setTab('details')}>
                  Details
                </button>
                <button type="button" role="tab" aria-selected={tab === 'text'} onClick={() => setTab('text')}>
                  Text by page
                </button>
              </div>
            )}
            {tab === 'text' && !isText ? (
              <PageTexts doc={doc} />
            ) : (
              <>
                <dl className="facts">
                  <div>
                    <dt>State</dt>
                    <dd>
                      <span className={`badge badge-${doc.state}`}>{doc.state}</span>
                    </dd>
                  </div>
                  <div>
                    <dt>Type</dt>
                    <dd>
                      {documentType(doc) ?? '—'}
                      {doc.typeSource ? (
                        <span className={`badge badge-source badge-source-${doc.typeSource}`}>{doc.typeSource}</span>
                      ) : null}
                    </dd>
                  </div>
                  <div>
                    <dt>Review</dt>
                    <dd>
                      <span className={`badge badge-review-${doc.review}`}>{REVIEW_LABEL[doc.review]}</span>
                    </dd>
                  </div>
                  <div>
                    <dt>Format</dt>
                    <dd>{doc.mime}</dd>
                  </div>
                  <div>
                    <dt>Size</dt>
                    <dd>{formatBytes(doc.size)}</dd>
                  </div>
                  <div>
                    <dt>Pages</dt>
                    <dd>{doc.pages ?? '—'}</dd>
                  </div>
                  <div className="paths-fact">
                    <dt>Paths</dt>
                    <dd>
                      {doc.paths.map((p) => (
                        <div key={p} className="path">
                          {p}
                        </div>
                      ))}
                    </dd>
                  </div>
                </dl>
                {doc.fields.length > 0 ? (
                  <table className="fields-table" aria-label="Fields">
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        <th scope="col">Value</th>
                        <th scope="col">Normalized</th>
                        <th scope="col" className="num">
                          Confidence
                        </th>
                        <th scope="col">Source</th>
                      </tr>
                    </thead>
                    <tbody>
                      {doc.fields.map((field) => (
                        <tr
                          key={field.name}
                          data-field={field.name}
                          className={field.name === activeField ? 'field-row-active' : undefined}
                          aria-selected={field.name === activeField}
                        >
                          <th scope="row">
                            <button
                              type="button"
                              className="link-button"
                              title={field.box ? `Show on page ${field.page}` : 'Not located on a page'}
                              onClick={() => setActiveField(field.name)}
                            >
                              {field.name.replace(/_/g, ' ')}
                            </button>
                          </th>
                          <td>{field.value}</td>
                          <td className="muted">{formatNormalized(field.normalized)}</td>
                          <td className={`num confidence-${confidenceLevel(field.confidence)}`}>
                            {percent(field.confidence)}
                          </td>
                          <td>
                            <span className={`badge badge-source badge-source-${field.source}`}>{field.source}</span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {doc.error ? (
                  <p className="error-box" role="note">
                    <code>{doc.error.code}</code> {doc.error.message}
                  </p>
                ) : null}
                {doc.jobs.some((j) => j.errors.length > 0) ? (
                  <details className="jobs">
                    <summary>Job history</summary>
                    <ul>
                      {doc.jobs.map((job) => (
                        <li key={job.id}>
                          {job.stage}: {job.state}, attempt {job.attempt} of {job.maxAttempts}
                          {job.errors.length > 0 ? (
                            <ul>
                              {job.errors.map((e) => (
                                <li key={`${e.attempt}-${e.at}`}>
                                  <code>{e.code}</code> {e.message}{' '}
                                  <span className="muted">({new Date(e.at).toLocaleString()})</span>
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
                {doc.attachments.length > 0 ? <p className="muted">Attachments: {doc.attachments.join(', ')}</p> : null}
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

/** Boxes of the located fields, by how sure each is; the field a person picked is the active one. */
function fieldBoxes(doc: DocumentDetail, activeField: string | null): ViewerBox[] {
  return doc.fields.flatMap((f) =>
    f.page !== null && f.box !== null
      ? [
          {
            page: f.page,
            box: f.box,
            field: f.name,
            label: `${f.name.replace(/_/g, ' ')}: ${f.value} (${f.source}, ${percent(f.confidence)})`,
            active: f.name === activeField,
            tone: f.source === 'user' ? ('user' as const) : confidenceLevel(f.confidence),
          },
        ]
      : [],
  );
}

/** The extracted text, page by page (for a PDF or a picture: what was read from it). */
function PageTexts({ doc }: { doc: DocumentDetail }) {
  return (
    <div className="pages" role="tabpanel">
      {doc.pageTexts.length === 0 ? (
        <p className="muted">No text extracted{doc.state === 'completed' ? '' : ' yet'}.</p>
      ) : null}
      {doc.pageTexts.map((page) => (
        <article key={page.page} className="page" aria-label={`Page ${page.page}`}>
          <h3>
            Page {page.page}
            {page.method === 'ocr' ? (
              <span className="muted"> · OCR, {Math.round((page.ocrConfidence ?? 0) * 100)}% confidence</span>
            ) : null}
          </h3>
          <div className="page-text">{page.text}</div>
        </article>
      ))}
    </div>
  );
}

/** Open and Show in folder in the desktop app; Download in a browser. */
export function OriginalActions({ doc }: { doc: DocumentDetail }) {
  const files = useApp((s) => s.files);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setProblem(null), [doc.id]);
  if (doc.sha256 === null) return null;
  const run = (action: ((id: number) => Promise<void>) | null) =>
    action
      ? () => {
          setProblem(null);
          action(doc.id).catch((error: unknown) => setProblem(AppError.wrap(error).message));
        }
      : undefined;
  return (
    <>
      {files.openOriginal ? (
        <button type="button" onClick={run(files.openOriginal)}>
          Open
        </button>
      ) : null}
      {files.showOriginal ? (
        <button type="button" onClick={run(files.showOriginal)}>
          Show in folder
        </button>
      ) : null}
      {files.downloadUrl ? (
        <a className="button" href={files.downloadUrl(doc.id)} download={fileName(doc.paths[0])}>
          Download
        </a>
      ) : null}
      {problem ? (
        <span className="inline-error small" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
