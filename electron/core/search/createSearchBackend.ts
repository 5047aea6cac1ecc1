/**
 * The one place a SearchBackend is chosen from configuration (createCore calls it). The embedded SQLite
 * index is the default; OpenSearch serves users who outgrow one machine or already run a cluster.
 */
import { z } from 'zod';
import { OpenSearchBackend } from './opensearch/OpenSearchBackend.js';
import type { Embedder, SearchBackend } from './SearchBackend.js';
import { SqliteSearchBackend } from './sqlite/SqliteSearchBackend.js';

export const SearchConfig = z.discriminatedUnion('backend', [
  z.object({
    backend: z.literal('sqlite'),
    /** Index file (its own database: derived data, rebuilt by reindex), e.g. `<dataDir>/search.sqlite`, or ':memory:'. */
    file: z.string().min(1),
  }),
  z.object({
    backend: z.literal('opensearch'),
    /** Node URL (the bundled server's loopback URL, or a remote cluster). */
    node: z.url(),
    /** Index name. Default 'docpipe'. */
    index: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/)
      .default('docpipe'),
    username: z.string().optional(),
    password: z.string().optional(),
    /** Verify TLS certificates. Default true. */
    rejectUnauthorized: z.boolean().default(true),
  }),
]);
export type SearchConfig = z.input<typeof SearchConfig>;

/** @param embedder the embedding model when one is configured (hybrid search); null for lexical only. */
export function createSearchBackend(config: SearchConfig, embedder: Embedder | null = null): SearchBackend {
  const parsed = SearchConfig.parse(config);
  switch (parsed.backend) {
    case 'sqlite':
      return new SqliteSearchBackend({ file: parsed.file, embedder });
    case 'opensearch':
      return new OpenSearchBackend({
        node: parsed.node,
        index: parsed.index,
        rejectUnauthorized: parsed.rejectUnauthorized,
        embedder,
        ...(parsed.username ? { auth: { username: parsed.username, password: parsed.password ?? '' } } : {}),
      });
  }
}
