import { AddDocuments } from '../components/AddDocuments.js';
import { StatusPanel } from '../components/StatusPanel.js';
import { Library } from '../components/library/Library.js';
import { DocumentView } from '../components/DocumentView.js';
import { useApp } from '../state/AppStoreContext.js';

export function DocumentsScreen() {
  const selected = useApp((s) => s.selected);
  return (
    <div className="documents-screen">
      <div className="top-row">
        <AddDocuments />
        <StatusPanel />
      </div>
      {selected ? <DocumentView /> : null}
      {/* Kept while a document is open (hidden), so Back finds the list where it was. */}
      <div className="documents-library" hidden={selected !== null}>
        <Library />
        <p className="export-link">
          <a href="#/export">Export…</a>
        </p>
      </div>
    </div>
  );
}
