import type { WatchedFolder } from '../../../electron/shared/contract/api.js';
import { useIntake, useIntakeStoreApi } from '../state/AppStoreContext.js';
import { plural, scannedAgo } from './uploadFacts.js';

function stateOf(folder: WatchedFolder): { label: string; className: string } {
  if (folder.missing) return { label: 'Not found', className: 'watched-missing' };
  if (folder.paused) return { label: 'Paused', className: 'watched-paused' };
  return { label: 'Watching', className: 'watched-active' };
}

/** The watched folders, each with its state, documents and last scan, and Pause/Resume and Stop watching. */
export function WatchedFolders() {
  const intake = useIntakeStoreApi();
  const watched = useIntake((s) => s.watched);
  const busy = useIntake((s) => s.busy);
  const error = useIntake((s) => s.watchedError);

  return (
    <section className="watched-folders" aria-labelledby="watched-folders-heading">
      <h3 id="watched-folders-heading">Watched folders</h3>
      {watched === null ? (
        <p className="muted">Loading…</p>
      ) : watched.length === 0 ? (
        <p className="muted">
          None yet. Type a folder’s path above and tick “Keep watching for new files”: what appears in it later is added
          by itself.
        </p>
      ) : (
        <ul aria-labelledby="watched-folders-heading">
          {watched.map((folder) => {
            const state = stateOf(folder);
            const doing = busy[folder.path];
            return (
              <li key={folder.path} className="watched-folder" data-path={folder.path} data-state={state.className}>
                <div className="watched-where">
                  <span className="watched-path" title={folder.path}>
                    {folder.path}
                  </span>
                  <span className="watched-facts muted">
                    <span className={`badge ${state.className}`}>{state.label}</span>{' '}
                    {plural(folder.documents, 'document')} · last scanned{' '}
                    <time dateTime={folder.lastScanAt ?? undefined} title={folder.lastScanAt ?? undefined}>
                      {scannedAgo(folder.lastScanAt)}
                    </time>
                    {folder.missing ? ' · connect the drive or check the folder, then resume' : ''}
                  </span>
                </div>
                <div className="watched-actions">
                  {folder.paused || folder.missing ? (
                    <button
                      type="button"
                      disabled={doing !== undefined}
                      aria-label={`Resume watching ${folder.path}`}
                      onClick={() => void intake.getState().resume(folder.path)}
                    >
                      {doing === 'resume' ? 'Resuming…' : 'Resume'}
                    </button>
                  ) : (
                    <button
                      type="button"
                      disabled={doing !== undefined}
                      aria-label={`Pause watching ${folder.path}`}
                      onClick={() => void intake.getState().pause(folder.path)}
                    >
                      {doing === 'pause' ? 'Pausing…' : 'Pause'}
                    </button>
                  )}
                  <button
                    type="button"
                    disabled={doing !== undefined}
                    aria-label={`Stop watching ${folder.path}`}
                    title="Its documents stay in the archive."
                    onClick={() => void intake.getState().unwatch(folder.path)}
                  >
                    {doing === 'unwatch' ? 'Stopping…' : 'Stop watching'}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {error ? (
        <p className="add-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
