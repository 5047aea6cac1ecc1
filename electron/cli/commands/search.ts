/** `search` and `reindex`. */
import type { ReindexResult, SearchResult } from '../../shared/contract/search.js';
import { snippetParts } from '../../shared/contract/search.js';
import { defineCommand, EXIT_OK } from '../command.js';
import { contractFlag, UsageError } from '../flags.js';
import { counted, printable } from '../wording.js';

export const search = defineCommand({
  name: 'search',
  operands: '"<query>"',
  summary:
    'search: words, "phrases", -not, pre*, type:invoice, vendor:acme, total>100,\ndate:2023-01..2023-06, path:/folder',
  details: [
    'word            all words must match (when no document has them all, the ones with any are shown, and said so)',
    '"exact phrase"  consecutive words',
    'pre*            any word starting with pre',
    '-word, -"a b"   without it (also -type:x, -vendor:y, -path:/x)',
    'type:invoice    the document type (several type: clauses: any of them)',
    'vendor:acme     a field contains the value (case and accents ignored; quotes allowed)',
    'total>100       > >= < <= on numbers, ISO dates or text',
    'date:2023-01..2023-06   an inclusive range; either side may be empty',
    'path:/home/me/invoices  a folder (or file) path prefix',
  ].join('\n'),
  flags: {
    limit: contractFlag('search', 'limit', { placeholder: 'N', help: 'at most N hits' }),
    mode: contractFlag('search', 'mode', {
      placeholder: 'M',
      help: 'lexical: words only; vector: meaning only; hybrid: both, when an embedding model is there',
    }),
  },
  core: 'read',
  async run({ api, args, flags, print }) {
    if (args.length === 0) throw new UsageError('search needs a query, e.g. docpipe search "invoice total>100".');
    print(
      await api.search({
        query: args.join(' '),
        ...(flags.limit !== undefined && { limit: flags.limit }),
        ...(flags.mode && { mode: flags.mode }),
      }),
    );
    return EXIT_OK;
  },
  text(result: SearchResult) {
    // Highlights in bold on a terminal; in brackets where escape codes would end up in a file.
    const bold = process.stdout.isTTY ? (t: string) => `\u001b[1m${t}\u001b[22m` : (t: string) => `[${t}]`;
    let out = `${counted(result.total, 'document')}${result.fallback ? ' (none had every word; showing documents with any of them)' : ''}, ${result.tookMs.toFixed(1)} ms\n`;
    for (const hit of result.hits) {
      const snippet = snippetParts(hit.snippet)
        .map((p) => (p.highlight ? bold(printable(p.text)) : printable(p.text)))
        .join('')
        .replace(/\s+/g, ' ');
      out += `\n${String(hit.id).padStart(6)}  ${hit.score.toFixed(3)}  ${hit.type ?? '-'}  ${printable(hit.paths[0] ?? '')}${hit.page ? ` (page ${hit.page})` : ''}\n        ${snippet}\n`;
    }
    const facets = Object.entries(result.facets.type);
    if (facets.length) out += `\nby type: ${facets.map(([t, n]) => `${t} ${n}`).join(', ')}\n`;
    return out;
  },
});

export const reindex = defineCommand({
  name: 'reindex',
  operands: '',
  summary: 'rebuild the search index from the store',
  flags: {},
  core: 'read',
  async run({ api, print }) {
    print(await api.reindex({}));
    return EXIT_OK;
  },
  text: (result: ReindexResult) =>
    `${counted(result.indexed, 'document')} indexed, ${counted(result.removed, 'stale entry', 'stale entries')} removed, in ${(result.tookMs / 1000).toFixed(1)} s.\n`,
});
