import { useId, useState, type DragEvent, type FormEvent } from 'react';
import { useApp } from '../state/AppStoreContext.js';

/**
 * Where folders come in: a path field (works everywhere) and a drop zone. In the desktop app a dropped
 * folder's path comes from the preload (webUtils.getPathForFile); a browser never reveals where a dropped
 * file lives, so there the drop zone explains that and points to the path field.
 */
export function IngestPanel() {
  const ingest = useApp((s) => s.ingest);
  const ingesting = useApp((s) => s.ingesting);
  const pathForFile = useApp((s) => s.pathForFile);
  const [paths, setPaths] = useState('');
  const [watch, setWatch] = useState(false);
  const [dragOver, setDragOver] = useState(false);
  const [dropHint, setDropHint] = useState<string | null>(null);
  const pathsId = useId();
  const hintId = useId();

  const list = paths
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (list.length === 0 || ingesting) return;
    void ingest(list, watch).then(() => setPaths(''));
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length === 0) return;
    const dropped = pathForFile ? files.map((f) => pathForFile(f)).filter(Boolean) : [];
    if (dropped.length > 0) {
      setDropHint(null);
      void ingest(dropped, watch);
      return;
    }
    const names = files.map((f) => f.name).join(', ');
    setDropHint(
      `The browser does not tell docpipe where “${names}” is on disk. Type or paste its full path in the field above.`,
    );
  }

  return (
    <section className="panel ingest" aria-labelledby="ingest-heading">
      <h2 id="ingest-heading">Add documents</h2>
      <form onSubmit={submit}>
        <label htmlFor={pathsId}>Folder or file path (one per line)</label>
        <textarea
          id={pathsId}
          name="paths"
          rows={2}
          value={paths}
          placeholder="/home/me/Documents/invoices"
          spellCheck={false}
          aria-describedby={hintId}
          onChange={(e) => setPaths(e.target.value)}
          onKeyDown={(e) => {
            // Enter adds the folder; Shift+Enter starts a new line for another one.
            if (e.key === 'Enter' && !e.shiftKey) submit(e);
          }}
        />
        <div className="form-row">
          <label className="checkbox">
            <input type="checkbox" checked={watch} onChange={(e) => setWatch(e.target.checked)} /> Keep watching for new
            files
          </label>
          <button type="submit" className="primary" disabled={ingesting || list.length === 0}>
            {ingesting ? 'Adding…' : 'Add'}
          </button>
        </div>
      </form>
      <div
        className={`drop-zone${dragOver ? ' drop-zone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragOver(true);
        }}
        onDragLeave={() => setDragOver(false)}
        onDrop={onDrop}
        id={hintId}
      >
        {pathForFile
          ? 'Or drop folders and files here.'
          : 'Or drop a folder here to see its name; in a browser, its path must be typed above.'}
      </div>
      {dropHint ? (
        <p className="hint" role="status">
          {dropHint}
        </p>
      ) : null}
    </section>
  );
}
