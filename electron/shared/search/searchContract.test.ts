import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_END, HIGHLIGHT_START, SearchRequest, snippetParts } from '../contract/search.js';

describe('search contract', () => {
  it('fills request defaults', () => {
    expect(SearchRequest.parse({ query: 'x' })).toEqual({
      query: 'x',
      limit: 20,
      offset: 0,
      mode: 'hybrid',
      plain: false,
      snippets: true,
    });
    expect(SearchRequest.safeParse({ query: 'x', limit: 0 }).success).toBe(false);
  });
  it('splits snippets into plain and highlighted parts', () => {
    expect(
      snippetParts(`…the ${HIGHLIGHT_START}tenant${HIGHLIGHT_END} pays ${HIGHLIGHT_START}rent${HIGHLIGHT_END}`),
    ).toEqual([
      { text: '…the ', highlight: false },
      { text: 'tenant', highlight: true },
      { text: ' pays ', highlight: false },
      { text: 'rent', highlight: true },
    ]);
  });
});
