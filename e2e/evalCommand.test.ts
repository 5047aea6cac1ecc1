import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFile } from '../electron/core/testing/fixtureFiles.js';
import { runCli } from './killRecovery.js';

/** A small labelled folder in the layout of the corpus: documents beside a labels.jsonl with relative paths. */
function labelledFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'docpipe-eval-labels-'));
  const docs: Array<{ path: string; class: string; text: string; fields?: Record<string, unknown> }> = [
    {
      path: 'docs/invoice/acme.txt',
      class: 'invoice',
      text: 'ACME Supplies Ltd\nINVOICE\nInvoice number: INV-2024-001\nInvoice date: 2024-03-15\nDue date: 2024-04-14\nBill to: Orbit Tools GmbH\nSubtotal: 100.00 EUR\nVAT 20%: 20.00 EUR\nTotal: 120.00 EUR\n',
      // The total is right; the invoice number is labelled wrong on purpose, so exact match is 0 for it.
      fields: { total: '120.00', invoice_number: 'INV-2024-999', currency: 'EUR' },
    },
    {
      path: 'docs/other/email/hello.eml',
      class: 'other',
      text: 'From: Anna Schmidt <anna@example.org>\nTo: Tom Brown <tom@example.com>\nSubject: Lunch on Friday\nDate: Tue, 4 Jun 2024 10:15:00 +0200\n\nHi Tom,\n\nare we still on for lunch on Friday?\n\nAnna\n',
      // The corpus files e-mails as `other` with `fields.subtype: email`.
      fields: { subject: 'Lunch on Friday', subtype: 'email' },
    },
    // Labelled as what it is not: eval must list it as misclassified.
    { path: 'docs/contract/shopping.txt', class: 'contract', text: 'Shopping list\n- milk\n- eggs\n- bread\n' },
    { path: 'bad/empty.pdf', class: 'bad', text: '' },
  ];
  const labels: string[] = [];
  for (const d of docs) {
    writeFile(join(root, d.path), d.text);
    labels.push(JSON.stringify({ path: d.path, class: d.class, fields: d.fields ?? {} }));
  }
  writeFileSync(join(root, 'labels.jsonl'), `${labels.join('\n')}\n`);
  return root;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** The temporary data folders `eval` makes for itself. */
const evalDataFolders = (): string[] => readdirSync(tmpdir()).filter((name) => /^docpipe-eval-(?!labels-)/.test(name));

describe('docpipe eval', () => {
  it('ingests the labelled documents into a temporary folder, scores types and fields, and removes the folder', async () => {
    const root = labelledFolder();
    roots.push(root);
    const before = new Set(evalDataFolders());
    const json = await runCli(['eval', '--labels', join(root, 'labels.jsonl'), '--json'], { timeoutMs: 120_000 });
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      documents: number;
      perClass: Record<string, { support: number }>;
      fields: Record<string, { support: number; correct: number; exactMatch: number }>;
      seenInTraining: number;
      misclassified: Array<{ id: string; label: string; predicted: string }>;
    };
    // The `bad` document has no type and is not scored; the e-mail filed as other/email is scored as email.
    expect(report.documents).toBe(3);
    expect(report.misclassified.map((m) => [m.id.endsWith('shopping.txt'), m.label])).toEqual([[true, 'contract']]);
    expect(report.perClass.invoice?.support).toBe(1);
    expect(report.perClass.email?.support).toBe(1);
    expect(report.fields['invoice.total']).toMatchObject({ support: 1, correct: 1 });
    expect(report.fields['invoice.invoice_number']).toMatchObject({ support: 1, correct: 0 });
    expect(report.fields['email.subject']).toMatchObject({ support: 1, correct: 1 });
    // Made-up documents: none is in the shipped classifier's training set.
    expect(report.seenInTraining).toBe(0);

    const text = await runCli(['eval', '--labels', join(root, 'labels.jsonl')], { timeoutMs: 120_000 });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/type accuracy [\d.]+%, macro-F1 [\d.]+/);
    expect(text.stdout).toMatch(/invoice\.total\s+100\.0%\s+1\/1/);
    expect(text.stdout).toMatch(/misclassified \(1\):\n {2}contract → \w+ \([\d.]+\) {2}docs\/contract\/shopping\.txt/);
    // The two runs' temporary data folders are gone (this is the only test that runs eval).
    const left = evalDataFolders().filter((name) => !before.has(name));
    expect(left).toEqual([]);
  }, 300_000);
});
