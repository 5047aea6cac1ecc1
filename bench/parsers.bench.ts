/**
 * The format readers on the dev corpus, and on generated inputs that stress them: e-mails (parseEmail),
 * HTML (htmlToText, on the HTML bodies of the corpus e-mails), XML (parseXml, on the XML parts of the
 * corpus DOCX and ODT files) and image headers (readImageSize). Prints one table: input, files, MB, and
 * the median milliseconds of 5 runs. The readers keep their signatures across versions, so this file
 * measures an older checkout too (copy it there). Usage: node bin/run-ts.js bench/parsers.bench.ts [CORPUS]
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import JSZip from 'jszip';
import PostalMime from 'postal-mime';
import { parseEmail } from '../workers/extract/mail/eml.js';
import { htmlToText } from '../workers/extract/text/htmlToText.js';
import { parseXml } from '../workers/extract/text/xml.js';
import { readImageSize, sniffImageFormat } from '../workers/extract/image/imageInfo.js';

const corpus = resolve(process.argv[3] ?? '../shared/corpus');

async function filesUnder(dir: string, extensions: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && extensions.includes(extname(entry.name).toLowerCase()))
      out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

async function median(run: () => Promise<void> | void, times = 5): Promise<number> {
  await run(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

interface Row {
  input: string;
  files: number;
  mb: number;
  ms: number;
}
const rows: Row[] = [];
const mb = (items: Array<{ length: number }>): number => items.reduce((n, i) => n + i.length, 0) / 1024 / 1024;

const emails = (await filesUnder(corpus, ['.eml'])).map((f) => new Uint8Array(readFileSync(f)));
rows.push({
  input: 'corpus e-mails (.eml)',
  files: emails.length,
  mb: mb(emails),
  ms: await median(async () => {
    for (const e of emails) await parseEmail(e);
  }),
});

const htmls: string[] = [];
for (const e of emails) {
  const html = (await PostalMime.parse(e)).html;
  if (html) htmls.push(html);
}
rows.push({
  input: 'HTML bodies of the corpus e-mails',
  files: htmls.length,
  mb: mb(htmls),
  ms: await median(() => {
    for (const h of htmls) htmlToText(h);
  }),
});

const xmls: string[] = [];
for (const f of await filesUnder(corpus, ['.docx', '.odt', '.xlsx', '.pptx', '.ods', '.odp'])) {
  try {
    const zip = await JSZip.loadAsync(readFileSync(f));
    for (const entry of Object.values(zip.files))
      if (entry.name.endsWith('.xml') && !entry.dir) xmls.push(await entry.async('string'));
  } catch {
    // a damaged container in bad/: nothing to read
  }
}
rows.push({
  input: 'XML parts of the corpus DOCX/ODT files',
  files: xmls.length,
  mb: mb(xmls),
  ms: await median(() => {
    for (const x of xmls) parseXml(x);
  }),
});

const images = (await filesUnder(corpus, ['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.gif', '.bmp', '.webp'])).map(
  (f) => new Uint8Array(readFileSync(f)),
);
rows.push({
  input: 'corpus images (header sizes)',
  files: images.length,
  mb: mb(images),
  ms: await median(() => {
    for (const i of images) {
      const format = sniffImageFormat(i);
      if (format) readImageSize(i, format);
    }
  }),
});

const dump = `<rows>${Array.from({ length: 100_000 }, (_, i) => `<row id="${i}"><name>Name ${i} &amp; co</name><city>Bern</city></row>`).join('')}</rows>`;
rows.push({
  input: 'generated XML dump, 100,000 rows',
  files: 1,
  mb: mb([dump]),
  ms: await median(() => void parseXml(dump)),
});
const deepXml = `${'<n>'.repeat(100_000)}<leaf>x</leaf>${'</n>'.repeat(100_000)}`;
rows.push({
  input: 'generated XML, 100,000 deep',
  files: 1,
  mb: mb([deepXml]),
  ms: await median(() => void parseXml(deepXml)),
});
const page = `<html><body>${Array.from({ length: 20_000 }, (_, i) => `<div class="r"><p>Row ${i} &amp; <b>bold</b></p><table><tr><td>${i}</td><td>x</td></tr></table></div>`).join('')}</body></html>`;
rows.push({
  input: 'generated HTML page, 20,000 blocks',
  files: 1,
  mb: mb([page]),
  ms: await median(() => void htmlToText(page)),
});
const deepHtml = `${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}`;
rows.push({
  input: 'generated HTML, 100,000 deep',
  files: 1,
  mb: mb([deepHtml]),
  ms: await median(() => void htmlToText(deepHtml)),
});
const openTags = '<a href=x '.repeat(30_000);
rows.push({
  input: 'generated HTML, 30,000 tags never closed by ">"',
  files: 1,
  mb: mb([openTags]),
  ms: await median(() => void htmlToText(openTags)),
});

console.log('| input | files | MB | ms (median of 5) |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.input} | ${r.files} | ${r.mb.toFixed(2)} | ${r.ms.toFixed(1)} |`);
