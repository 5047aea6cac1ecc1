/**
 * The walk of a dropped folder. A real drop's directory entries exist only in a browser dragging from the
 * desktop (a script cannot make one, so the e2e test drops plain files); here the entries are small
 * objects with the same interface, which is all the walk uses.
 */
import { describe, expect, it } from 'vitest';
import { collectDropped, describeDrop, droppedPaths, pickedFiles, snapshotDrop } from './droppedFiles.js';

function fileEntry(fullPath: string, text: string): FileSystemFileEntry {
  const name = fullPath.split('/').pop()!;
  return {
    isFile: true,
    isDirectory: false,
    name,
    fullPath,
    file: (ok: (f: File) => void) => ok(new File([text], name)),
  } as unknown as FileSystemFileEntry;
}

/** A folder that gives its entries two at a time, as browsers give them in batches. */
function dirEntry(fullPath: string, children: FileSystemEntry[]): FileSystemDirectoryEntry {
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.split('/').pop()!,
    fullPath,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (entries: FileSystemEntry[]) => void) => {
          const batch = children.slice(at, at + 2);
          at += batch.length;
          ok(batch);
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

function withRelativePath(file: File, path: string): File {
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

describe('what a drop holds', () => {
  it('walks a dropped folder in batches, paths from the folder down, hidden folders left out', async () => {
    const receipts = dirEntry('/receipts', [
      dirEntry('/receipts/2024', [
        fileEntry('/receipts/2024/a.pdf', 'a'),
        fileEntry('/receipts/2024/b.pdf', 'bb'),
        fileEntry('/receipts/2024/c.pdf', 'ccc'),
      ]),
      fileEntry('/receipts/.DS_Store', 'junk'),
      dirEntry('/receipts/.git', [fileEntry('/receipts/.git/config', 'x')]),
      fileEntry('/receipts/notes.txt', 'notes'),
    ]);
    const picked = await collectDropped([{ entry: receipts, file: null }]);
    expect(picked.map((p) => [p.path, p.file.size])).toEqual([
      ['receipts/2024/a.pdf', 1],
      ['receipts/2024/b.pdf', 2],
      ['receipts/2024/c.pdf', 3],
      ['receipts/notes.txt', 5],
    ]);
    expect(describeDrop(picked)).toBe('receipts');
  });

  it('takes plain files as they are: the folder path a picker or script gave, else the name', async () => {
    const inFolder = withRelativePath(new File(['x'], 'a.pdf'), 'scans/2023/a.pdf');
    const loose = new File(['yy'], 'letter.docx');
    const looseEntry = fileEntry('/letter.docx', 'yy');
    const picked = await collectDropped([
      { entry: null, file: inFolder },
      { entry: looseEntry, file: loose },
    ]);
    expect(picked.map((p) => p.path)).toEqual(['scans/2023/a.pdf', 'letter.docx']);
    expect(picked[1]?.file).toBe(loose);
    expect(describeDrop(picked)).toBe('2 files');
    expect(pickedFiles([inFolder]).map((p) => p.path)).toEqual(['scans/2023/a.pdf']);
  });

  it('reads the items of a DataTransfer, and its files when it has no items', () => {
    const file = new File(['x'], 'a.pdf');
    const entry = fileEntry('/a.pdf', 'x');
    const withItems = {
      items: [
        { kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => file },
        { kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null },
      ],
      files: [file],
    } as unknown as DataTransfer;
    expect(snapshotDrop(withItems)).toEqual([{ entry, file }]);
    const filesOnly = { items: [], files: [file] } as unknown as DataTransfer;
    expect(snapshotDrop(filesOnly)).toEqual([{ entry: null, file }]);
  });

  it('gives the disk paths of dropped things in the desktop app, leaving out what is not on disk', () => {
    const onDisk = new File(['x'], 'receipts');
    const fromAPage = new File(['y'], 'picture.png');
    const paths = droppedPaths(
      [
        { entry: null, file: onDisk },
        { entry: null, file: fromAPage },
      ],
      (f) => (f === onDisk ? '/home/me/receipts' : ''),
    );
    expect(paths).toEqual(['/home/me/receipts']);
  });
});
