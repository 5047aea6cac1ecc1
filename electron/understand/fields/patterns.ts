/**
 * Long label patterns written as named, commented pieces instead of one wall: `anyOf(a, b, c)` is the
 * pattern `a|b|c`. Every piece is a regular expression literal of its own, with the flags of the
 * whole, so each is checked as it is written; the pieces must agree on their flags.
 */
export function anyOf(...alternatives: readonly [RegExp, ...RegExp[]]): RegExp {
  const flags = alternatives[0].flags;
  const odd = alternatives.find((a) => a.flags !== flags);
  if (odd)
    throw new Error(`anyOf: /${odd.source}/${odd.flags} has other flags than /${alternatives[0].source}/${flags}`);
  return new RegExp(alternatives.map((a) => a.source).join('|'), flags);
}
