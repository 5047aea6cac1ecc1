/**
 * Query AST -> FTS5 MATCH expressions. Every word is emitted as a double-quoted FTS5 string, so no user
 * input is ever read as FTS5 syntax (NEAR, column filters, ^, parentheses, bare AND/OR/NOT).
 */
import type { PhraseClause, TermClause } from '../../../shared/search/query.js';

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export function clauseExpression(c: TermClause | PhraseClause): string {
  if (c.kind === 'phrase') return quote(c.words.join(' '));
  return c.prefix ? `${quote(c.text)} *` : quote(c.text);
}

/** All clauses must match: `"a" AND "b c" AND "d" *`. Null when there is nothing to match. */
export function allOf(clauses: (TermClause | PhraseClause)[]): string | null {
  if (clauses.length === 0) return null;
  return clauses.map(clauseExpression).join(' AND ');
}

/** Any clause may match (snippets, exclusions). Null when empty. */
export function anyOf(clauses: (TermClause | PhraseClause)[]): string | null {
  if (clauses.length === 0) return null;
  return clauses.map(clauseExpression).join(' OR ');
}
