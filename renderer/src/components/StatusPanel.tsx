import { DOCUMENT_STATES, type DocumentState } from '../../../electron/shared/contract/jobs.js';
import { assertNever } from '../../../electron/shared/contract/errors.js';
import type { DocpipeEvent } from '../../../electron/shared/contract/events.js';
import { useApp } from '../state/AppStoreContext.js';
import { fileName } from './documentFacts.js';

const ACTIVITY_SHOWN = 8;

/** In documents, as the library counts them (the Pipeline screen has the stages' own numbers). */
const STATE_LABEL: Record<DocumentState, string> = {
  queued: 'waiting',
  processing: 'in progress',
  completed: 'done',
  failed: 'failed',
};

function countOf(n: number): string {
  return `${n.toLocaleString('en')} document${n === 1 ? '' : 's'}`;
}

/** One line per event, in the words a user would use. */
function describeEvent(event: DocpipeEvent): string {
  const doc = event.documentId === null ? '' : `Document ${event.documentId}`;
  switch (event.type) {
    case 'document.discovered':
      return `${event.duplicate ? 'Duplicate' : 'Found'} ${fileName(event.path)}`;
    case 'document.unchanged':
      return `Unchanged ${fileName(event.path)}`;
    case 'document.removed':
      return `Removed ${fileName(event.path)}`;
    case 'document.extracted':
      return `${doc}: ${event.pages} page(s) of text${event.ocr ? ' (OCR)' : ''}`;
    case 'document.understood':
      return `${doc}: ${event.docType} (${Math.round(event.confidence * 100)}%)`;
    case 'document.indexed':
      return `${doc}: indexed`;
    case 'document.completed':
      return `${doc}: done`;
    case 'document.failed':
      return `${doc} failed: ${event.code}`;
    case 'document.corrected':
      return `${doc}: ${event.field} corrected`;
    case 'job.retrying':
      return `${doc}: ${event.stage} will retry (${event.code})`;
    case 'job.discarded':
      return `${doc}: ${event.stage} gave up (${event.code})`;
    case 'batch.finished':
      return `Folder scan finished: ${event.found} files`;
    case 'service.changed':
      return `${event.service.name}: ${event.service.state}${event.service.reason ? ` (${event.service.reason})` : ''}`;
    case 'model.pull':
      return `${event.progress.model}: ${event.progress.phase}${event.progress.percent === null ? '' : ` ${Math.round(event.progress.percent)}%`}`;
    case 'documents.removed':
      return `Removed ${countOf(event.ids.length)} from the archive`;
    case 'documents.corrected':
      return `${countOf(event.ids.length)}: ${event.field} set`;
    case 'documents.confirmed':
      return `${countOf(event.ids.length)} confirmed`;
    default:
      return assertNever(event, 'event');
  }
}

/** Documents by state, and the progress of the last ingest; all kept live by events. */
export function StatusPanel() {
  const status = useApp((s) => s.status);
  const batch = useApp((s) => s.batch);
  const activity = useApp((s) => s.activity);
  const progress = batch?.progress ?? null;
  const total = progress ? progress.pending + progress.completed + progress.failed : 0;
  const done = progress ? progress.completed + progress.failed : 0;

  return (
    <section className="panel status" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      {status ? (
        <>
          <p className="big-number">
            <span data-testid="document-count">{status.documents}</span> documents
          </p>
          <dl className="job-counts" aria-label="Documents by state">
            {DOCUMENT_STATES.map((state) => (
              <div key={state} className={`job-count document-${state}`}>
                <dt>{STATE_LABEL[state]}</dt>
                <dd>{status.documentStates[state]}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
      {progress && total > 0 ? (
        <div className="batch-progress">
          <label htmlFor="batch-progress-bar">
            Last batch: {done} of {total} done{progress.failed ? `, ${progress.failed} failed` : ''}
          </label>
          <progress id="batch-progress-bar" max={total} value={done} />
        </div>
      ) : null}
      {activity.length > 0 ? (
        <details className="activity">
          <summary>Recent activity</summary>
          <ul>
            {activity.slice(0, ACTIVITY_SHOWN).map((event) => (
              <li key={event.id}>{describeEvent(event)}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
