import type { ReviewItem } from '../../shared/contract/api.js';
import { fieldReason, typeReason } from '../documents/documentViews.js';
import type { Store } from '../store/Store.js';

/**
 * Documents needing a person's look, lowest confidence first: one query (ReviewRepo.queue), whose rows
 * (one per uncertain item, a document's rows together) become one item per document.
 */
export function reviewQueue(store: Store, request: { below: number; limit: number }): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const row of store.review.queue(request.below, request.limit)) {
    let item = items.at(-1);
    if (item?.id !== row.id) {
      item = {
        id: row.id,
        paths: JSON.parse(row.paths) as string[],
        type: row.doc_type,
        typeConfidence: row.type_confidence,
        lowestConfidence: row.lowest,
        reasons: [],
      };
      items.push(item);
    }
    item.reasons.push(
      row.item === 'type' ? typeReason(row.doc_type, row.confidence) : fieldReason(row.name, row.confidence),
    );
  }
  return items;
}
