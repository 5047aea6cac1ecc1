/** Selectors the e2e specs share: the page's structure named once. */

/** The library's document rows (the virtualised grid draws only those on screen). */
export const LIBRARY_ROWS = '[data-testid="library-grid"] [role="row"][data-id]';
