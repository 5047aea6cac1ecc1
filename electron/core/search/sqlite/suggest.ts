/**
 * "Did you mean" from the index's own vocabulary: for each word of the query that no document (or very
 * few) has, the indexed word a couple of edits away that the most documents have. Candidates come from
 * the `vocabulary` table (every folded, unstemmed word the index was given), read by the word's first
 * letter and by its second (so a swapped or an extra first letter is found too; a first letter missing or
 * mistyped is not: those are rarer, and reading the whole vocabulary per word would cost too much); their
 * frequencies are the
 * live document frequencies of their terms, so words of documents since removed are never suggested.
 */
import type { ParsedQuery } from '../../../shared/search/query.js';
import { ENGLISH_STOPWORDS } from '../../../shared/search/stopwords.js';
import {
  correctedQuery,
  editDistance,
  isCorrectableWord,
  maxEdits,
  type WordSuggestion,
} from '../../../shared/search/suggestion.js';
import { foldWord, stem } from './analyzer.js';

/** A word found in fewer documents than this is worth a suggestion, when a much more common word is near. */
const FEW = 3;
/** How many times more documents a suggestion must have than a word that exists (rare words are often right). */
const MORE_COMMON = 10;

export interface SuggestionSource {
  /** Documents holding this (analyzed) term. */
  documentFrequency(term: string): number;
  /** Vocabulary words starting with `first`, between `minLength` and `maxLength` characters long. */
  wordsStartingWith(first: string, minLength: number, maxLength: number): string[];
}

export function suggestCorrections(
  rawQuery: string,
  query: ParsedQuery,
  source: SuggestionSource,
): { query: string; words: WordSuggestion[] } | null {
  const words: WordSuggestion[] = [];
  const seen = new Set<string>();
  for (const clause of query.clauses) {
    if (clause.kind !== 'term' || clause.prefix || clause.negated) continue;
    const word = foldWord(clause.text);
    if (seen.has(word) || !isCorrectableWord(word) || ENGLISH_STOPWORDS.has(word)) continue;
    seen.add(word);
    const suggestion = bestNeighbour(word, source);
    if (suggestion !== null) words.push({ word: clause.text, suggestion });
  }
  if (words.length === 0) return null;
  return { query: correctedQuery(rawQuery, words), words };
}

function bestNeighbour(word: string, source: SuggestionSource): string | null {
  const own = source.documentFrequency(stem(word));
  if (own >= FEW) return null;
  const limit = maxEdits(word);
  const needed = own === 0 ? 1 : own * MORE_COMMON;
  const firsts = new Set([word[0]!, word[1]!]);
  let best: { word: string; edits: number; documents: number } | null = null;
  for (const first of firsts) {
    for (const candidate of source.wordsStartingWith(first, word.length - limit, word.length + limit)) {
      if (candidate === word) continue;
      const edits = editDistance(word, candidate, limit);
      if (edits > limit || (best && edits > best.edits)) continue;
      const term = stem(candidate);
      if (term === stem(word)) continue;
      const documents = source.documentFrequency(term);
      if (documents < needed) continue;
      if (!best || edits < best.edits || documents > best.documents) best = { word: candidate, edits, documents };
    }
  }
  return best?.word ?? null;
}
