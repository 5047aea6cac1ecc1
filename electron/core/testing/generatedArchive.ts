/**
 * A generated archive written straight into a store through its repositories (no pipeline run): documents
 * of realistic types, states, key fields, confidences and review marks, fast enough for 100,000 (the
 * library benchmark) and small enough for a browser test (a few hundred). With `filesDir`, each document
 * also has its file on disk (a text PDF or a text file holding what its fields say) and its page text in
 * the store, so thumbnails render and a reprocess or a type change runs the real pipeline on it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../../shared/contract/errors.js';
import type { DocumentState } from '../../shared/contract/jobs.js';
import type { DocumentType } from '../../shared/contract/schemas/documentTypes.js';
import type { FieldValue } from '../../shared/contract/schemas/fieldValue.js';
import type { Store } from '../store/Store.js';
import { makeTextPdf } from './fixtureFiles.js';

export interface GeneratedArchiveOptions {
  count: number;
  /** PRNG seed: the same seed writes the same archive. Default 1. */
  seed?: number;
  /** Write each document's file here (and its page text into the store). Default: no files (paths under /archive). */
  filesDir?: string;
  /** Documents per transaction. Default 5000. */
  batch?: number;
}

export interface GeneratedDocument {
  id: number;
  path: string;
  type: DocumentType | null;
  state: DocumentState;
}

/** Share of each type among understood documents (roughly a small office's archive). */
const TYPE_WEIGHTS: readonly [DocumentType, number][] = [
  ['invoice', 30],
  ['receipt', 18],
  ['letter', 10],
  ['contract', 7],
  ['email', 8],
  ['scientific_paper', 5],
  ['bank_statement', 6],
  ['form', 5],
  ['resume', 3],
  ['report', 5],
  ['other', 3],
];

const PARTIES = [
  'ACME Tools Ltd',
  'Globex GmbH',
  'Initech Inc.',
  'Umbrella SARL',
  'Hooli LLC',
  'Stark Industries',
  'Wayne Enterprises',
  'Wonka Sdn Bhd',
  'Müller & Söhne KG',
  'Ōkami Shōten',
  'Northwind Traders',
  'Contoso Bank',
];
const PEOPLE = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov', 'Ken Thompson'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP', 'CHF'];
const FAILURES: readonly { code: ErrorCode; message: (path: string) => string }[] = [
  { code: 'PDF_CORRUPT', message: (p) => `${p} is not a readable PDF (the file is damaged).` },
  { code: 'PDF_ENCRYPTED', message: (p) => `${p} is encrypted; save it without a password and add it again.` },
  { code: 'FILE_EMPTY', message: (p) => `${p} is empty (0 bytes): there is no text to extract.` },
  { code: 'STAGE_TIMEOUT', message: (p) => `Reading ${p} took longer than 120 s, three times.` },
];

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `options.count` documents into `store`; returns them in id order. */
export function generateArchive(store: Store, options: GeneratedArchiveOptions): GeneratedDocument[] {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const totalWeight = TYPE_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  const pickType = (): DocumentType => {
    let x = random() * totalWeight;
    for (const [type, weight] of TYPE_WEIGHTS) if ((x -= weight) < 0) return type;
    return 'other';
  };
  const confidence = () => Math.round((0.35 + random() * 0.65) ** 0.6 * 1000) / 1000;
  const batch = options.batch ?? 5000;
  const start = Date.parse('2024-01-01T08:00:00Z');
  const documents: GeneratedDocument[] = [];

  for (let from = 0; from < options.count; from += batch) {
    store.tx(() => {
      for (let n = from; n < Math.min(options.count, from + batch); n++) {
        const roll = random();
        const state: DocumentState =
          roll < 0.9 ? 'completed' : roll < 0.94 ? 'failed' : roll < 0.97 ? 'queued' : 'processing';
        const type = state === 'completed' ? pickType() : null;
        const party = type === 'resume' || type === 'letter' ? pick(PEOPLE) : pick(PARTIES);
        const year = 2016 + Math.floor(random() * 9);
        const date = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
        const amount = Math.round(random() * random() * 500_000) / 100;
        const currency = pick(CURRENCIES);
        const pdf = random() < 0.75;
        const stem = `${type ?? 'scan'}-${party.split(' ')[0]!.toLowerCase()}-${String(n + 1).padStart(6, '0')}`;
        const fileName = `${stem}.${pdf ? 'pdf' : 'txt'}`;
        const folder = options.filesDir ?? '/archive';
        const path = join(folder, String(year), type ?? 'unsorted', fileName);
        const lines = [
          (type ?? 'document').toUpperCase().replace('_', ' '),
          party,
          `Date: ${date}`,
          ...(type === 'invoice' || type === 'receipt' || type === 'bank_statement'
            ? [`Total: ${amount.toFixed(2)} ${currency}`]
            : []),
          `Reference ${n + 1}`,
        ];
        // Large print, so a thumbnail shows a page with writing on it.
        const bytes = pdf ? makeTextPdf([lines], { fontSize: 40 }) : Buffer.from(`${lines.join('\n')}\n`, 'utf8');
        if (options.filesDir) {
          mkdirSync(join(folder, String(year), type ?? 'unsorted'), { recursive: true });
          writeFileSync(path, bytes);
        }
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const at = new Date(start + n * 60_000).toISOString();
        const failure = state === 'failed' ? pick(FAILURES) : null;
        const id = store.documents.insert(
          {
            sha256,
            mime: pdf ? 'application/pdf' : 'text/plain',
            size: bytes.length,
            state,
            error: failure ? { code: failure.code, message: failure.message(path) } : undefined,
          },
          at,
        );
        store.locations.upsert(path, id, bytes.length, start + n * 60_000, at);
        if (state === 'completed' || state === 'processing') {
          store.documents.setExtracted(
            id,
            { pages: 1, textLength: lines.join('\n').length, ocr: false, attachments: [] },
            at,
          );
          if (options.filesDir) {
            store.pages.replace(id, [
              {
                page: 1,
                text: lines.join('\n'),
                method: 'text',
                ocrConfidence: null,
                width: 612,
                height: 792,
                words: [],
              },
            ]);
          }
        }
        if (type) {
          const corrected = random() < 0.04;
          // Fields before the type: the store works a document's key fields out once its type is set.
          for (const field of keyFieldValues(type, { party, date, year, amount, currency }, confidence)) {
            store.fields.write(id, field, at);
          }
          store.documents.setType(
            id,
            {
              type,
              confidence: corrected ? 1 : confidence(),
              source: corrected ? 'user' : 'embedded',
              probabilities: {},
            },
            at,
          );
          if (corrected || random() < 0.15) store.documents.markReviewed(id, at);
        }
        documents.push({ id, path, type, state });
      }
    });
  }
  return documents;
}

function keyFieldValues(
  type: DocumentType,
  facts: { party: string; date: string; year: number; amount: number; currency: string },
  confidence: () => number,
): FieldValue[] {
  const field = (name: string, value: string, normalized: string | null): FieldValue => ({
    name,
    value,
    normalized,
    confidence: confidence(),
    source: 'embedded',
    page: 1,
    box: null,
  });
  const money = [
    field('total', facts.amount.toFixed(2), facts.amount.toFixed(2)),
    field('currency', facts.currency, facts.currency),
  ];
  switch (type) {
    case 'invoice':
      return [field('date', facts.date, facts.date), field('vendor', facts.party, facts.party), ...money];
    case 'receipt':
      return [field('date', facts.date, facts.date), field('company', facts.party, facts.party), ...money];
    case 'bank_statement':
      return [
        field('period_end', facts.date, facts.date),
        field('bank', facts.party, facts.party),
        field('closing_balance', facts.amount.toFixed(2), facts.amount.toFixed(2)),
        field('currency', facts.currency, facts.currency),
      ];
    case 'contract':
      return [
        field('agreement_date', facts.date, facts.date),
        { ...field('parties', facts.party, null), normalized: [facts.party] },
      ];
    case 'letter':
    case 'email':
      return [
        field('date', facts.date, facts.date),
        field(type === 'letter' ? 'sender' : 'from', facts.party, facts.party),
      ];
    case 'scientific_paper':
      return [
        field('year', String(facts.year), String(facts.year)),
        { ...field('authors', facts.party, null), normalized: [facts.party] },
      ];
    case 'resume':
      return [field('name', facts.party, facts.party)];
    case 'form':
    case 'report':
    case 'other':
      return [];
  }
}
