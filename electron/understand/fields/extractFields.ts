/**
 * The embedded field rules, one function per document type. Each returns the fields it found (a field
 * it cannot find is absent, never invented), with a confidence from the strength of the cue, the
 * validations that passed, and the OCR quality of the page.
 */
import type { ExtractedPage } from '../../shared/contract/extract.js';
import type { DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import { assertNeverType } from './assertNeverType.js';
import { bankStatementFields } from './bankStatementFields.js';
import { contractFields } from './contractFields.js';
import { emailFields, letterFields } from './correspondenceFields.js';
import { contentLines, documentLines } from './documentLines.js';
import { ruleContext, type RuleContext } from './fieldBuilder.js';
import { formFields } from './formFields.js';
import { invoiceFields } from './invoiceFields.js';
import { paperFields } from './paperFields.js';
import { receiptFields } from './receiptFields.js';
import { resumeFields } from './resumeFields.js';

export interface ExtractOptions {
  /**
   * BCP 47 locale of the documents (e.g. "de-DE", "en-US"), used only to decide numeric dates that the
   * document itself leaves ambiguous. Default null: ambiguous dates stay unnormalized.
   */
  locale: string | null;
}

export function extractFields(
  type: DocumentType,
  pages: readonly ExtractedPage[],
  options: Partial<ExtractOptions> = {},
): FieldValue[] {
  return fieldsInContext(type, fieldContext(pages, options));
}

/** What every rule reads: the document's lines, text, date order and OCR quality. */
export function fieldContext(pages: readonly ExtractedPage[], options: Partial<ExtractOptions> = {}): RuleContext {
  return ruleContext(pages, contentLines(documentLines(pages)), options.locale ?? null);
}

/** The rules of one type over a context made once (the field scorer reads the same context). */
export function fieldsInContext(type: DocumentType, ctx: RuleContext): FieldValue[] {
  switch (type) {
    case 'invoice':
      return invoiceFields(ctx);
    case 'receipt':
      return receiptFields(ctx);
    case 'contract':
      return contractFields(ctx);
    case 'resume':
      return resumeFields(ctx);
    case 'scientific_paper':
      return paperFields(ctx);
    case 'email':
      return emailFields(ctx);
    case 'letter':
      return letterFields(ctx);
    case 'bank_statement':
      return bankStatementFields(ctx);
    case 'form':
      return formFields(ctx);
    case 'report':
    case 'other':
      return [];
    default:
      return assertNeverType(type);
  }
}
