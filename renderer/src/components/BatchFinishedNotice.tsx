import { usePipeline, useRouter } from '../state/AppStoreContext.js';
import './BatchFinishedNotice.css';

/** "Batch finished: 63 documents, 60 done, 3 failed." on every screen, with a way to the Pipeline screen. */
export function BatchFinishedNotice() {
  const finished = usePipeline((s) => s.finished);
  const dismiss = usePipeline((s) => s.dismissFinished);
  const screen = useRouter((s) => s.route.screen);
  const navigate = useRouter((s) => s.navigate);
  return (
    <div className="batch-finished-slot" role="status" aria-live="polite">
      {finished ? (
        <div className="notice notice-info batch-finished" data-testid="batch-finished">
          <span>{finished.text}</span>
          <span className="batch-finished-actions">
            {screen !== 'pipeline' ? (
              <button type="button" className="link-button" onClick={() => navigate({ screen: 'pipeline' })}>
                Show the pipeline
              </button>
            ) : null}
            <button type="button" className="link-button" onClick={dismiss} aria-label="Dismiss batch message">
              Dismiss
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
