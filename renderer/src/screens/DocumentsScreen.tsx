import { AddDocuments } from '../components/AddDocuments.js';
import { StatusPanel } from '../components/StatusPanel.js';
import { DocumentsTable } from '../components/DocumentsTable.js';
import { DocumentView } from '../components/DocumentView.js';
import { ExportPanel } from '../components/ExportPanel.js';
import { useApp } from '../state/AppStoreContext.js';

export function DocumentsScreen() {
  const selected = useApp((s) => s.selected);
  return (
    <div className="documents-screen">
      <div className="top-row">
        <AddDocuments />
        <StatusPanel />
      </div>
      {selected ? (
        <DocumentView />
      ) : (
        <>
          <DocumentsTable />
          <ExportPanel />
        </>
      )}
    </div>
  );
}
