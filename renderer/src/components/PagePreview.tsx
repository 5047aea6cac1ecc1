/**
 * The picture of one page with boxes where fields were found on it, for review beside the extracted
 * values. The boxes are placed in percent of the page (box / page size), so they follow the picture at
 * any displayed size. Page units are PDF points for PDFs and pixels for images; when a page's size is
 * not known, an image's natural size is its size in pixels (PDFs then get no boxes).
 */
import { useState } from 'react';
import type { DocumentDetail } from '../../../electron/shared/contract/documents.js';
import type { FieldValue } from '../../../electron/shared/contract/schemas/fieldValue.js';

/** Types the server can show as a picture (images as they are, PDF pages rendered). */
const PREVIEWABLE: ReadonlySet<string> = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function canPreview(mime: string): boolean {
  return PREVIEWABLE.has(mime);
}

export interface PagePreviewProps {
  doc: DocumentDetail;
  page: number;
  /** The picture's address; null where the transport has none (the desktop app). */
  src: string | null;
  /** The field whose box is emphasised. */
  selectedField: string | null;
}

export function PagePreview({ doc, page, src, selectedField }: PagePreviewProps) {
  const [loaded, setLoaded] = useState<{ src: string; width: number; height: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  if (src === null) return null;
  if (!canPreview(doc.mime)) {
    return <p className="muted small page-preview-note">No picture of {doc.mime} pages; the text is below.</p>;
  }
  if (failed === src) return <p className="muted small page-preview-note">The picture of page {page} could not be loaded; the text is below.</p>;

  const known = doc.pageTexts.find((p) => p.page === page);
  const natural = loaded?.src === src ? loaded : null;
  const size = known?.width && known.height ? { width: known.width, height: known.height } : doc.mime !== 'application/pdf' && natural ? natural : null;
  const located = doc.fields.filter((f): f is FieldValue & { box: NonNullable<FieldValue['box']> } => f.page === page && f.box !== null);
  const label = (f: FieldValue) => f.name.replace(/_/g, ' ');

  return (
    <figure className="page-preview">
      <div className="page-preview-frame">
        <img
          key={src}
          src={src}
          alt={`Page ${page} of ${doc.paths[0] ?? `document ${doc.id}`}`}
          onLoad={(e) => setLoaded({ src, width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
          onError={() => setFailed(src)}
        />
        {size && natural
          ? located.map((f) => (
              <div
                key={f.name}
                className={`field-box${f.name === selectedField ? ' field-box-active' : ''}`}
                data-field={f.name}
                title={`${label(f)}: ${f.value}`}
                style={{
                  left: `${(f.box[0] / size.width) * 100}%`,
                  top: `${(f.box[1] / size.height) * 100}%`,
                  width: `${(f.box[2] / size.width) * 100}%`,
                  height: `${(f.box[3] / size.height) * 100}%`,
                }}
              />
            ))
          : null}
      </div>
      <figcaption className="muted small">
        Page {page}
        {doc.pages && doc.pages > 1 ? ` of ${doc.pages}` : ''}
        {selectedField && !located.some((f) => f.name === selectedField) ? ` · ${selectedField.replace(/_/g, ' ')} was not located on a page` : ''}
      </figcaption>
    </figure>
  );
}
