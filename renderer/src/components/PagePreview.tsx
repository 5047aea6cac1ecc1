/**
 * The picture of one page with boxes where fields were found on it, for review beside the extracted
 * values. The boxes are placed in percent of the page (box / page size), so they follow the picture at
 * any displayed size. Page units are PDF points for PDFs and pixels for images; when a page's size is
 * not known, an image's natural size is its size in pixels (PDFs then get no boxes).
 */
import { useEffect, useState } from 'react';
import type { DocumentDetail } from '../../../electron/shared/contract/documents.js';
import type { FieldValue } from '../../../electron/shared/contract/schemas/fieldValue.js';
import type { DocpipeClient } from '../client/docpipeClient.js';

/** Types the engine can show as a picture (images as they are, PDF pages rendered). */
const PREVIEWABLE: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

export function canPreview(mime: string): boolean {
  return PREVIEWABLE.has(mime);
}

export interface PagePreviewProps {
  doc: DocumentDetail;
  page: number;
  /** Gets the picture's address from the client (a route in a browser, a blob: URL in the desktop app). */
  loadImage: DocpipeClient['pageImage'];
  /** The field whose box is emphasised. */
  selectedField: string | null;
}

type PictureState = { key: string; url: string | null; failed: boolean };

/**
 * The address of a page's picture while it is shown: asked for when the page changes, released when it
 * changes again or the preview goes (a desktop blob: URL holds the image's bytes until then). An answer
 * that arrives after the page changed is released at once, never shown.
 */
function usePageImage(loadImage: DocpipeClient['pageImage'] | null, documentId: number, page: number): PictureState {
  const key = `${documentId}/${page}`;
  const [state, setState] = useState<PictureState | null>(null);
  useEffect(() => {
    if (!loadImage) return;
    let current = true;
    let release: (() => void) | null = null;
    loadImage(documentId, page).then(
      (link) => {
        if (!current) {
          link.release();
          return;
        }
        release = () => link.release();
        setState({ key, url: link.url, failed: false });
      },
      () => {
        if (current) setState({ key, url: null, failed: true });
      },
    );
    return () => {
      current = false;
      release?.();
    };
  }, [loadImage, documentId, page, key]);
  return state?.key === key ? state : { key, url: null, failed: false };
}

export function PagePreview({ doc, page, loadImage, selectedField }: PagePreviewProps) {
  const previewable = canPreview(doc.mime);
  const picture = usePageImage(previewable ? loadImage : null, doc.id, page);
  const src = picture.url;
  const [loaded, setLoaded] = useState<{ src: string; width: number; height: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  if (!previewable) {
    return <p className="muted small page-preview-note">No picture of {doc.mime} pages; the text is below.</p>;
  }
  if (picture.failed || (src !== null && failed === src)) {
    return (
      <p className="muted small page-preview-note">
        The picture of page {page} could not be loaded; the text is below.
      </p>
    );
  }
  if (src === null) return <p className="muted small page-preview-note">Loading the picture of page {page}…</p>;

  const known = doc.pageTexts.find((p) => p.page === page);
  const natural = loaded?.src === src ? loaded : null;
  const size =
    known?.width && known.height
      ? { width: known.width, height: known.height }
      : doc.mime !== 'application/pdf' && natural
        ? natural
        : null;
  const located = doc.fields.filter(
    (f): f is FieldValue & { box: NonNullable<FieldValue['box']> } => f.page === page && f.box !== null,
  );
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
        {selectedField && !located.some((f) => f.name === selectedField)
          ? ` · ${selectedField.replace(/_/g, ' ')} was not located on a page`
          : ''}
      </figcaption>
    </figure>
  );
}
