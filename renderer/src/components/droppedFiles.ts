/**
 * What a drop (or a file picker) holds, as files with their paths relative to what was dropped: a dropped
 * folder `receipts` gives `receipts/2024/a.pdf`. A real drop from the desktop carries directory entries
 * (webkitGetAsEntry), walked here; files alone (a script's DataTransfer, a picker) carry their path in
 * `webkitRelativePath` when they came from a folder, else their name is their path.
 *
 * A DataTransfer is readable only while its event is dispatched, so `snapshotDrop` must run inside the
 * handler; the walk happens afterwards.
 */
import { isSkippedName } from '../../../electron/shared/files/skippedNames.js';
import type { PickedFile } from '../state/uploadPlan.js';

/** What `snapshotDrop` kept of one dropped item. */
export interface DroppedItem {
  entry: FileSystemEntry | null;
  file: File | null;
}

/** Reads a drop's items while its event runs. */
export function snapshotDrop(data: DataTransfer): DroppedItem[] {
  const items = [...(data.items ?? [])].filter((item) => item.kind === 'file');
  if (items.length > 0)
    return items.map((item) => ({ entry: item.webkitGetAsEntry?.() ?? null, file: item.getAsFile() }));
  return [...data.files].map((file) => ({ entry: null, file }));
}

/** The files of a drop, dropped folders walked. */
export async function collectDropped(items: readonly DroppedItem[]): Promise<PickedFile[]> {
  const picked: PickedFile[] = [];
  for (const { entry, file } of items) {
    if (entry?.isDirectory) await walkDirectory(entry as FileSystemDirectoryEntry, picked);
    else if (file) picked.push({ file, path: relativePathOf(file) });
    else if (entry?.isFile) picked.push({ file: await fileOf(entry as FileSystemFileEntry), path: pathOf(entry) });
  }
  return picked;
}

/** The files a picker gave (a folder picker sets each file's path within the folder). */
export function pickedFiles(files: Iterable<File>): PickedFile[] {
  return [...files].map((file) => ({ file, path: relativePathOf(file) }));
}

/** What was dropped, in words: the folder's or file's name when it was one, else how many files. */
export function describeDrop(picked: readonly PickedFile[]): string {
  const tops = new Set(picked.map((p) => p.path.split('/')[0] ?? p.path));
  const [only] = tops;
  if (tops.size === 1 && only !== undefined) return only;
  return `${picked.length} files`;
}

function relativePathOf(file: File): string {
  return file.webkitRelativePath || file.name;
}

function pathOf(entry: FileSystemEntry): string {
  return entry.fullPath.replace(/^\/+/, '');
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** One batch of a folder's entries; a folder gives its entries in batches until an empty one. */
function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walkDirectory(dir: FileSystemDirectoryEntry, into: PickedFile[]): Promise<void> {
  const reader = dir.createReader();
  for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
    for (const entry of batch) {
      // Hidden folders (.git) are not walked at all; the engine would skip their files anyway.
      if (isSkippedName(entry.name, false)) continue;
      if (entry.isDirectory) await walkDirectory(entry as FileSystemDirectoryEntry, into);
      else if (entry.isFile) into.push({ file: await fileOf(entry as FileSystemFileEntry), path: pathOf(entry) });
    }
  }
}

/** The disk paths of dropped files and folders, in the desktop app (empty for what is not on disk). */
export function droppedPaths(items: readonly DroppedItem[], pathForFile: (file: File) => string): string[] {
  return items.flatMap(({ file }) => {
    const path = file ? pathForFile(file) : '';
    return path ? [path] : [];
  });
}
