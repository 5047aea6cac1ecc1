/**
 * The words of correspondence, in the languages of the letters docpipe reads (English, German, French,
 * Dutch, Spanish, Italian, Polish): one definition for the classifier's letter cue (textFeatures.ts), the
 * letter rules (correspondenceFields.ts) and the invoice buyer's address block (invoiceFields.ts).
 */

/** A line that opens with a greeting: "Dear Anna,", "Sehr geehrte Frau Roth,", "Geachte heer,"… */
export const SALUTATION =
  /^(?:dear|sehr\s+geehrte[rsn]?|liebe[rsn]?|hallo|cher|chère|madame|monsieur|messieurs|geachte|beste[rn]?|estimad[oa]s?|muy\s+se[ñn]or|distinguid[oa]|gentil[ei]|egregi[oa]|spettabile|szanown[aiy])\b/iu;

/** A greeting as letters print it: a short line ending in a comma or a colon (not "Beste Angebote"). */
export function isSalutationLine(line: string): boolean {
  const text = line.trim();
  return text.length <= 60 && SALUTATION.test(text) && /[,:]$/.test(text);
}

/** "Sincerely," and its kin, alone on a line; umlauts may come apart in PDF text ("Gr¨ußen"). */
export const CLOSING =
  /^(?:yours(?:\s+(?:sincerely|faithfully|truly))?|(?:very\s+)?(?:sincerely|truly)(?:\s+yours)?|(?:kind|best|warm|with\s+kind)?\s*regards|best(?:\s+wishes)?|(?:mit\s+)?(?:freundliche[nm]?|viele|beste|herzliche)\s+gr(?:ü|ue|¨u|u¨)(?:ß|ss)(?:en?)?|hochachtungsvoll|cordialement|bien\s+(?:à\s+vous|cordialement)|veuillez\s+agr[ée]er.*|je\s+vous\s+prie\s+d.*|avec\s+mes\s+meilleures\s+salutations|met\s+(?:vriendelijke|hartelijke)\s+groet(?:en)?|hoogachtend|atentamente|(?:un\s+)?cordial\s+saludo|saludos\s+cordiales|reciba\s+un\s+(?:atento|cordial)\s+saludo|(?:cordiali|distinti)\s+saluti|con\s+i\s+migliori\s+saluti|z\s+powa[żz]aniem)\s*[,.!]?$/iu;

/** A form of address alone on an envelope's line, over the name it belongs to ("Herrn" / "Max Muster"). */
export const FORM_OF_ADDRESS =
  /^(?:herrn?|frau|familie|firma|monsieur|madame|mademoiselle|mme|mr\.?|mrs\.?|ms\.?|de\s+heer|mevrouw|dhr\.?|mevr\.?|sr\.?(?:\s+d\.)?|sra\.?(?:\s+d(?:ñ|n)a\.)?|egr\.?\s+sig\.?|gent\.?(?:ma|mo)\s+sig\.?(?:ra)?|spett\.?le|pan(?:i)?)$/iu;
