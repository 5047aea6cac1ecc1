import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useIntake, useIntakeStoreApi } from '../state/AppStoreContext.js';
import type { UploadProgress } from '../state/intakeStore.js';
import { describeDrop, pickedFiles } from './droppedFiles.js';
import { describeSummary, plural, uploadBytesLine, uploadSentence } from './uploadFacts.js';
import { WatchedFolders } from './WatchedFolders.js';
import './AddDocuments.css';

/** Lines of the path field as paths: blank lines dropped, quotes from "Copy as path" taken off. */
function typedPaths(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

/**
 * Where documents come in: drop folders and files anywhere on the window (DropOverlay), or choose them;
 * in a browser they are uploaded with progress, in the desktop app the engine reads them where they are.
 * A typed path is the advanced way, and the watched folders are listed below with their controls.
 */
export function AddDocuments() {
  const intake = useIntakeStoreApi();
  const mode = useIntake((s) => s.mode);
  const upload = useIntake((s) => s.upload);
  const adding = useIntake((s) => s.adding);
  const pathError = useIntake((s) => s.pathError);
  const lastPaths = useIntake((s) => s.lastPaths);
  const pathFormOpen = useIntake((s) => s.pathFormOpen);
  const watchNew = useIntake((s) => s.watchNew);
  const [text, setText] = useState('');
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const pathsId = useId();
  const helpId = useId();
  const errorId = useId();

  // The watched folders' counts follow the engine's events while the panel is shown.
  useEffect(() => intake.getState().connect(), [intake]);
  // React has no prop for it: the folder picker is a file input told to pick a folder.
  useEffect(() => folderInput.current?.setAttribute('webkitdirectory', ''), []);

  const uploading = upload !== null && ['preparing', 'uploading', 'ingesting'].includes(upload.phase);

  function choose(kind: 'folders' | 'files') {
    if (mode === 'paths') void intake.getState().choosePaths(kind);
    else (kind === 'folders' ? folderInput : filesInput).current?.click();
  }

  function onPicked(event: ChangeEvent<HTMLInputElement>) {
    const picked = pickedFiles(event.target.files ?? []);
    // Cleared so that picking the same folder again is a change too.
    event.target.value = '';
    if (picked.length > 0) void intake.getState().uploadFiles(picked, describeDrop(picked));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const paths = typedPaths(text);
    if (paths.length === 0 || adding) return;
    void intake
      .getState()
      .addPaths(paths, watchNew)
      .then((taken) => {
        if (taken) setText('');
      });
  }

  // Beside the field when it is open; else under the buttons (a dropped or chosen path was refused).
  const problem = pathError ? (
    <p id={errorId} className="add-error" role="alert">
      {pathError}
    </p>
  ) : null;

  const watchBox = (
    <label className="add-checkbox">
      <input type="checkbox" checked={watchNew} onChange={(e) => intake.getState().setWatchNew(e.target.checked)} />{' '}
      Keep watching for new files
    </label>
  );

  return (
    <section className="panel add-documents" aria-labelledby="add-documents-heading">
      <h2 id="add-documents-heading">Add documents</h2>
      <div className="add-drop-zone">
        <p className="add-drop-hint">
          Drop folders or files anywhere in this window, or choose them.
          {mode === 'upload' ? ' They are copied into docpipe’s inbox, keeping their folders.' : ''}
        </p>
        <div className="add-actions">
          <button type="button" className="primary" onClick={() => choose('folders')} disabled={uploading}>
            Choose folder…
          </button>
          <button type="button" onClick={() => choose('files')} disabled={uploading}>
            Choose files…
          </button>
          {mode === 'paths' ? watchBox : null}
        </div>
      </div>
      {mode === 'upload' ? (
        <>
          <input ref={folderInput} type="file" multiple hidden onChange={onPicked} data-testid="folder-input" />
          <input ref={filesInput} type="file" multiple hidden onChange={onPicked} data-testid="files-input" />
        </>
      ) : null}

      {pathFormOpen ? null : problem}
      {upload ? <UploadView upload={upload} /> : null}
      {lastPaths && !pathError ? (
        <p className="add-result" role="status">
          Added {lastPaths.paths.length === 1 ? lastPaths.paths[0] : plural(lastPaths.paths.length, 'path')}:{' '}
          {describeSummary(lastPaths.summary)}
        </p>
      ) : null}

      <details
        className="add-typed"
        open={pathFormOpen}
        onToggle={(e) => intake.getState().setPathFormOpen(e.currentTarget.open)}
      >
        <summary>Type a path (advanced)</summary>
        <form onSubmit={submit}>
          <label htmlFor={pathsId}>Folder or file path (one per line)</label>
          <textarea
            id={pathsId}
            name="paths"
            rows={2}
            value={text}
            placeholder="~/Documents/invoices"
            spellCheck={false}
            aria-describedby={pathError ? `${helpId} ${errorId}` : helpId}
            aria-invalid={pathError ? true : undefined}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Enter adds; Shift+Enter starts a new line for another path.
              if (e.key === 'Enter' && !e.shiftKey) submit(e);
            }}
          />
          <p id={helpId} className="add-help muted">
            A full path on the computer docpipe runs on, such as /home/me/Documents or ~/Documents.
          </p>
          <div className="add-form-row">
            {mode === 'upload' ? watchBox : <span />}
            <button type="submit" className="primary" disabled={adding || typedPaths(text).length === 0}>
              {adding ? 'Adding…' : 'Add'}
            </button>
          </div>
          {pathFormOpen ? problem : null}
        </form>
      </details>

      <WatchedFolders />
    </section>
  );
}

/** The upload's progress: a live sentence per file, a bar, bytes with rate and time left, and what was left out. */
function UploadView({ upload }: { upload: UploadProgress }) {
  const intake = useIntakeStoreApi();
  const active = upload.phase === 'preparing' || upload.phase === 'uploading' || upload.phase === 'ingesting';
  const left = [...upload.skipped, ...upload.failed];
  return (
    <div className={`add-upload add-upload-${upload.phase}`} data-testid="upload-progress">
      <p role="status" className="add-upload-sentence">
        {uploadSentence(upload)}
      </p>
      {upload.phase === 'uploading' || upload.phase === 'ingesting' ? (
        <>
          <progress
            max={Math.max(1, upload.bytesTotal)}
            value={upload.bytesDone}
            aria-label={`Upload of ${upload.label}`}
          />
          <p className="add-upload-bytes muted">{uploadBytesLine(upload)}</p>
        </>
      ) : null}
      {upload.ignored > 0 ? (
        <p className="muted">
          {plural(upload.ignored, 'hidden or system file')} left out, as docpipe never reads them.
        </p>
      ) : null}
      {left.length > 0 ? (
        <details className="add-left-out">
          <summary>{plural(left.length, 'file')} not added</summary>
          <ul>
            {left.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="add-upload-actions">
        {upload.phase === 'uploading' ? (
          <button type="button" onClick={() => intake.getState().stopUpload()}>
            Stop upload
          </button>
        ) : null}
        {!active ? (
          <button type="button" onClick={() => intake.getState().dismissUpload()}>
            Dismiss
          </button>
        ) : null}
      </div>
    </div>
  );
}
