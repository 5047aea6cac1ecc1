import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { correctedQuery, editDistance, isCorrectableWord } from '../../../shared/search/suggestion.js';
import type { IndexDocument } from '../SearchBackend.js';
import { SqliteSearchBackend } from './SqliteSearchBackend.js';

/** Invoices and receipts in number, one document with a typo of its own, one with a rare real word. */
function corpus(): IndexDocument[] {
  const docs: IndexDocument[] = [];
  for (let i = 1; i <= 12; i++)
    docs.push({
      id: i,
      title: `Invoice ${i}`,
      paths: [`/in/invoice-${i}.pdf`],
      type: 'invoice',
      text: `Invoice number ${4700 + i} from Müller Präzision. Payment received with thanks. Total 120.00 EUR.`,
      fields: {},
    });
  docs.push({
    id: 13,
    title: 'Receipt',
    paths: ['/in/receipt.jpg'],
    type: 'receipt',
    text: 'Recieved with thanks: one espresso. The invioce follows.',
    fields: {},
  });
  docs.push({
    id: 14,
    title: 'Letter',
    paths: ['/in/letter.txt'],
    type: 'letter',
    text: 'The voice of the customer, in a letter about a receipt.',
    fields: {},
  });
  return docs;
}

let backend: SqliteSearchBackend;

beforeEach(async () => {
  backend = new SqliteSearchBackend({ file: ':memory:' });
  await backend.index(corpus());
});

afterEach(async () => {
  await backend.dispose();
});

const suggestionFor = async (query: string) => (await backend.search({ query, mode: 'lexical' })).suggestion;

describe('did you mean', () => {
  it("suggests the index's own word for a misspelt one, and the corrected query finds it", async () => {
    expect(await suggestionFor('invocie')).toEqual({
      query: 'invoice',
      words: [{ word: 'invocie', suggestion: 'invoice' }],
    });
    expect(await suggestionFor('paymnet recieved')).toEqual({
      query: 'payment received',
      words: [
        { word: 'paymnet', suggestion: 'payment' },
        // "recieved" is in one document (a typo there too); "received" is in twelve.
        { word: 'recieved', suggestion: 'received' },
      ],
    });
    // Accents folded as the index folds them; a swapped or an extra first letter is found by the second.
    expect((await suggestionFor('prazission'))?.words).toEqual([{ word: 'prazission', suggestion: 'prazision' }]);
    expect((await suggestionFor('nivoice'))?.query).toBe('invoice');
    expect((await suggestionFor('minvoice'))?.query).toBe('invoice');
    const corrected = await backend.search({ query: 'invoice', mode: 'lexical', limit: 50 });
    expect(corrected.total).toBe(12);
  });

  it('keeps the rest of the query as written', async () => {
    expect((await suggestionFor('type:invoice paymnet -espresso "with thanks" total>100'))?.query).toBe(
      'type:invoice payment -espresso "with thanks" total>100',
    );
  });

  it('suggests nothing for words the index has, numbers, codes, short words and prefixes', async () => {
    for (const query of [
      'invoice',
      'voice',
      'espresso',
      'letter receipt',
      '4711',
      '4712',
      'inv-2024',
      'xq',
      'invo*',
      '-invocie',
    ])
      expect(await suggestionFor(query), query).toBeUndefined();
    // A word no document has and nothing near it: nothing to say.
    expect(await suggestionFor('zyxwvut')).toBeUndefined();
  });

  it('forgets the words of removed documents', async () => {
    await backend.remove([14]);
    // "voice" is gone with the letter; "voise" is now nearest to nothing of weight but "voice" has no documents.
    expect(await suggestionFor('voise')).toBeUndefined();
    await backend.clear();
    expect(await suggestionFor('invocie')).toBeUndefined();
  });
});

describe('suggestion helpers', () => {
  it('counts a transposition as one edit and stops past the limit', () => {
    expect(editDistance('recieve', 'receive', 2)).toBe(1);
    expect(editDistance('invoce', 'invoice', 2)).toBe(1);
    expect(editDistance('paymnet', 'payment', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('abc', 'abcdef', 2)).toBe(3);
  });

  it('corrects words, not numbers or codes, and replaces only bare words', () => {
    expect(isCorrectableWord('invoce')).toBe(true);
    expect(isCorrectableWord('präzision')).toBe(true);
    for (const word of ['4711', 'inv2024', 'ab', '发票号码']) expect(isCorrectableWord(word), word).toBe(false);
    expect(
      correctedQuery('Invoce "red invoce" -invoce vendor:invoce invoce*', [{ word: 'invoce', suggestion: 'invoice' }]),
    ).toBe('invoice "red invoce" -invoce vendor:invoce invoce*');
  });
});
