import { accessSync, constants } from 'node:fs';
import type { Store } from '../store/Store.js';

/**
 * Where a remote worker's bytes come from: any path of the document with this content that can still be
 * read. The worker hashes what it receives and refuses bytes that are not these (a file changed since).
 */
export function documentBytesPath(store: Store, sha256: string): string | null {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const found = store.documents.findBySha(sha256);
  if (!found) return null;
  for (const path of store.documents.get(found.id)?.paths ?? []) {
    try {
      accessSync(path, constants.R_OK);
      return path;
    } catch {
      // Moved or deleted since: another path may still hold the bytes.
    }
  }
  return null;
}
