import { IngestPanel } from '../components/IngestPanel.js';
import { StatusPanel } from '../components/StatusPanel.js';
import { DocumentsTable } from '../components/DocumentsTable.js';
import { DocumentView } from '../components/DocumentView.js';
import { useApp } from '../state/AppStoreContext.js';

export function DocumentsScreen() {
  const selected = useApp((s) => s.selected);
  return (
    <div className="documents-screen">
      <div className="top-row">
        <IngestPanel />
        <StatusPanel />
      </div>
      {selected ? (
        <DocumentView />
      ) : (
        <>
          <DocumentsTable />
          <p className="export-link">
            <a href="#/export">Export…</a>
          </p>
        </>
      )}
    </div>
  );
}
