import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readFileSync } from 'node:fs';
const doc = await getDocument({ data: new Uint8Array(readFileSync(process.argv[2])), verbosity: 0 }).promise;
const a = await doc.getAttachments();
for (const [k, v] of Object.entries(a ?? {})) { console.log(k, v.filename, v.content.length); console.log(new TextDecoder().decode(v.content).slice(0, Number(process.argv[3] ?? 1500))); }
