/**
 * Rebuilds a search index from the store (the source of truth): `docpipe reindex`, a backend switch, an
 * index created empty after a schema or model change, or recovery after a crash between a store write and
 * an index write. Converges: afterwards the index holds exactly the documents the source yielded, each in
 * its latest form, whatever the index held before.
 */
import type { IndexDocument, ReindexReport, SearchBackend } from './SearchBackend.js';

export type { ReindexReport };

/**
 * @param source batches of the store's documents (the caller pages through the store; batches of a few
 *   hundred keep memory flat).
 */
export async function reindexFromStore(
  backend: SearchBackend,
  source: AsyncIterable<IndexDocument[]> | Iterable<IndexDocument[]>,
): Promise<ReindexReport> {
  // A backend that can build beside the live index does (searches keep answering from the old one).
  if (backend.rebuild) return backend.rebuild(source);
  const started = performance.now();
  const stale = new Set(await backend.ids());
  let indexed = 0;
  for await (const batch of source) {
    if (batch.length === 0) continue;
    await backend.index(batch);
    indexed += batch.length;
    for (const doc of batch) stale.delete(doc.id);
  }
  const removed = [...stale];
  for (let i = 0; i < removed.length; i += 500) await backend.remove(removed.slice(i, i + 500));
  return { indexed, removed: removed.length, tookMs: Math.round(performance.now() - started) };
}
