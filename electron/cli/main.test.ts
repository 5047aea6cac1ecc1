import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentDetail } from '../shared/contract/documents.js';
import { writeServeRecord } from '../server/servedAddress.js';
import { defineCommand, EXIT_OK } from './command.js';
import { commandTable } from './commandTable.js';
import { main } from './main.js';
import { usageText } from './usage.js';

const root = mkdtempSync(join(tmpdir(), 'docpipe-cli-main-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[], extensions: Parameters<typeof main>[2] = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, extensions);
  return { code, stdout, stderr };
}

describe('docpipe main', () => {
  it('prints the generated usage: exit 0 when asked for, 2 without a command', async () => {
    const asked = await run(['--help']);
    expect(asked).toEqual({ code: 0, stdout: usageText(commandTable()), stderr: '' });
    expect(asked.stdout).toMatch(
      /\nExit codes:\n {2}0 {2}done\n {2}1 {2}a failure: .*\n {2}2 {2}a usage or environment error: /,
    );
    expect((await run([])).code).toBe(2);
  });

  it("refuses a value out of the contract's limits before it opens the data folder", async () => {
    const data = join(root, 'never-opened');
    const result = await run(['review', '--below', '2', '--data', data]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^--below takes a number from 0 to 1, not "2"\.\n\nUsage: docpipe review /);
    expect(existsSync(data)).toBe(false);
  });

  it('runs a command over a core and prints its answer as text or as one JSON line', async () => {
    const data = join(root, 'status');
    const json = await run(['status', '--json', '--data', data]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      documents: 0,
      jobs: { queued: 0, running: 0, retryable: 0, completed: 0, discarded: 0 },
      watched: [],
    });
    expect((await run(['status', '--data', data])).stdout).toBe(
      '0 documents\njobs: queued 0, running 0, retryable 0, completed 0, discarded 0\n',
    );
  });

  it('refuses a wrong operand before it opens the data folder, and keeps a setting for the next command', async () => {
    const never = join(root, 'config-never-opened');
    const wrong = await run(['config', 'set', 'ollama.numParallel=0', '--data', never]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^ollama\.numParallel takes a whole number from 1 to 16, not "0"\.\n\nUsage: docpipe config /,
    );
    expect(existsSync(never)).toBe(false);

    const data = join(root, 'config');
    expect(await run(['config', 'set', 'models.text=llama3.1:8b', 'ollama.binaryPath=null', '--data', data])).toEqual({
      code: 0,
      stdout: 'models.text = llama3.1:8b\nollama.binaryPath = null\n',
      stderr: '',
    });
    expect((await run(['config', 'get', 'models.text', '--data', data])).stdout).toBe('llama3.1:8b\n');
    expect(JSON.parse((await run(['config', 'get', '--json', '--data', data])).stdout)).toMatchObject({
      models: { text: 'llama3.1:8b', embed: 'nomic-embed-text' },
      search: { backend: 'sqlite' },
    });

    // The broker's password: hidden in listings, printed when the key is asked for by name.
    const secret = 'amqp://docpipe:s3cret@mq.office:5672/docpipe';
    expect((await run(['config', 'set', `broker.url=${secret}`, '--data', data])).stdout).toBe(
      'broker.url = amqp://docpipe:***@mq.office:5672/docpipe\n',
    );
    const listing = await run(['config', 'get', '--data', data]);
    expect(listing.stdout).toContain('broker.url = amqp://docpipe:***@mq.office:5672/docpipe\n');
    expect(listing.stdout).not.toContain('s3cret');
    expect((await run(['config', 'get', '--json', '--data', data])).stdout).not.toContain('s3cret');
    expect((await run(['config', 'get', 'broker.url', '--data', data])).stdout).toBe(`${secret}\n`);
  });

  it('reports an engine error as its sentence, with the code on stdout under --json', async () => {
    const result = await run(['show', '99', '--json', '--data', join(root, 'show')]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(result.stderr).toMatch(/^No document "99"/);
  });

  it('gives a wrong query exit 2 and prints errors as a sentence with the code in brackets', async () => {
    const result = await run(['search', 'total>', '--data', join(root, 'query')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Missing value after total> at position 1: write e.g. total>100. [QUERY_INVALID]\n');
  });

  it('prints documents for people: type and confidence, fields with theirs, plurals right', async () => {
    const data = join(root, 'documents');
    const folder = join(root, 'documents-in');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'invoice.txt'),
      'INVOICE\nInvoice number: INV-7\nDate: 2024-03-04\nACME Tools Ltd\nTotal: 120.00 EUR\n',
    );
    const ingested = await run(['ingest', folder, '--workers', '1', '--data', data]);
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(ingested.stdout).toMatch(
      /^1 file: 1 new, 0 changed, 0 unchanged, 0 duplicates\.\n1 document completed, 0 failed in /,
    );

    const docs = await run(['docs', '--data', data]);
    const detail = JSON.parse((await run(['show', '1', '--json', '--data', data])).stdout) as DocumentDetail;
    expect(detail.type).toBe('invoice');
    const total = detail.fields.find((f) => f.name === 'total');
    expect(total?.normalized).toBe('120.00');
    const pct = (x: number | null) => `${Math.round((x ?? 0) * 100)} %`;
    expect(docs.stdout).toBe(
      `     1  ${join(folder, 'invoice.txt')}\n` +
        `        completed, ${detail.review === 'ok' ? 'confident' : 'needs review'}; invoice ${pct(detail.typeConfidence)}; text/plain, 1 page\n` +
        `        ${detail.fields.map((f) => `${f.name}: ${f.name === 'vendor' ? 'ACME Tools Ltd' : (f.normalized as string)} (${pct(f.confidence)})`).join(', ')}\n`,
    );

    const show = (await run(['show', '1', '--data', data])).stdout;
    expect(show).toContain(`\n  type    invoice, confidence ${pct(detail.typeConfidence)}, built-in classifier\n`);
    expect(show).toMatch(
      new RegExp(`\\nFields \\(value, confidence\\):\\n(.*\\n)*  total +120\\.00 +${pct(total!.confidence)}\\n`),
    );
    expect(show).toContain('\n--- page 1 ---\nINVOICE\n');
    expect((await run(['docs', '--state', 'failed', '--data', data])).stdout).toBe('No failed documents.\n');
    expect((await run(['status', '--data', data])).stdout).toMatch(/^1 document\n/);
  });

  it('shows control characters in file names and page text as escapes, never raw to the terminal', async () => {
    const data = join(root, 'escapes');
    const folder = join(root, 'escapes-in');
    mkdirSync(folder);
    // A name that would retitle the terminal and turn it red, and forge a second line.
    const name = 'a\u001b]0;owned\u0007\u001b[31mred\nfake line\u009b.txt';
    writeFileSync(join(folder, name), 'Plain words \u001b[2J and a tab\there.\n');
    expect((await run(['ingest', folder, '--workers', '1', '--data', data])).code).toBe(0);

    const docs = (await run(['docs', '--data', data])).stdout;
    const show = (await run(['show', '1', '--data', data])).stdout;
    for (const out of [docs, show]) {
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(out).toContain(`${folder}/a\\x1b]0;owned\\x07\\x1b[31mred\\nfake line\\x9b.txt`);
    }
    expect(docs.split('\n')[0]).toMatch(/^ +1  \//);
    expect(show).toContain('\n--- page 1 ---\nPlain words ');
    // The JSON form keeps the name as it is (JSON escapes it its own way).
    const json = JSON.parse((await run(['docs', '--json', '--data', data])).stdout) as { paths: string[] }[];
    expect(json[0]?.paths).toEqual([join(folder, name)]);
    // An error naming the file is escaped too.
    const missing = await run(['show', join(folder, `${name}x`), '--data', data]);
    expect(missing.stderr).not.toMatch(/\u001b/);
  });

  it('refuses a FIFO named directly with a sentence and exit 2, storing nothing (it is no file to read)', async () => {
    const data = join(root, 'fifo');
    const fifo = join(root, 'a-pipe');
    execFileSync('mkfifo', [fifo]);
    const result = await run(['ingest', fifo, '--data', data]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${fifo} is neither a file nor a folder (a device, a socket or a pipe); docpipe reads files and folders. [INVALID_ARGUMENT]\n`,
    );
    expect(result.stdout).toBe('');
    expect((await run(['status', '--data', data])).stdout).toMatch(/^0 documents\n/);
  });

  it('leaves a FIFO inside a dropped folder out, counted in the summary, and reads the files beside it', async () => {
    const data = join(root, 'fifo-inside');
    const folder = join(root, 'with-a-pipe');
    mkdirSync(folder);
    execFileSync('mkfifo', [join(folder, 'a-pipe')]);
    writeFileSync(join(folder, 'note.txt'), 'A plain note beside a pipe.\n');
    const result = await run(['ingest', folder, '--data', data]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^1 file: 1 new, 0 changed, 0 unchanged, 0 duplicates; 1 left out \(not files: FIFOs, sockets or devices\)\.\n/,
    );
    const json = JSON.parse((await run(['ingest', folder, '--json', '--data', data])).stdout) as { notFiles: number };
    expect(json.notFiles).toBe(1);
  });

  it('prints the kept link of a data folder with "url", or says it was never served', async () => {
    const data = join(root, 'url');
    const never = await run(['url', '--data', data]);
    expect(never.code).toBe(2);
    expect(never.stderr).toBe(
      `docpipe has not served ${data} yet: "docpipe serve" starts serving it and prints the link. [NOT_FOUND]\n`,
    );
    mkdirSync(data);
    // Port 9 (discard) on loopback: nothing of docpipe answers there.
    writeServeRecord(data, { instanceId: '0123456789abcdef', token: 't'.repeat(43), host: '127.0.0.1', port: 9 });
    const kept = await run(['url', '--data', data]);
    expect(kept).toEqual({
      code: 0,
      stdout: `http://127.0.0.1:9/?token=${'t'.repeat(43)}\n`,
      stderr: 'Nothing answers there now: "docpipe serve" serves this data folder again at this link.\n',
    });
    expect(JSON.parse((await run(['url', '--json', '--data', data])).stdout)).toEqual({
      url: 'http://127.0.0.1:9',
      port: 9,
      token: 't'.repeat(43),
      openUrl: `http://127.0.0.1:9/?token=${'t'.repeat(43)}`,
      running: false,
    });
  });

  it("runs an extension in the table's shape: a core with its pipeline in a scratch folder, removed afterwards", async () => {
    const seen: { dataDir: string; pipeline: boolean; existed: boolean }[] = [];
    const probe = defineCommand({
      name: 'probe',
      operands: '',
      summary: 'looks at what it was given',
      flags: {},
      core: 'pipeline',
      scratchData: true,
      async run({ core, print }) {
        seen.push({
          dataDir: core.config.dataDir,
          pipeline: core.config.runPipeline,
          existed: existsSync(core.config.dataDir),
        });
        print({ ok: true });
        return EXIT_OK;
      },
      text: (_answer: { ok: boolean }) => 'probed\n',
    });
    const result = await run(['probe'], { extensions: [probe] });
    expect(result).toMatchObject({ code: 0, stdout: 'probed\n' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ pipeline: true, existed: true });
    expect(seen[0]!.dataDir.startsWith(join(tmpdir(), 'docpipe-probe-'))).toBe(true);
    expect(existsSync(seen[0]!.dataDir)).toBe(false);
    expect((await run(['--help'], { extensions: [probe] })).stdout).toMatch(/^ {2}probe +looks at what it was given$/m);
  });
});
