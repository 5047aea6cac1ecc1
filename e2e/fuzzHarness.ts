/**
 * The whole-engine fuzz harness, shared by `npm run fuzz` (scripts/fuzz.ts) and its bounded run in
 * `npm test` (e2e/fuzz.test.ts). Seeded mutations (workers/extract/testing/mutations.ts) of generated
 * fixtures, a few hostile files (electron/core/testing/hostileFiles.ts) and, when given, corpus files are
 * written into one folder and ingested by a real `docpipe ingest` child process. What must hold: the
 * process ends by itself (exit 0 or 1, no signal), every case ends completed or failed with a specific
 * code and a sentence, and the store is intact with nothing lost, doubled or stuck (e2e/storeAudit.ts).
 * The per-format fuzz of the readers alone is workers/extract/parsers.fuzz.test.ts.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { ErrorCode } from '../electron/shared/contract/errors.js';
import { makeTextPdf, prose } from '../electron/core/testing/fixtureFiles.js';
import { makeDocx, writeHostileFiles } from '../electron/core/testing/hostileFiles.js';
import { SHEET_HEAD, SHEET_TAIL, makeZip, row, xlsxEntries } from '../workers/extract/testing/containers.js';
import { mutate, nestFor, random } from '../workers/extract/testing/mutations.js';
import { runCli, type RunResult } from './killRecovery.js';
import { auditStore, countViolations, type StoreViolations } from './storeAudit.js';

/** A file to mutate: its bytes, and the extension its cases keep (what the engine is told it is). */
export interface FuzzSeed {
  /** Where it came from: `generated/invoice.pdf`, `hostile/deep.eml`, `corpus/docs/receipt/x.jpg`. */
  name: string;
  extension: string;
  bytes: Uint8Array;
}

/**
 * Codes that say nothing about the file: an unknown error wrapped (EXTRACT_FAILED) or a bug (INTERNAL).
 * A case ending with one of these is a violation, as is a code outside the catalog.
 */
const UNSPECIFIC = new Set<string>([ErrorCode.EXTRACT_FAILED, ErrorCode.INTERNAL]);
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
/** A sentence: a few words, ending with a full stop (maybe inside a closing quote or bracket). */
const SENTENCE = /\p{L}+\W+\p{L}+\W+\p{L}+[^]*[.!?]["')\]]?$/u;

const fixtures = new URL('../workers/extract/fixtures/', import.meta.url);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Small, readable files of every format the engine reads, made here (no corpus needed). */
export async function generatedSeeds(): Promise<FuzzSeed[]> {
  const seeds: FuzzSeed[] = [
    {
      name: 'generated/invoice.pdf',
      extension: 'pdf',
      bytes: makeTextPdf([
        ['INVOICE', 'Invoice number RE-2024-17', 'Date: 12.06.2024', 'Total: 47,60 EUR'],
        ['Page two', prose(3, 40)],
      ]),
    },
    { name: 'generated/letter.docx', extension: 'docx', bytes: makeDocx(['Dear customer,', prose(4, 60)]) },
    {
      name: 'generated/sheet.xlsx',
      extension: 'xlsx',
      bytes: makeZip(xlsxEntries(SHEET_HEAD + row(['Item', 'Price']) + row(['Tea', '2.00']) + SHEET_TAIL)),
    },
    {
      name: 'generated/mail.eml',
      extension: 'eml',
      bytes: utf8(
        [
          'From: billing@example.com',
          'To: alice@example.com',
          'Subject: Invoice 7',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b"',
          '',
          '--b',
          'Content-Type: text/plain; charset=utf-8',
          '',
          `Total 12.50 EUR. ${prose(5, 40)}`,
          '--b',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>Caf&eacute; <b>bill</b></p>',
          '--b--',
          '',
        ].join('\r\n'),
      ),
    },
    {
      name: 'generated/page.html',
      extension: 'html',
      bytes: utf8(`<!doctype html><title>Receipt</title><h1>Total</h1><p>12.50 &euro;</p><p>${prose(6, 40)}</p>`),
    },
    {
      name: 'generated/invoice.xml',
      extension: 'xml',
      bytes: utf8(
        '<?xml version="1.0"?><Invoice xmlns:cbc="urn:cbc"><cbc:ID>RE-1</cbc:ID><cbc:IssueDate>2024-06-12</cbc:IssueDate>' +
          '<cbc:PayableAmount currencyID="EUR">47.60</cbc:PayableAmount></Invoice>',
      ),
    },
    { name: 'generated/table.csv', extension: 'csv', bytes: utf8('date;item;total\n2024-06-12;tea;2.00\n') },
    { name: 'generated/note.txt', extension: 'txt', bytes: utf8(`Note. ${prose(7, 80)}`) },
  ];
  for (const name of ['two-pages.pdf', 'words.png', 'words.jpg', 'words.gif', 'two-pages.tif']) {
    seeds.push({
      name: `generated/${name}`,
      extension: extname(name).slice(1),
      bytes: new Uint8Array(readFileSync(new URL(name, fixtures))),
    });
  }
  // A few hostile files, small: their mutations are bombs and absurd headers with damage on top.
  const hostileDir = mkdtempSync(join(tmpdir(), 'docpipe-fuzz-hostile-'));
  try {
    const hostile = await writeHostileFiles(hostileDir, {
      only: ['zip-bomb-lying.docx', 'huge.png', 'huge.jpg', 'truncated.docx', 'truncated.xlsx'],
    });
    for (const file of hostile)
      seeds.push({
        name: `hostile/${file.name}`,
        extension: extname(file.name).slice(1),
        bytes: new Uint8Array(readFileSync(join(hostileDir, file.name))),
      });
  } finally {
    rmSync(hostileDir, { recursive: true, force: true });
  }
  return seeds;
}

/** The corpus's files up to `maxBytes` each (docs/ and bad/), in a stable order; [] when it is absent. */
export function corpusSeeds(corpusRoot: string, maxBytes = 2 * 1024 * 1024): FuzzSeed[] {
  const out: FuzzSeed[] = [];
  for (const part of ['docs', 'bad']) {
    let entries;
    try {
      entries = readdirSync(join(corpusRoot, part), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = join(e.parentPath, e.name);
      const extension = extname(e.name).slice(1).toLowerCase();
      if (!e.isFile() || !extension || extension === 'json' || statSync(path).size > maxBytes) continue;
      out.push({ name: `corpus/${relative(corpusRoot, path)}`, extension, bytes: new Uint8Array(readFileSync(path)) });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface FuzzCase {
  number: number;
  seed: string;
  mutation: string;
  path: string;
}

/**
 * Writes `cases` mutations into `folder`: case n draws its seed file and its mutation from
 * random(seed · 1,000,003 + n), so one case is replayed from the seed and its number alone. With corpus
 * seeds, half the cases mutate a corpus file.
 */
export function writeCases(
  folder: string,
  generated: readonly FuzzSeed[],
  corpus: readonly FuzzSeed[],
  cases: number,
  seed: number,
): FuzzCase[] {
  mkdirSync(folder, { recursive: true });
  const out: FuzzCase[] = [];
  for (let n = 0; n < cases; n++) {
    const next = random(seed * 1_000_003 + n);
    const pool = corpus.length > 0 && next() < 0.5 ? corpus : generated;
    const source = pool[Math.floor(next() * pool.length)]!;
    const { bytes, name } = mutate(source.bytes, next, nestFor(source.extension));
    const path = join(folder, `case-${String(n).padStart(5, '0')}.${source.extension}`);
    writeFileSync(path, bytes);
    out.push({ number: n, seed: source.name, mutation: name, path });
  }
  return out;
}

export interface CaseOutcome extends FuzzCase {
  state: string | null;
  code: string | null;
  message: string | null;
  /** What is wrong with how this case ended; null when it ended as it must. */
  violation: string | null;
}

export interface FuzzResult {
  run: RunResult;
  /** The ingest process did not end by itself with 0 or 1 (a signal, an abort, a crash). */
  engineDied: string | null;
  outcomes: CaseOutcome[];
  store: StoreViolations;
  dataDir: string;
}

/** How each case's file ended, read from the store, and what is wrong with it. */
export function judgeCases(dataDir: string, cases: readonly FuzzCase[]): CaseOutcome[] {
  const db = new Database(join(dataDir, 'docpipe.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const byPath = db.prepare(
      `SELECT d.state, d.error_code, d.error_message FROM locations l JOIN documents d ON d.id = l.document_id
        WHERE l.path = ?`,
    );
    return cases.map((c): CaseOutcome => {
      const doc = byPath.get(c.path) as
        { state: string; error_code: string | null; error_message: string | null } | undefined;
      const outcome = {
        ...c,
        state: doc?.state ?? null,
        code: doc?.error_code ?? null,
        message: doc?.error_message ?? null,
      };
      return { ...outcome, violation: violationOf(outcome) };
    });
  } finally {
    db.close();
  }
}

function violationOf(o: Pick<CaseOutcome, 'state' | 'code' | 'message'>): string | null {
  if (o.state === null) return 'lost: no document';
  if (o.state === 'completed') return null;
  if (o.state !== 'failed') return `stuck: ${o.state}`;
  if (!o.code) return 'failed without a code';
  if (!KNOWN_CODES.has(o.code)) return `a code outside the catalog: ${o.code}`;
  if (UNSPECIFIC.has(o.code)) return `an unspecific code: ${o.code}: ${o.message ?? ''}`;
  if (!o.message || !SENTENCE.test(o.message.trim()))
    return `${o.code} without a sentence: ${JSON.stringify(o.message)}`;
  return null;
}

/** Ingests `folder` (holding `cases`) into a fresh data folder with a real `docpipe ingest`, and judges it. */
export async function ingestCases(
  folder: string,
  cases: readonly FuzzCase[],
  options: { workers?: number; timeoutMs?: number } = {},
): Promise<FuzzResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-fuzz-data-'));
  const workers = options.workers ? ['--workers', String(options.workers)] : [];
  const run = await runCli(['ingest', folder, '--data', dataDir, '--json', ...workers], {
    timeoutMs: options.timeoutMs ?? 600_000,
  });
  let engineDied: string | null = null;
  if (run.signal !== null || (run.code !== 0 && run.code !== 1))
    engineDied = `ended with ${run.signal ?? `exit code ${run.code}`}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
  else {
    try {
      JSON.parse(run.stdout);
    } catch {
      engineDied = `printed no summary: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
    }
  }
  return {
    run,
    engineDied,
    outcomes: judgeCases(dataDir, cases),
    store: auditStore(
      dataDir,
      cases.map((c) => c.path),
    ),
    dataDir,
  };
}

/** All violations of a run, one line each (empty: everything held). */
export function fuzzViolations(result: FuzzResult): string[] {
  return [
    ...(result.engineDied ? [`the engine died: ${result.engineDied}`] : []),
    ...result.outcomes
      .filter((o) => o.violation)
      .map((o) => `case ${o.number} (${o.seed}, ${o.mutation}): ${o.violation}`),
    ...result.store.integrity.map((v) => `integrity: ${v}`),
    ...result.store.lost.map((v) => `lost: ${v}`),
    ...result.store.doubled.map((v) => `doubled: ${v}`),
    ...result.store.stuck.map((v) => `stuck: ${v}`),
  ];
}

/** Per seed format: cases, completed, failed by code, violations; for the summary table. */
export function summaryTable(result: FuzzResult): string[] {
  const byFormat = new Map<string, CaseOutcome[]>();
  for (const o of result.outcomes) {
    const key = `${o.seed.split('/')[0]} ${extname(o.path).slice(1)}`;
    byFormat.set(key, [...(byFormat.get(key) ?? []), o]);
  }
  const lines = ['| seeds | cases | completed | failed, by code | violations |', '|---|---|---|---|---|'];
  for (const [key, list] of [...byFormat].sort(([a], [b]) => a.localeCompare(b))) {
    const codes = new Map<string, number>();
    for (const o of list) if (o.state === 'failed') codes.set(o.code ?? '?', (codes.get(o.code ?? '?') ?? 0) + 1);
    const failed = [...codes].map(([c, n]) => `${c} ${n}`).join(', ') || '–';
    lines.push(
      `| ${key} | ${list.length} | ${list.filter((o) => o.state === 'completed').length} | ${failed} | ${list.filter((o) => o.violation).length} |`,
    );
  }
  const all = result.outcomes;
  lines.push(
    `| all | ${all.length} | ${all.filter((o) => o.state === 'completed').length} | ${all.filter((o) => o.state === 'failed').length} | ${all.filter((o) => o.violation).length + countViolations(result.store) + (result.engineDied ? 1 : 0)} |`,
  );
  return lines;
}
