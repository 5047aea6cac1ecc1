/**
 * English function words dropped from natural-language ranking (the any-word fallback, "more like this",
 * relevance feedback). They are still indexed, so "exact phrases" with them work. The list is Lucene's
 * English stop set plus question words, because users (and IR test queries) write questions.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with ' +
    'what which who whom whose when where why how can could do does did done have has had having been being were would should shall ' +
    'may might must from than so some any all each other its also about above after again against between both during few further ' +
    'here more most nor only own same too very just over under up down out off once through until while i me my we our you your he him his ' +
    'she her them those am us one ones given'
  ).split(' '),
);
