/**
 * Dropping files on the page the way a script can: DragEvents whose DataTransfer holds File objects with
 * their paths in the dropped folder. The functions marked "runs in the page" go to `page.evaluate`, so
 * they use nothing from outside their own body.
 */

/** A file as the page will build it: its path within what is dropped, and its bytes. */
export interface DropFile {
  path: string;
  base64: string;
}

export const dropFile = (path: string, bytes: Buffer | string): DropFile => ({
  path,
  base64: Buffer.from(bytes).toString('base64'),
});

/**
 * Runs in the page: builds File objects from the bytes, each with its path in the dropped folder
 * (`webkitRelativePath`, as a folder picker sets it), puts them in a DataTransfer and drags it over the
 * window. `globalThis` is the page's window (this file is type-checked without the DOM library).
 */
export function dragOver(files: DropFile[]): void {
  const page = globalThis as unknown as {
    DataTransfer: new () => { items: { add(file: object): void } };
    File: new (parts: Uint8Array[], name: string) => object;
    DragEvent: new (type: string, init: object) => object;
    document: { body: { dispatchEvent(event: object): boolean } };
    atob(text: string): string;
    testDrop?: object;
  };
  const data = new page.DataTransfer();
  for (const { path, base64 } of files) {
    const bytes = Uint8Array.from(page.atob(base64), (c) => c.charCodeAt(0));
    const file = new page.File([bytes], path.split('/').pop() ?? path);
    if (path.includes('/')) Object.defineProperty(file, 'webkitRelativePath', { value: path });
    data.items.add(file);
  }
  page.testDrop = data;
  for (const type of ['dragenter', 'dragover'])
    page.document.body.dispatchEvent(new page.DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
}

/** Runs in the page: drops what `dragOver` dragged. */
export function dropIt(): void {
  const page = globalThis as unknown as {
    DragEvent: new (type: string, init: object) => object;
    document: { body: { dispatchEvent(event: object): boolean } };
    testDrop?: object;
  };
  page.document.body.dispatchEvent(
    new page.DragEvent('drop', { dataTransfer: page.testDrop, bubbles: true, cancelable: true }),
  );
}

/**
 * Runs in the page: keeps every text the upload's live region and byte line showed, so the test can
 * look at the progress afterwards instead of racing it.
 */
export function recordProgress(): void {
  const page = globalThis as unknown as {
    document: { body: object; querySelector(s: string): { textContent: string | null } | null };
    MutationObserver: new (callback: () => void) => { observe(target: object, options: object): void };
    progressSeen: string[];
  };
  page.progressSeen = [];
  const seen = page.progressSeen;
  new page.MutationObserver(() => {
    for (const selector of ['[data-testid="upload-progress"] [role="status"]', '.add-upload-bytes']) {
      const text = page.document.querySelector(selector)?.textContent ?? null;
      if (text && !seen.includes(text)) seen.push(text);
    }
  }).observe(page.document.body, { subtree: true, childList: true, characterData: true });
}
