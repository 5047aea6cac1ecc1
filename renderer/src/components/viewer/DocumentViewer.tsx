/**
 * The page viewer: every page of a document in one scrolled column, with zoom (buttons, Ctrl+wheel,
 * + and -), fit width, fit page, a page number with go-to, PgUp/PgDn/Home/End, a thumbnails rail for
 * PDFs, and field boxes drawn over the pages (the active one emphasised and scrolled into view).
 *
 * - PDFs are drawn by pdf.js, page by page as they come near the view (pdfDocument.ts, PageCanvas.tsx).
 * - Pictures (PNG, JPEG, GIF, WebP as they are; other raster formats as the engine's `pageImage`
 *   renders them, or a sentence when it cannot) are shown the same way, one page each.
 * - Text formats (text, Office, e-mail…) show their extracted text, page by page.
 *
 * Boxes are in page units (PDF points, image pixels), placed in percent of their page, so they follow
 * the page at any zoom.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { DocumentDetail } from '../../../../electron/shared/contract/documents.js';
import type { Box } from '../../../../electron/shared/contract/schemas/fieldValue.js';
import { AppError } from '../../../../electron/shared/contract/errors.js';
import type { DocumentSource } from '../../client/docpipeClient.js';
import { useApp } from '../../state/AppStoreContext.js';
import { fileName } from '../documentFacts.js';
import { openPdf } from './pdfDocument.js';
import { PageCanvas } from './PageCanvas.js';
import {
  boxPercent,
  currentPage,
  fitZoom,
  pagesNear,
  pageTops,
  zoomIn,
  zoomOut,
  type FitMode,
  type PageSize,
} from './viewerLayout.js';
import './Viewer.css';

export interface ViewerBox {
  page: number;
  box: Box;
  /** What the box is, as a person reads it ("total: 120.00"). */
  label: string;
  /** The field it belongs to (a click on it reports it). */
  field?: string;
  active?: boolean;
  /** Colour by how sure the value is; `user` for a person's value. */
  tone?: 'low' | 'medium' | 'high' | 'user';
}

export interface DocumentViewerProps {
  doc: DocumentDetail;
  boxes: readonly ViewerBox[];
  /** The page to show; a change scrolls to it. */
  page?: number;
  /** The page a person is reading changed (by scrolling, keys or the page field). */
  onPageChange?(page: number): void;
  /** A box was clicked. */
  onBoxClick?(field: string): void;
  /** Buttons about the original (Open, Show in folder, Download), at the end of the toolbar. */
  actions?: ReactNode;
  /** Page and zoom keys on the window (off where another view owns them). Default true. */
  keyboard?: boolean;
}

const PASSIVE_PICTURES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** How many views above and below the view pages are drawn in, and kept drawn. */
const DRAW_MARGIN = 1;
const KEEP_MARGIN = 3;
/** Until a page's size is known: A4 in points. */
const GUESSED_PAGE: PageSize = { width: 595, height: 842 };
const THUMB_WIDTH = 96;

type Kind = 'pdf' | 'picture' | 'text';

function kindOf(doc: DocumentDetail): Kind {
  if (doc.mime === 'application/pdf') return 'pdf';
  if (doc.mime.startsWith('image/')) return 'picture';
  return 'text';
}

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function DocumentViewer(props: DocumentViewerProps) {
  const { doc } = props;
  const kind = kindOf(doc);
  if (doc.sha256 === null)
    return (
      <div className="viewer viewer-empty">
        <p className="muted">This file could not be read when it was found; there are no pages to show.</p>
      </div>
    );
  if (kind === 'text') return <TextViewer {...props} />;
  return <PageViewer key={doc.id} {...props} kind={kind} />;
}

/** The pages of a PDF or a picture document. */
function PageViewer({
  doc,
  boxes,
  page: wantedPage,
  onPageChange,
  onBoxClick,
  actions,
  keyboard = true,
  kind,
}: DocumentViewerProps & { kind: 'pdf' | 'picture' }) {
  const files = useApp((s) => s.files);
  const pdf = usePdf(kind === 'pdf' ? doc.id : null, files.documentSource);
  const pageCount = kind === 'pdf' ? (pdf.value?.numPages ?? doc.pages ?? 1) : (doc.pages ?? 1);
  const sizes = usePageSizes(doc, pageCount);
  const scroller = useRef<HTMLDivElement>(null);
  const view = useViewSize(scroller);
  const [fit, setFit] = useState<FitMode | null>('width');
  const [chosenScale, setChosenScale] = useState(1);
  const first = sizes.list[0] ?? GUESSED_PAGE;
  const scale = fit && view ? fitZoom(fit, first, view) : chosenScale;
  const { tops, height } = useMemo(() => pageTops(sizes.list, scale), [sizes.list, scale]);
  const heights = useMemo(() => sizes.list.map((s) => s.height * scale), [sizes.list, scale]);
  const [scrollTop, setScrollTop] = useState(0);
  const viewHeight = view?.height ?? 800;
  const page = currentPage(tops, scrollTop, viewHeight);
  const draw = pagesNear(tops, heights, scrollTop, viewHeight, DRAW_MARGIN);
  const [showThumbs, setShowThumbs] = useState(kind === 'pdf' && (doc.pages ?? 1) > 1);

  // Pages once drawn stay drawn while within KEEP_MARGIN views, so scrolling back and forth does not redraw.
  const keep = pagesNear(tops, heights, scrollTop, viewHeight, KEEP_MARGIN);
  const drawn = useRef(new Set<number>());
  for (let p = draw.first; p <= draw.last; p++) drawn.current.add(p);
  for (const p of drawn.current) if (p < keep.first || p > keep.last) drawn.current.delete(p);

  const reported = useRef(0);
  useEffect(() => {
    if (reported.current === page) return;
    reported.current = page;
    onPageChange?.(page);
  }, [page, onPageChange]);

  const goTo = useCallback(
    (target: number, behavior: ScrollBehavior = 'auto') => {
      const p = Math.min(pageCount, Math.max(1, Math.round(target)));
      reported.current = p;
      scroller.current?.scrollTo({ top: (tops[p - 1] ?? 0) - 12, behavior });
    },
    [pageCount, tops],
  );

  // The page asked for from outside (a field on another page, a page typed elsewhere).
  useEffect(() => {
    if (wantedPage !== undefined && wantedPage !== reported.current) goTo(wantedPage);
    // Only a change of the page asked for moves the view, not a new layout.
  }, [wantedPage]);

  // Zooming keeps the spot being read where it is.
  const anchor = useRef<{ page: number; within: number } | null>(null);
  const setZoom = useCallback(
    (next: number | FitMode) => {
      const el = scroller.current;
      if (el) {
        const p = currentPage(tops, el.scrollTop, el.clientHeight);
        anchor.current = { page: p, within: (el.scrollTop - (tops[p - 1] ?? 0)) / Math.max(1, heights[p - 1] ?? 1) };
      }
      if (typeof next === 'number') {
        setFit(null);
        setChosenScale(next);
      } else setFit(next);
    },
    [tops, heights],
  );
  useLayoutEffect(() => {
    const a = anchor.current;
    const el = scroller.current;
    if (!a || !el) return;
    anchor.current = null;
    el.scrollTop = (tops[a.page - 1] ?? 0) + a.within * (heights[a.page - 1] ?? 0);
    setScrollTop(el.scrollTop);
  }, [scale, tops, heights]);

  // Ctrl+wheel zooms the pages, not the whole window (a passive listener could not stop the browser's zoom).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      setZoom(e.deltaY < 0 ? zoomIn(scale) : zoomOut(scale));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scale, setZoom]);

  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.metaKey || isEditable(e.target)) return;
      const act: Record<string, () => void> = {
        PageDown: () => goTo(page + 1),
        PageUp: () => goTo(page - 1),
        Home: () => goTo(1),
        End: () => goTo(pageCount),
        '+': () => setZoom(zoomIn(scale)),
        '=': () => setZoom(zoomIn(scale)),
        '-': () => setZoom(zoomOut(scale)),
      };
      const action = e.ctrlKey ? undefined : act[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, goTo, page, pageCount, scale, setZoom]);

  // The active box in view: scrolled to when it changes, centred in the view.
  const active = boxes.find((b) => b.active);
  const activeKey = active ? `${active.page}:${active.box.join(',')}` : null;
  useEffect(() => {
    if (!active || !scroller.current) return;
    const size = sizes.list[active.page - 1];
    if (!size) return;
    const top = (tops[active.page - 1] ?? 0) + active.box[1] * scale;
    const left = active.box[0] * scale;
    const el = scroller.current;
    reported.current = active.page;
    el.scrollTo({
      top: Math.max(0, top - el.clientHeight / 2),
      left: Math.max(0, left - el.clientWidth / 3),
      behavior: 'smooth',
    });
    // Only a newly active box moves the view.
  }, [activeKey]);

  const error = kind === 'pdf' ? pdf.error : null;
  const label = fileName(doc.paths[0]);
  return (
    <div className="viewer">
      <ViewerToolbar
        page={page}
        pageCount={pageCount}
        scale={scale}
        fit={fit}
        onPage={(p) => goTo(p)}
        onZoom={setZoom}
        thumbs={kind === 'pdf' && pageCount > 1 ? { shown: showThumbs, toggle: () => setShowThumbs((v) => !v) } : null}
        actions={actions}
      />
      <div className="viewer-body">
        {showThumbs && pdf.value && kind === 'pdf' && pageCount > 1 ? (
          <ThumbnailRail pdf={pdf.value} sizes={sizes.list} page={page} onPage={(p) => goTo(p, 'smooth')} />
        ) : null}
        <div
          className="viewer-scroll"
          ref={scroller}
          tabIndex={0}
          role="region"
          aria-label={`Pages of ${label}`}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        >
          {error ? (
            <p className="viewer-problem" role="alert">
              {label} could not be shown: {error}
            </p>
          ) : (
            <div
              className="viewer-column"
              style={{ height, width: Math.max(...sizes.list.map((s) => s.width)) * scale + 24 }}
            >
              {sizes.list.map((size, i) => {
                const p = i + 1;
                const near = drawn.current.has(p);
                return (
                  <div
                    key={p}
                    className="viewer-page"
                    data-page={p}
                    aria-label={`Page ${p} of ${pageCount}`}
                    style={{ top: tops[i], width: size.width * scale, height: size.height * scale }}
                  >
                    {near ? (
                      kind === 'pdf' ? (
                        pdf.value ? (
                          <PageCanvas
                            pdf={pdf.value}
                            page={p}
                            scale={scale}
                            onSize={sizes.set}
                            className="viewer-canvas"
                          />
                        ) : null
                      ) : (
                        <PagePicture doc={doc} page={p} onSize={sizes.set} />
                      )
                    ) : null}
                    {sizes.known[i]
                      ? boxes
                          .filter((b) => b.page === p)
                          .map((b, n) => {
                            const place = boxPercent(b.box, size);
                            if (!place) return null;
                            return (
                              <div
                                key={`${b.field ?? b.label}-${n}`}
                                className={`viewer-box viewer-box-${b.tone ?? 'high'}${b.active ? ' viewer-box-active' : ''}`}
                                data-field={b.field}
                                title={b.label}
                                style={place}
                                onClick={b.field && onBoxClick ? () => onBoxClick(b.field!) : undefined}
                              />
                            );
                          })
                      : null}
                  </div>
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** The document's PDF as pdf.js holds it while shown. */
function usePdf(
  documentId: number | null,
  documentSource: (id: number) => DocumentSource,
): { value: PDFDocumentProxy | null; error: string | null } {
  const [state, setState] = useState<{ id: number; value: PDFDocumentProxy | null; error: string | null } | null>(null);
  useEffect(() => {
    if (documentId === null) return;
    const opened = openPdf(documentSource(documentId));
    let current = true;
    opened.pdf.then(
      (value) => current && setState({ id: documentId, value, error: null }),
      (error: unknown) =>
        current &&
        setState({
          id: documentId,
          value: null,
          error: error instanceof Error ? AppError.wrap(error).message : String(error),
        }),
    );
    return () => {
      current = false;
      opened.close();
    };
  }, [documentId, documentSource]);
  return state?.id === documentId ? state : { value: null, error: null };
}

/**
 * Page sizes in page units: the extraction's where it recorded them, else what pdf.js or the picture
 * says once a page is loaded, else the first known size (most documents have one page size).
 */
function usePageSizes(doc: DocumentDetail, count: number) {
  const [loaded, setLoaded] = useState<Record<number, PageSize>>({});
  const set = useCallback((page: number, size: PageSize) => {
    setLoaded((s) => (s[page]?.width === size.width && s[page]?.height === size.height ? s : { ...s, [page]: size }));
  }, []);
  const list = useMemo(() => {
    const extracted = new Map(
      doc.pageTexts
        .filter((p) => p.width && p.height)
        .map((p) => [p.page, { width: p.width!, height: p.height! }] as const),
    );
    const byPage = (p: number) => loaded[p] ?? extracted.get(p);
    const fallback = byPage(1) ?? [...extracted.values()][0] ?? Object.values(loaded)[0] ?? GUESSED_PAGE;
    return Array.from({ length: Math.max(1, count) }, (_, i) => byPage(i + 1) ?? fallback);
  }, [doc.pageTexts, loaded, count]);
  const known = useMemo(
    () =>
      Array.from(
        { length: Math.max(1, count) },
        (_, i) => loaded[i + 1] !== undefined || doc.pageTexts.some((p) => p.page === i + 1 && p.width && p.height),
      ),
    [doc.pageTexts, loaded, count],
  );
  return { list, known, set };
}

/** The view's inner size, followed as the window or the panels change. */
function useViewSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () =>
      setSize((s) =>
        s?.width === el.clientWidth && s.height === el.clientHeight
          ? s
          : { width: el.clientWidth, height: el.clientHeight },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** One page of a picture document, from the engine's `pageImage` (as it is, or rendered). */
function PagePicture({
  doc,
  page,
  onSize,
}: {
  doc: DocumentDetail;
  page: number;
  onSize(page: number, size: PageSize): void;
}) {
  const loadImage = useApp((s) => s.pageImage);
  const [state, setState] = useState<{ url: string | null; error: string | null }>({ url: null, error: null });
  useEffect(() => {
    let current = true;
    let release: (() => void) | null = null;
    loadImage(doc.id, page).then(
      (link) => {
        if (!current) return link.release();
        release = () => link.release();
        setState({ url: link.url, error: null });
      },
      (error: unknown) => current && setState({ url: null, error: AppError.wrap(error).message }),
    );
    return () => {
      current = false;
      release?.();
    };
  }, [loadImage, doc.id, page]);
  if (state.error)
    return (
      <p className="viewer-page-problem small">
        {PASSIVE_PICTURES.has(doc.mime) ? '' : `No picture of ${doc.mime} pages here: `}
        {state.error}
      </p>
    );
  if (!state.url) return null;
  return (
    <img
      className="viewer-picture"
      src={state.url}
      alt={`Page ${page} of ${fileName(doc.paths[0])}`}
      onLoad={(e) => {
        // Pixels are an image's page units; a page the extraction measured keeps its size.
        if (!doc.pageTexts.some((p) => p.page === page && p.width))
          onSize(page, { width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight });
      }}
    />
  );
}

function ThumbnailRail({
  pdf,
  sizes,
  page,
  onPage,
}: {
  pdf: PDFDocumentProxy;
  sizes: readonly PageSize[];
  page: number;
  onPage(page: number): void;
}) {
  const rail = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const scale = THUMB_WIDTH / (sizes[0]?.width ?? GUESSED_PAGE.width);
  const { tops, height } = useMemo(() => pageTops(sizes, scale), [sizes, scale]);
  const heights = useMemo(() => sizes.map((s) => s.height * scale + 18), [sizes, scale]);
  const near = pagesNear(tops, heights, scrollTop, rail.current?.clientHeight ?? 600, 1);
  // The current page's thumbnail stays in the rail's view.
  useEffect(() => {
    const el = rail.current;
    const top = tops[page - 1];
    if (!el || top === undefined) return;
    if (top < el.scrollTop || top + (heights[page - 1] ?? 0) > el.scrollTop + el.clientHeight)
      el.scrollTo({ top: Math.max(0, top - 12) });
  }, [page, tops, heights]);
  return (
    <div className="viewer-thumbs" ref={rail} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ol aria-label="Pages" style={{ height: height + sizes.length * 18 }}>
        {sizes.map((size, i) => {
          const p = i + 1;
          return (
            <li key={p} style={{ top: (tops[i] ?? 0) + i * 18 }}>
              <button
                type="button"
                className="viewer-thumb"
                aria-label={`Page ${p}`}
                aria-current={p === page ? 'page' : undefined}
                onClick={() => onPage(p)}
              >
                <span className="viewer-thumb-page" style={{ width: THUMB_WIDTH, height: size.height * scale }}>
                  {p >= near.first && p <= near.last ? <PageCanvas pdf={pdf} page={p} scale={scale} /> : null}
                </span>
                <span className="small">{p}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function ViewerToolbar({
  page,
  pageCount,
  scale,
  fit,
  onPage,
  onZoom,
  thumbs,
  actions,
  canFit = true,
}: {
  page: number;
  pageCount: number;
  scale: number | null;
  fit: FitMode | null;
  onPage(page: number): void;
  onZoom(next: number | FitMode): void;
  thumbs: { shown: boolean; toggle(): void } | null;
  actions?: ReactNode | undefined;
  /** Fit width and fit page (pages have a size; text does not). Default true. */
  canFit?: boolean;
}) {
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Page viewer">
      {thumbs ? (
        <button type="button" aria-pressed={thumbs.shown} onClick={thumbs.toggle} title="Thumbnails">
          ▤<span className="sr-only"> Thumbnails</span>
        </button>
      ) : null}
      <span className="viewer-group">
        <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page">
          ‹
        </button>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(typed);
            if (Number.isInteger(n)) onPage(n);
            setTyped(null);
          }}
        >
          <label>
            <span className="sr-only">Page</span>
            <input
              className="viewer-page-input"
              inputMode="numeric"
              aria-label="Page"
              value={typed ?? String(page)}
              onChange={(e) => setTyped(e.target.value)}
              onBlur={() => setTyped(null)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setTyped(null);
              }}
            />
          </label>
        </form>
        <span className="viewer-count" data-testid="viewer-page-count">
          of {pageCount}
        </span>
        <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pageCount} aria-label="Next page">
          ›
        </button>
      </span>
      {scale !== null ? (
        <span className="viewer-group">
          <button type="button" onClick={() => onZoom(zoomOut(scale))} aria-label="Zoom out">
            −
          </button>
          <span className="viewer-zoom" data-testid="viewer-zoom" aria-live="polite">
            {Math.round(scale * 100)}%
          </span>
          <button type="button" onClick={() => onZoom(zoomIn(scale))} aria-label="Zoom in">
            +
          </button>
          {canFit ? (
            <>
              <button type="button" aria-pressed={fit === 'width'} onClick={() => onZoom('width')}>
                Fit width
              </button>
              <button type="button" aria-pressed={fit === 'page'} onClick={() => onZoom('page')}>
                Fit page
              </button>
            </>
          ) : null}
        </span>
      ) : null}
      {actions ? <span className="viewer-group viewer-actions">{actions}</span> : null}
    </div>
  );
}

/** The extracted text of a text-format document, a sheet per page, with the same page and zoom controls. */
function TextViewer({ doc, page: wantedPage, onPageChange, actions, keyboard = true }: DocumentViewerProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  const [page, setPage] = useState(1);
  const pages = doc.pageTexts;
  const pageCount = Math.max(1, pages.length);
  const goTo = useCallback(
    (target: number) => {
      const p = Math.min(pageCount, Math.max(1, target));
      scroller.current?.querySelector(`[data-page="${p}"]`)?.scrollIntoView({ block: 'start' });
      setPage(p);
    },
    [pageCount],
  );
  useEffect(() => {
    if (wantedPage !== undefined) goTo(wantedPage);
  }, [wantedPage, goTo]);
  useEffect(() => onPageChange?.(page), [page, onPageChange]);
  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.metaKey || e.ctrlKey || isEditable(e.target)) return;
      if (e.key === 'PageDown') goTo(page + 1);
      else if (e.key === 'PageUp') goTo(page - 1);
      else if (e.key === '+' || e.key === '=') setScale((s) => zoomIn(s));
      else if (e.key === '-') setScale((s) => zoomOut(s));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, goTo, page]);
  return (
    <div className="viewer">
      <ViewerToolbar
        page={page}
        pageCount={pageCount}
        scale={scale}
        fit={null}
        onPage={goTo}
        onZoom={(next) => setScale(typeof next === 'number' ? next : 1)}
        thumbs={null}
        actions={actions}
        canFit={false}
      />
      <div
        className="viewer-scroll viewer-text"
        ref={scroller}
        tabIndex={0}
        role="region"
        aria-label={`Text of ${fileName(doc.paths[0])}`}
        style={{ fontSize: `${scale}rem` }}
        onScroll={(e) => {
          const el = e.currentTarget;
          const sheets = [...el.querySelectorAll<HTMLElement>('[data-page]')];
          const line = el.scrollTop + el.clientHeight / 3;
          const at = sheets.filter((s) => s.offsetTop <= line).pop();
          if (at) setPage(Number(at.dataset.page));
        }}
      >
        {pages.length === 0 ? (
          <p className="muted">No text extracted{doc.state === 'completed' ? '' : ' yet'}.</p>
        ) : (
          pages.map((p) => (
            <article key={p.page} className="viewer-sheet" data-page={p.page} aria-label={`Page ${p.page}`}>
              <div className="page-text">{p.text}</div>
            </article>
          ))
        )}
      </div>
    </div>
  );
}
