/**
 * Documents from elsewhere that nobody on the team wrote: the example PDFs of TeX Live's letter, CV,
 * paper, invoice, bank-statement, report and form classes, and chapters of the Debian Administrator's
 * Handbook in six languages, all shipped in Debian packages. evaluation/debian-docs/labels.tsv lists the
 * package, the path inside it and the type we judge it to be; this fetches the packages
 * (`apt-get download`, so Debian or Ubuntu with access to its archive), unpacks them (`dpkg-deb -x`) into
 * a cache folder, writes `labels.jsonl` there in the corpus format and runs `docpipe eval` on it. No
 * document is copied into the repository.
 *
 *   npm run eval:debian-docs [-- --cache DIR] [--json]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const root = resolve(import.meta.dirname, '..');
const at = process.argv.indexOf('--cache');
const cache = resolve(at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : join(tmpdir(), 'docpipe-debian-docs'));
const json = process.argv.includes('--json');

interface Row {
  pkg: string;
  path: string;
  type: string;
}
const rows: Row[] = readFileSync(join(root, 'evaluation/debian-docs/labels.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => {
    const [pkg = '', path = '', type = ''] = line.split('\t');
    return { pkg, path, type: type.trim() };
  });

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    console.error(
      missing
        ? `${command} is not on this machine: this set needs Debian or Ubuntu (apt-get, dpkg-deb).`
        : `${command}: ${result.error.message}`,
    );
    process.exit(2);
  }
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.trim()}`);
    process.exit(2);
  }
}

const debs = join(cache, 'debs');
const unpacked = join(cache, 'root');
mkdirSync(debs, { recursive: true });
mkdirSync(unpacked, { recursive: true });
for (const pkg of [...new Set(rows.map((r) => r.pkg))]) {
  const marker = join(unpacked, `.${pkg}.unpacked`);
  if (existsSync(marker)) continue;
  let deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (!deb) {
    console.error(`fetching ${pkg}…`);
    run('apt-get', ['download', pkg], debs);
    deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  }
  if (!deb) {
    console.error(`apt-get download ${pkg} left no .deb in ${debs}`);
    process.exit(2);
  }
  run('dpkg-deb', ['-x', join(debs, deb), unpacked], cache);
  writeFileSync(marker, deb);
}

const present = rows.filter((r) => existsSync(join(unpacked, r.path)));
for (const r of rows) if (!present.includes(r)) console.error(`not in this version of ${r.pkg}: ${r.path}`);
const labels = join(unpacked, 'labels.jsonl');
writeFileSync(
  labels,
  present
    .map((r) => JSON.stringify({ path: r.path, class: r.type, fields: {}, source: `debian:${r.pkg}` }))
    .join('\n') + '\n',
);
const evaluation = spawnSync(
  process.execPath,
  [join(root, 'bin/docpipe.js'), 'eval', '--labels', labels, ...(json ? ['--json'] : [])],
  { stdio: 'inherit' },
);
process.exit(evaluation.status ?? 1);
