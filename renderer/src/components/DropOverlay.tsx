import { useEffect, useState } from 'react';
import { useApp, useIntakeStoreApi, useRouter } from '../state/AppStoreContext.js';
import { collectDropped, describeDrop, droppedPaths, snapshotDrop, type DroppedItem } from './droppedFiles.js';
import './AddDocuments.css';

/** Only drags that carry files concern us (a dragged link or text selection does not). */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * The whole window takes a drop of folders and files, on any screen: an overlay says so while something
 * is dragged over it, and a drop brings the documents screen, whose "Add documents" panel shows the
 * progress. The desktop app hands the engine the dropped paths; a browser uploads the files.
 */
export function DropOverlay() {
  const intake = useIntakeStoreApi();
  const pathForFile = useApp((s) => s.pathForFile);
  const navigate = useRouter((s) => s.navigate);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter and dragleave come in pairs for every element crossed; the overlay is up while any is open.
    let depth = 0;
    const take = (items: DroppedItem[]) => {
      navigate({ screen: 'documents', documentId: null });
      const state = intake.getState();
      if (state.mode === 'paths' && pathForFile) {
        const paths = droppedPaths(items, pathForFile);
        if (paths.length > 0) void state.addPaths(paths, state.watchNew);
        else
          state.reportPathProblem(
            'What was dropped is not a file or folder on this computer’s disk (it came from another program or a web page). Save it to a folder first, then add that.',
          );
        return;
      }
      void collectDropped(items).then((picked) => {
        if (picked.length > 0) void intake.getState().uploadFiles(picked, describeDrop(picked));
      });
    };
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser opens the dropped file in place of the app.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      // The DataTransfer is readable only now, while the event is dispatched.
      take(snapshotDrop(event.dataTransfer));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [intake, navigate, pathForFile]);

  if (!dragging) return null;
  // Hidden from screen readers: dragging is a pointer gesture; the panel's buttons are the keyboard's way.
  return (
    <div className="drop-overlay" aria-hidden="true" data-testid="drop-overlay">
      <p className="drop-overlay-message">Drop folders or files to add them</p>
    </div>
  );
}
