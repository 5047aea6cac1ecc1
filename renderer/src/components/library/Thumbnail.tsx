/**
 * The picture of a document's first page in a library row, asked for only when the row has stayed on
 * screen a moment (rows flown past while scrolling never ask), a few at a time, newest first. The engine
 * renders a page once at this width and keeps it on disk by content hash; in a browser the address names
 * the content too, so the browser keeps it for good. A file without a picture shows its kind instead.
 */
import { memo, useEffect, useState } from 'react';
import type { LibraryRow } from '../../../../electron/shared/contract/library.js';
import type { PageImageLink } from '../../client/docpipeClient.js';
import { useApp } from '../../state/AppStoreContext.js';
import { fileKind, hasThumbnail } from './libraryFormat.js';

/** Pixels wide asked of the engine: twice the 32 CSS px shown, for sharp pictures on high-density screens. */
export const THUMBNAIL_WIDTH = 64;
/** How long a row stays on screen before its picture is asked for. */
const SETTLE_MS = 120;
/** Pictures loading at once. */
const AT_ONCE = 3;

type Task = () => Promise<void>;

/** Loads waiting their turn, newest last (taken first): what is on screen now before what was. */
const waiting: Task[] = [];
let running = 0;

function pump(): void {
  while (running < AT_ONCE && waiting.length > 0) {
    const task = waiting.pop()!;
    running++;
    void task().finally(() => {
      running--;
      pump();
    });
  }
}

/** Queues a load; the returned function takes it back out if it has not started. */
function enqueue(task: Task): () => void {
  waiting.push(task);
  pump();
  return () => {
    const at = waiting.indexOf(task);
    if (at >= 0) waiting.splice(at, 1);
  };
}

type Picture = { state: 'waiting' } | { state: 'shown'; link: PageImageLink } | { state: 'none' };

export const Thumbnail = memo(function Thumbnail({ row }: { row: LibraryRow }) {
  const pageImage = useApp((s) => s.pageImage);
  // Once read: a file still on its way may turn out unreadable (a damaged PDF has no first page to show).
  const pictured = hasThumbnail(row.mime) && row.sha256 !== null && row.state === 'completed';
  const [picture, setPicture] = useState<Picture>({ state: 'waiting' });

  useEffect(() => {
    if (!pictured) return;
    let current = true;
    let link: PageImageLink | null = null;
    let cancel: (() => void) | null = null;
    const timer = setTimeout(() => {
      cancel = enqueue(async () => {
        if (!current) return;
        try {
          link = await pageImage(row.id, 1, { width: THUMBNAIL_WIDTH, sha256: row.sha256 });
          if (!current) return;
          // The slot stays taken until the browser has the picture (or gives up on it).
          await new Promise<void>((resolve) => {
            const probe = new Image();
            probe.onload = probe.onerror = () => resolve();
            probe.src = link!.url;
          });
          if (current) setPicture({ state: 'shown', link });
        } catch {
          if (current) setPicture({ state: 'none' });
        }
      });
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
      cancel?.();
      link?.release();
    };
  }, [pictured, pageImage, row.id, row.sha256]);

  if (pictured && picture.state === 'shown') {
    return (
      <img
        className="library-thumb"
        src={picture.link.url}
        alt=""
        width={32}
        height={40}
        decoding="async"
        onError={() => setPicture({ state: 'none' })}
      />
    );
  }
  return (
    <span
      className={`library-thumb library-kind${pictured && picture.state === 'waiting' ? ' library-thumb-waiting' : ''}`}
      aria-hidden="true"
    >
      {pictured && picture.state === 'waiting' ? '' : fileKind(row)}
    </span>
  );
});
