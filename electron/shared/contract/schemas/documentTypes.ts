/**
 * The document types docpipe knows and each type's fields: the one definition that the UI, the CSV
 * export, the embedded extractors and the LLM prompts use. Field names line up with the dev corpus
 * (../shared/corpus/labels.jsonl) so that evaluation compares like with like.
 */
import { z } from 'zod';

/** Every type a document can have. `other` is the honest answer when none fits. */
export const DOCUMENT_TYPES = [
  'invoice',
  'receipt',
  'form',
  'contract',
  'scientific_paper',
  'letter',
  'resume',
  'report',
  'bank_statement',
  'email',
  'other',
] as const;
export const DocumentType = z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof DocumentType>;

/**
 * What a field's value is, which decides how it is normalized and compared:
 * - `text`: free text as written (names, titles); compared case/whitespace/punctuation-folded.
 * - `organization`: an organisation's name as written; compared like text with the legal form
 *   ("GmbH", "Inc.", "SARL", "Sdn Bhd"…) ignored, since documents and registries disagree about it.
 * - `date`: normalized to ISO 8601 `YYYY-MM-DD`.
 * - `time`: normalized to `HH:MM` (24 h) or `HH:MM:SS`.
 * - `amount`: normalized to a decimal string with `.` as separator and no grouping (`"1234.50"`).
 * - `currency`: normalized to an ISO 4217 code (`"EUR"`).
 * - `percent`: normalized to a decimal string of the percentage (`"19"` for 19 %).
 * - `identifier`: an opaque reference (invoice number, DOI, arXiv id, VAT id); normalized without spaces.
 * - `iban`: normalized to upper case without spaces, and only when the mod-97 checksum passes.
 * - `email`: an e-mail address (or, for resumes, the profile link the author gave instead), lower-cased.
 * - `phone`: normalized to digits with an optional leading `+`.
 * - `year`: a four-digit year as a string.
 * - `list`: several text values; normalized to an array of strings.
 * - `keyValues`: form key/value pairs; normalized to an array of `{ key, value }`.
 */
export const FIELD_KINDS = [
  'text',
  'organization',
  'date',
  'time',
  'amount',
  'currency',
  'percent',
  'identifier',
  'iban',
  'email',
  'phone',
  'year',
  'list',
  'keyValues',
] as const;
export const FieldKind = z.enum(FIELD_KINDS);
export type FieldKind = z.infer<typeof FieldKind>;

export interface FieldSpec {
  /** The field's name, exactly as in labels.jsonl and the CSV column. */
  readonly name: string;
  readonly kind: FieldKind;
  /** One line for people and for LLM prompts: what the field holds. */
  readonly description: string;
}

const f = (name: string, kind: FieldKind, description: string): FieldSpec => ({ name, kind, description });

/** The fields of each type, in display order. Names are exactly issue 3's list. */
export const FIELD_SPECS: { readonly [T in DocumentType]: readonly FieldSpec[] } = {
  invoice: [
    f('invoice_number', 'identifier', 'The invoice number as printed by the issuer.'),
    f('date', 'date', 'Issue date of the invoice.'),
    f('due_date', 'date', 'Date by which payment is due.'),
    f('vendor', 'organization', 'The issuer / seller (organisation name).'),
    f('buyer', 'organization', 'The customer the invoice is addressed to.'),
    f('currency', 'currency', 'Currency of the amounts (ISO 4217).'),
    f('net_total', 'amount', 'Total excluding tax.'),
    f('tax_total', 'amount', 'Total tax (VAT, GST, sales tax).'),
    f('total', 'amount', 'Grand total including tax.'),
    f('amount_due', 'amount', 'Amount still payable (total minus prepayments).'),
    f('vat_rate', 'percent', 'The VAT/tax rate when one rate applies, in percent.'),
    f('iban', 'iban', "The vendor's bank account (IBAN) for payment."),
    f('vendor_tax_id', 'identifier', "The vendor's VAT / tax identification number."),
  ],
  receipt: [
    f('company', 'organization', 'The shop or company that issued the receipt.'),
    f('address', 'text', "The issuer's address as printed."),
    f('phone', 'phone', "The issuer's phone number."),
    f('date', 'date', 'Date of the purchase.'),
    f('time', 'time', 'Time of the purchase.'),
    f('total', 'amount', 'Total paid, tax included.'),
    f('currency', 'currency', 'Currency of the amounts (ISO 4217).'),
    f('tax_total', 'amount', 'Tax included in the total (GST, VAT).'),
  ],
  form: [f('kv_pairs', 'keyValues', 'The key/value pairs filled in on the form (question → answer).')],
  contract: [
    f('title', 'text', 'Title of the contract as printed (e.g. "DISTRIBUTOR AGREEMENT").'),
    f('contract_type', 'text', 'Kind of agreement (Distributor, License, Sponsorship, …).'),
    f('parties', 'list', 'The contracting parties, one entry per party.'),
    f('agreement_date', 'date', 'Date the agreement was signed or dated.'),
    f('effective_date', 'date', 'Date the agreement takes effect.'),
    f('expiration_date', 'date', 'Date the initial term ends.'),
    f('governing_law', 'text', 'Jurisdiction whose law governs the contract.'),
    f('renewal_term', 'text', 'Length of a renewal term (e.g. "1 year").'),
  ],
  scientific_paper: [
    f('title', 'text', 'Title of the paper.'),
    f('authors', 'list', 'Authors in order.'),
    f('year', 'year', 'Publication year.'),
    f('doi', 'identifier', 'Digital Object Identifier, without the https://doi.org/ prefix.'),
    f('journal', 'text', 'Journal or venue.'),
    f('arxiv_id', 'identifier', 'arXiv identifier without version (e.g. "2305.03393").'),
  ],
  letter: [
    f('sender', 'text', 'Who wrote the letter (person or organisation).'),
    f('recipient', 'text', 'To whom it is addressed.'),
    f('date', 'date', 'Date of the letter.'),
    f('subject', 'text', 'Subject / reference line.'),
  ],
  resume: [
    f('name', 'text', "The candidate's name."),
    f('email', 'email', 'E-mail address or the profile link given instead.'),
    f('phone', 'phone', 'Phone number.'),
    f('location', 'text', 'City / region the candidate is based in.'),
    f('designation', 'text', 'Current or most recent job title.'),
    f('companies', 'list', 'Employers, in document order.'),
    f('degree', 'text', 'Highest or first listed degree.'),
    f('college', 'text', 'College or university of that degree.'),
    f('graduation_year', 'year', 'Year of graduation.'),
    f('skills', 'list', 'Skills as listed.'),
  ],
  report: [],
  bank_statement: [
    f('bank', 'organization', 'The bank that issued the statement.'),
    f('account_holder', 'text', 'Name of the account holder.'),
    f('iban', 'iban', 'The account IBAN.'),
    f('period_start', 'date', 'First day of the statement period.'),
    f('period_end', 'date', 'Last day of the statement period.'),
    f('opening_balance', 'amount', 'Balance at the start of the period.'),
    f('closing_balance', 'amount', 'Balance at the end of the period.'),
    f('currency', 'currency', 'Currency of the account (ISO 4217).'),
  ],
  email: [
    f('subject', 'text', 'Subject header.'),
    f('from', 'text', 'From header (name and address as written).'),
    f('to', 'text', 'To header.'),
    f('date', 'date', 'Date sent.'),
  ],
  other: [],
};

/** The spec of one field of a type, or undefined when the type has no such field. */
export function fieldSpec(type: DocumentType, name: string): FieldSpec | undefined {
  return FIELD_SPECS[type].find((spec) => spec.name === name);
}
