import type { ReviewItem } from '../../shared/contract/api.js';
import { uncertainties } from '../documents/documentViews.js';
import type { Store } from '../store/Store.js';

/** Documents needing a person's look, lowest confidence first. */
export function reviewQueue(store: Store, request: { below: number; limit: number }): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (let after = 0; ; ) {
    const page = store.documents.listAfter(after, 500);
    if (page.length === 0) break;
    for (const record of page) {
      if (record.state !== 'completed' || record.reviewedAt !== null || record.type === null) continue;
      const { lowest, reasons } = uncertainties(record, store.fields.list(record.id), request.below);
      if (reasons.length === 0) continue;
      items.push({ id: record.id, paths: record.paths, type: record.type, typeConfidence: record.typeConfidence, lowestConfidence: lowest, reasons });
    }
    after = page[page.length - 1]!.id;
  }
  return items.sort((a, b) => a.lowestConfidence - b.lowestConfidence || a.id - b.id).slice(0, request.limit);
}
