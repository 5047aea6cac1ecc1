import { useId, useState, type FormEvent } from 'react';
import { DOCUMENT_TYPES, DocumentType } from '../../../electron/shared/contract/schemas/documentTypes.js';
import { useApp } from '../state/AppStoreContext.js';

/**
 * Metadata to CSV. The path is on the machine running the engine (the same one in the desktop app and
 * for `docpipe serve` on loopback); with a type, that type's fields become the columns.
 */
export function ExportPanel() {
  const exportCsv = useApp((s) => s.exportCsv);
  const [path, setPath] = useState('');
  const [type, setType] = useState('');
  const [bom, setBom] = useState(false);
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<string | null>(null);
  const pathId = useId();
  const typeId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!path.trim() || busy) return;
    setBusy(true);
    setWritten(null);
    const parsed = DocumentType.safeParse(type);
    const rows = await exportCsv({ path: path.trim(), bom, ...(parsed.success ? { type: parsed.data } : {}) });
    setBusy(false);
    if (rows !== null) setWritten(`${rows} row${rows === 1 ? '' : 's'} written.`);
  }

  return (
    <section className="panel export" aria-labelledby="export-heading">
      <h2 id="export-heading">Export CSV</h2>
      <form className="export-form" onSubmit={(e) => void submit(e)}>
        <div className="export-path">
          <label htmlFor={pathId}>File to write</label>
          <input
            id={pathId}
            value={path}
            placeholder="/home/me/docpipe-invoices.csv"
            spellCheck={false}
            onChange={(e) => setPath(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={typeId}>Documents</label>
          <select id={typeId} value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">all types</option>
            {DOCUMENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox" title="A byte order mark makes Excel open the file as UTF-8">
          <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> BOM for Excel
        </label>
        <button type="submit" disabled={busy || !path.trim()}>
          {busy ? 'Exporting…' : 'Export'}
        </button>
        <span className="muted small" role="status">
          {written}
        </span>
      </form>
    </section>
  );
}
