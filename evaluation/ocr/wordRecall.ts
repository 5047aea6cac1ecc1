/**
 * OCR word recall: the share of a reference transcription's words that the OCR text contains. Both
 * sides are normalised alike (NFKC, lower case, only letters and digits kept inside a word), and each
 * OCR word can stand for one reference word only, so a word transcribed three times must be read three
 * times. Order is ignored: the reading order of a till slip's columns is not what is measured.
 */

/** The words of a text as recall compares them; a token with no letter or digit is no word. */
export function recallWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/\s+/u)
    .map((token) => token.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((word) => word.length > 0);
}

/** Share of `reference`'s words found in `ocrText` (as a multiset); 1 for a reference without words. */
export function wordRecall(reference: string, ocrText: string): number {
  const wanted = recallWords(reference);
  if (wanted.length === 0) return 1;
  const available = new Map<string, number>();
  for (const word of recallWords(ocrText)) available.set(word, (available.get(word) ?? 0) + 1);
  let found = 0;
  for (const word of wanted) {
    const left = available.get(word) ?? 0;
    if (left > 0) {
      found++;
      available.set(word, left - 1);
    }
  }
  return found / wanted.length;
}

/** The text of a SROIE line transcription (`x1,y1,…,x4,y4,text` per line; the text may hold commas). */
export function sroieTranscript(csv: string): string {
  return csv
    .split(/\r?\n/u)
    .map((line) => line.split(',').slice(8).join(','))
    .filter((text) => text.trim())
    .join('\n');
}

/** Mean, median and the share under a threshold of a list of recalls. */
export function recallSummary(
  recalls: readonly number[],
  under = 0.5,
): { mean: number; median: number; shareUnder: number } {
  if (recalls.length === 0) return { mean: 0, median: 0, shareUnder: 0 };
  const sorted = [...recalls].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return {
    mean: sorted.reduce((s, r) => s + r, 0) / sorted.length,
    median: sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2,
    shareUnder: sorted.filter((r) => r < under).length / sorted.length,
  };
}
