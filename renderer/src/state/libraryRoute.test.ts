import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, EXPORT_IDS_LIMIT, exportParams, paramsFromQuery, queryFromParams } from './libraryRoute.js';
import { parseRoute, routeHash } from './router.js';

describe('the library in the address', () => {
  it('reads sort and filters from the parameters and writes them back the same', () => {
    const route = parseRoute(
      '#/documents?sort=date&dir=asc&type=invoice,receipt&state=failed&review=needs_review&q=acme&confMin=40&confMax=80',
    );
    const query = queryFromParams(route.params);
    expect(query).toEqual({
      sort: 'date',
      direction: 'asc',
      filter: {
        type: ['invoice', 'receipt'],
        state: ['failed'],
        review: ['needs_review'],
        q: 'acme',
        minConfidence: 0.4,
        maxConfidence: 0.8,
      },
    });
    expect(routeHash({ ...route, params: paramsFromQuery(query) })).toBe(
      '#/documents?type=invoice%2Creceipt&state=failed&review=needs_review&q=acme&confMin=40&confMax=80&sort=date&dir=asc',
    );
  });

  it('drops what makes no sense, and leaves defaults out of the address', () => {
    expect(
      queryFromParams({
        sort: 'colour',
        dir: 'up',
        type: 'invoice,memo',
        state: 'done',
        confMin: '250',
        confMax: '-1',
      }),
    ).toEqual({
      ...DEFAULT_QUERY,
      filter: { type: ['invoice'] },
    });
    expect(paramsFromQuery(DEFAULT_QUERY)).toEqual({});
  });

  it('gives the export screen the ids of a small selection, else the filters', () => {
    const filter = { type: ['invoice' as const], q: 'acme' };
    expect(exportParams(filter, [3, 1, 2])).toEqual({ params: { ids: '1,2,3' }, wholeFilter: false });
    const many = Array.from({ length: EXPORT_IDS_LIMIT + 1 }, (_, i) => i + 1);
    expect(exportParams(filter, many)).toEqual({ params: { type: 'invoice', q: 'acme' }, wholeFilter: true });
    expect(exportParams(filter, null)).toEqual({ params: { type: 'invoice', q: 'acme' }, wholeFilter: false });
  });
});
