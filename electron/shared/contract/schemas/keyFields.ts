/**
 * The key fields of each type: which of its fields the library shows (and sorts by) as the document's
 * date, its party (who issued or sent it) and its total. Several fields for one role are tried in order:
 * the first one the document has a value for is shown (a contract's agreement date, else its effective
 * date). Types without such a field leave the column empty. Field names are those of FIELD_SPECS; a test
 * holds every entry to a field of the right kind.
 */
import type { DocumentType } from './documentTypes.js';

export const KEY_ROLES = ['date', 'party', 'total', 'currency'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export const KEY_FIELDS: { readonly [T in DocumentType]: { readonly [R in KeyRole]?: readonly string[] } } = {
  invoice: { date: ['date'], party: ['vendor'], total: ['total', 'amount_due'], currency: ['currency'] },
  receipt: { date: ['date'], party: ['company'], total: ['total'], currency: ['currency'] },
  form: {},
  contract: { date: ['agreement_date', 'effective_date'], party: ['parties'] },
  scientific_paper: { date: ['year'], party: ['authors'] },
  letter: { date: ['date'], party: ['sender'] },
  resume: { party: ['name'] },
  report: {},
  bank_statement: {
    date: ['period_end', 'period_start'],
    party: ['bank'],
    total: ['closing_balance'],
    currency: ['currency'],
  },
  email: { date: ['date'], party: ['from'] },
  other: {},
};

/** The table as rows (type, role, field, rank): what the store keeps in `key_fields`. */
export function keyFieldRows(): { docType: DocumentType; role: KeyRole; field: string; rank: number }[] {
  const rows: { docType: DocumentType; role: KeyRole; field: string; rank: number }[] = [];
  for (const [docType, roles] of Object.entries(KEY_FIELDS) as [DocumentType, (typeof KEY_FIELDS)[DocumentType]][]) {
    for (const role of KEY_ROLES) {
      (roles[role] ?? []).forEach((field, rank) => rows.push({ docType, role, field, rank }));
    }
  }
  return rows;
}
