import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildKnownItemQueries,
  indexedDocument,
  knownItemCollection,
  normaliseQueryText,
  parseLabels,
  queryForLabel,
  type LabelRecord,
} from './knownItems.js';

const label = (cls: string, fields: Record<string, unknown> | null, sha256 = `sha-${cls}`): LabelRecord => ({
  path: `docs/${cls}/x`,
  class: cls,
  sha256,
  fields,
});

describe('known-item queries from labels', () => {
  it('normalises as a person types: lower case, no punctuation, acronym dots and single letters dropped, 8 words at most', () => {
    expect(normaliseQueryText('S.H.H. MOTOR (SUNGAI RENGIT) SDN. BHD.')).toBe('shh motor sungai rengit sdn bhd');
    expect(normaliseQueryText("Logan's Roadhouse, Inc.")).toBe('logans roadhouse inc');
    expect(normaliseQueryText('INV/2023/03/0008')).toBe('inv 2023 03 0008');
    expect(normaliseQueryText('R & D quality improvement suggestion/ solution form')).toBe(
      'quality improvement suggestion solution form',
    );
    expect(normaliseQueryText('one two three four five six seven eight nine ten').split(' ')).toHaveLength(8);
    expect(normaliseQueryText('RE: שלום')).toBe('re שלום');
  });

  it('takes per class the fields a person would type', () => {
    expect(
      queryForLabel(
        label('invoice', {
          vendor: 'Amazon Web Services',
          invoice_number: '42183017',
          total: '4.11',
          date: '2014-08-03',
        }),
      ),
    ).toBe('amazon web services 42183017');
    expect(
      queryForLabel(
        label('receipt', {
          company: 'INDAH GIFT & HOME DECO',
          date: '2018-10-19',
          date_raw: '19/10/2018',
          address: 'x',
        }),
      ),
    ).toBe('indah gift home deco 19 10 2018');
    expect(
      queryForLabel(
        label('contract', {
          title: 'DISTRIBUTOR AGREEMENT',
          parties: [
            'JOHNSON MATTHEY CATALOG COMPANY, INC. d/b/a ALFA AESAR ("ALFA AESAR")',
            'Nanophase Technologies Corporation ("NTC")',
          ],
        }),
      ),
    ).toBe('distributor agreement johnson matthey catalog');
    expect(
      queryForLabel(
        label('resume', { name: 'Nida Khan', designation: 'Tech Support Executive', email: 'indeed.com/r/Nida-Khan' }),
      ),
    ).toBe('nida khan');
    expect(
      queryForLabel(
        label('other', { subject: 'Google Account password changed', from: 'no-reply@accounts.google.com' }),
      ),
    ).toBe('google account password changed');
    expect(
      queryForLabel(
        label('form', {
          headers: [
            'Weights',
            'RESTRICTED BROWN & WILLIAMSON INTERNATIONAL TOBACCO PRODUCT SPECIFICATION',
            'CIGARETTE MAKING',
          ],
        }),
      ),
    ).toBe('restricted brown williamson international tobacco product specification');
  });

  it('skips null and empty values, and classes with nothing to type', () => {
    expect(queryForLabel(label('invoice', { vendor: null, invoice_number: '1' }))).toBeNull();
    expect(queryForLabel(label('invoice', { vendor: 'Acme', invoice_number: '' }))).toBeNull();
    expect(queryForLabel(label('receipt', { company: 'ACME', date_raw: null }))).toBeNull();
    expect(queryForLabel(label('contract', { title: 'LEASE', parties: null }))).toBe('lease');
    expect(queryForLabel(label('resume', { name: '  ' }))).toBeNull();
    expect(queryForLabel(label('resume', null))).toBeNull();
    expect(queryForLabel(label('form', { headers: ['Weights', 'Adhesive:'] }))).toBeNull();
    expect(queryForLabel(label('other', { subject: '!!!' }))).toBeNull();
    expect(queryForLabel(label('scientific_paper', { arxiv_id: '0807.3577' }))).toBeNull();
    expect(queryForLabel(label('bad', { defects: ['truncated'] }))).toBeNull();
  });

  it('one query per distinct text; files giving the same query are all relevant to it', () => {
    const labels = [
      label('invoice', { vendor: 'Acme', invoice_number: '7' }, 'pdf'),
      label('invoice', { vendor: 'ACME', invoice_number: '7' }, 'png'),
      label('resume', { name: 'Ada Lovelace' }, 'ada'),
      label('resume', { name: 'Nobody Here' }, 'missing'),
    ];
    expect(buildKnownItemQueries(labels)).toEqual([
      { class: 'invoice', text: 'acme 7', sha256s: ['pdf', 'png'] },
      { class: 'resume', text: 'ada lovelace', sha256s: ['ada'] },
      { class: 'resume', text: 'nobody here', sha256s: ['missing'] },
    ]);
    const docs = [
      { id: 10, sha256: 'pdf', title: 'a.pdf', text: 'acme invoice 7' },
      { id: 11, sha256: 'png', title: 'a.png', text: 'acme invoice 7' },
      { id: 12, sha256: 'ada', title: 'cv.txt', text: 'ada lovelace' },
      { id: 13, sha256: null, title: 'broken', text: '' },
    ];
    const c = knownItemCollection(docs, labels);
    expect(c.queries).toEqual([
      { id: 1, text: 'acme 7' },
      { id: 2, text: 'ada lovelace' },
    ]);
    expect(c.judgements.get(1)).toEqual(
      new Map([
        [10, 1],
        [11, 1],
      ]),
    );
    expect(c.judgements.get(2)).toEqual(new Map([[12, 1]]));
    expect(c.queryClasses).toEqual(
      new Map([
        [1, 'invoice'],
        [2, 'resume'],
      ]),
    );
    expect(c.droppedQueries).toBe(1);
    expect(c.queriesByClass).toEqual({ invoice: 1, resume: 1 });
    expect(c.documents).toHaveLength(4);
  });

  it('documents mirror the index: pages in order joined, title field else the file name', () => {
    const base = {
      id: 5,
      sha256: 'h',
      paths: ['/in/folder/contract.pdf'],
      fields: [] as { name: string; value: string; normalized: string | null }[],
    };
    const pageTexts = [
      { page: 2, text: 'second' },
      { page: 1, text: 'first' },
    ];
    const detail = (fields: typeof base.fields) =>
      ({ ...base, fields, pageTexts }) as unknown as Parameters<typeof indexedDocument>[0];
    expect(indexedDocument(detail([]))).toEqual({ id: 5, sha256: 'h', title: 'contract.pdf', text: 'first\n\nsecond' });
    expect(
      indexedDocument(detail([{ name: 'title', value: 'Lease  Agreement', normalized: 'Lease Agreement' }])).title,
    ).toBe('Lease Agreement');
    expect(indexedDocument(detail([{ name: 'title', value: '', normalized: null }])).title).toBe('contract.pdf');
  });

  const LABELS = resolve(import.meta.dirname, '../../../../../shared/corpus/labels.jsonl');
  it.skipIf(!existsSync(LABELS))(
    'the real labels file gives queries for the classes with typeable fields (needs ../shared; skipped without it)',
    async () => {
      const { readFile } = await import('node:fs/promises');
      const queries = buildKnownItemQueries(parseLabels(await readFile(LABELS, 'utf8')));
      const classes = new Set(queries.map((q) => q.class));
      for (const c of ['invoice', 'receipt', 'contract', 'resume', 'form']) expect(classes.has(c)).toBe(true);
      expect(classes.has('bad')).toBe(false);
      for (const q of queries) expect(q.text.split(' ').length).toBeLessThanOrEqual(8);
    },
  );
});
