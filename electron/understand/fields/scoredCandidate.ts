/** One value the learned field scorer (fieldScorer.ts) can pick for a field, with its features. */
export interface FieldCandidate {
  /** As written (for the review screen and for locating it on the page). */
  raw: string;
  /** Normalized like the field: "24.23", "2020-03-02", "Acme GmbH". */
  normalized: string;
  page: number;
  /** Feature name → value (mostly 1: present). */
  features: Map<string, number>;
}
