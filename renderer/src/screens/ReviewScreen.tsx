/** Slot for the review screen (low-confidence documents, field corrections). Not built yet. */
export function ReviewScreen() {
  return (
    <section className="panel placeholder" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      <p>Documents that need a person — uncertain types and fields — will be listed here for correction.</p>
    </section>
  );
}
