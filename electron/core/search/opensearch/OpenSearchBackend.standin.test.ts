/**
 * OpenSearchBackend against the OpenSearch stand-in as a separate process (electron/core/testing/
 * opensearch-standin): bulk items rejected with 429 are waited out until every document is indexed
 * once, and a reindex builds the next index behind the alias while searches keep answering from the
 * old one. The same checks against a real cluster: OpenSearchBackend.test.ts with OPENSEARCH_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexDocument } from '../SearchBackend.js';
import { findFreeLoopbackPort } from '../../services/loopbackPort.js';
import { waitFor } from '../../services/processTree.js';
import { CONFORMANCE_DOCS } from '../../testing/searchConformance.js';
import { OpenSearchBackend } from './OpenSearchBackend.js';

const STANDIN = fileURLToPath(new URL('../../testing/opensearch-standin/bin/opensearch', import.meta.url));
const FAST_BACKOFF = { baseMs: 1, maxMs: 20, jitter: 0 };

let child: ChildProcess;
let url: string;

beforeAll(async () => {
  const port = await findFreeLoopbackPort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [STANDIN, `-Ehttp.port=${port}`, '-Enetwork.host=127.0.0.1'], { stdio: 'ignore' });
  const up = await waitFor(
    async () => child.exitCode !== null || (await fetch(url).catch(() => null))?.ok === true,
    15_000,
  );
  if (!up || child.exitCode !== null) throw new Error('the OpenSearch stand-in did not start');
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

const get = async <T>(path: string): Promise<T> => (await (await fetch(`${url}${path}`)).json()) as T;
const docs = (count: number, from = 1): IndexDocument[] =>
  Array.from({ length: count }, (_, i) => ({ ...CONFORMANCE_DOCS[i % CONFORMANCE_DOCS.length]!, id: from + i }));

describe('OpenSearchBackend against the stand-in process', () => {
  it('indexes every document once although the cluster rejects bulk items with 429', async () => {
    const backend = new OpenSearchBackend({ node: url, index: 'pressed', bulkSize: 5, backoff: FAST_BACKOFF });
    try {
      await backend.index(docs(1));
      await fetch(`${url}/_standin/reject_items`, { method: 'POST', body: JSON.stringify({ count: 15 }) });
      await backend.index(docs(40, 2));
      expect((await backend.health()).documents).toBe(41);
      const accepted = await get<Record<string, number>>('/_standin/accepted/pressed');
      expect(Object.keys(accepted)).toHaveLength(41);
      expect(Object.values(accepted).every((n) => n === 1)).toBe(true);
    } finally {
      await backend.dispose();
    }
  });

  it('reindexes beside the live index: searches answer from the old one until the alias swaps to the new one', async () => {
    const backend = new OpenSearchBackend({ node: url, index: 'library', backoff: FAST_BACKOFF });
    try {
      await backend.index(docs(6));
      expect(Object.keys(await get('/_alias/library'))).toEqual(['library-v1']);
      const during: number[] = [];
      async function* store() {
        for (let i = 1; i <= 6; i += 2) {
          during.push((await backend.search({ query: '', limit: 50 })).hits.length);
          yield docs(2, i);
        }
      }
      expect(await backend.rebuild(store())).toMatchObject({ indexed: 6 });
      expect(during).toEqual([6, 6, 6]);
      expect(Object.keys(await get('/_alias/library'))).toEqual(['library-v2']);
      expect(await get<string[]>('/_standin/indexes')).not.toContain('library-v1');
      expect((await backend.search({ query: '', limit: 50 })).hits).toHaveLength(6);
    } finally {
      await backend.dispose();
    }
  });
});
