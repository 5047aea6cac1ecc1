import { useId } from 'react';
import { DOCUMENT_STATES, type DocumentState } from '../../../electron/shared/contract/jobs.js';
import { useApp, useRouter } from '../state/AppStoreContext.js';
import { REVIEW_LABEL, confidenceLevel, fileName, percent } from './documentFacts.js';

export function DocumentsTable() {
  const documents = useApp((s) => s.documents);
  const filter = useApp((s) => s.stateFilter);
  const setFilter = useApp((s) => s.setFilter);
  const navigate = useRouter((s) => s.navigate);
  const retryDocument = useApp((s) => s.retryDocument);
  const retryAllFailed = useApp((s) => s.retryAllFailed);
  const discarded = useApp((s) => s.status?.jobs.discarded ?? 0);
  // "No documents" only from a live engine's snapshot: while it is away the list is unknown, not empty.
  const known = useApp((s) => s.connection === 'live' && s.status !== null);
  const filterId = useId();

  return (
    <section className="panel documents" aria-labelledby="documents-heading">
      <div className="panel-head">
        <h2 id="documents-heading">Documents</h2>
        <div className="panel-tools">
          <label htmlFor={filterId}>Show</label>
          <select id={filterId} value={filter} onChange={(e) => setFilter(e.target.value as DocumentState | 'all')}>
            <option value="all">all</option>
            {DOCUMENT_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          {discarded > 0 ? (
            <button type="button" onClick={() => void retryAllFailed()}>
              Retry all failed ({discarded})
            </button>
          ) : null}
        </div>
      </div>
      {documents.length === 0 ? (
        <p className="muted empty">
          {!known
            ? 'Waiting for the engine…'
            : filter === 'all'
              ? 'No documents yet. Add a folder above.'
              : `No ${filter} documents.`}
        </p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">State</th>
                <th scope="col">Type</th>
                <th scope="col">Review</th>
                <th scope="col" className="num">
                  Pages
                </th>
                <th scope="col">OCR</th>
                <th scope="col">Problem</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {documents.map((doc) => (
                <tr key={doc.id} data-state={doc.state}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      title={doc.paths.join('\n')}
                      onClick={() => navigate({ screen: 'documents', documentId: doc.id })}
                    >
                      {fileName(doc.paths[0])}
                    </button>
                  </td>
                  <td>
                    <span className={`badge badge-${doc.state}`}>{doc.state}</span>
                  </td>
                  <td className="type-cell">
                    {doc.type ? (
                      <>
                        {doc.type.replace(/_/g, ' ')}
                        {doc.typeConfidence !== null ? (
                          <span className={`confidence confidence-${confidenceLevel(doc.typeConfidence)}`}>
                            {percent(doc.typeConfidence)}
                          </span>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <span className={`badge badge-review-${doc.review}`}>{REVIEW_LABEL[doc.review]}</span>
                  </td>
                  <td className="num">{doc.pages ?? '—'}</td>
                  <td>{doc.ocr ? 'yes' : <span className="muted">no</span>}</td>
                  <td className="problem">
                    {doc.error ? (
                      <>
                        <code>{doc.error.code}</code> {doc.error.message}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {doc.state === 'failed' ? (
                      <button
                        type="button"
                        onClick={() => void retryDocument(doc.id)}
                        aria-label={`Retry ${fileName(doc.paths[0])}`}
                      >
                        Retry
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
