/**
 * A structured e-invoice found with the document (Factur-X / ZUGFeRD XML inside a PDF), as JSON
 * (`EInvoice` in contract/extract.ts): the extract stage writes it, the understand stage reads it, so a
 * re-run of understanding needs no re-extraction.
 */
export default /* sql */ `
ALTER TABLE documents ADD COLUMN e_invoice TEXT;
`;
