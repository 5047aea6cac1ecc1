/** Slot for the search screen (query box, filters, facets, results with snippets). Not built yet. */
export function SearchScreen() {
  return (
    <section className="panel placeholder" aria-labelledby="search-heading">
      <h2 id="search-heading">Search</h2>
      <p>Full-text and field search will appear here once the search commands are part of the engine's API.</p>
    </section>
  );
}
