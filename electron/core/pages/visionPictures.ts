/**
 * Page pictures for the vision model (inference/ollama/OllamaProvider.ts): the same pictures the review
 * screen shows (pageImages.ts: images as they are on disk, PDF pages rendered), made one at a time so the
 * understand stage never renders beside the extraction threads more than that. A document whose pages
 * cannot be pictured (TIFF, a file moved away) gets null: the text model reads its OCR text instead.
 */
import type { Store } from '../store/Store.js';
import { createPageImageSource } from './pageImages.js';

export function visionPictures(
  store: Store,
  resourcesDir: string | undefined,
): (documentId: number, page: number) => Promise<Uint8Array | null> {
  const source = createPageImageSource(
    async (id) => {
      const doc = store.documents.get(id);
      if (!doc) throw new Error(`document ${id} is gone`);
      return { ...doc, pageTexts: store.pages.sizes(id) };
    },
    { concurrentRenders: 1, ...(resourcesDir ? { resourcesDir } : {}) },
  );
  return async (documentId, page) => {
    try {
      return (await source({ id: documentId, page })).bytes;
    } catch {
      return null;
    }
  };
}
