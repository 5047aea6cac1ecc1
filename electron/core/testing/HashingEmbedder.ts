/**
 * A deterministic toy embedder: a hashed bag of (folded, stemmed) words, L2-normalised. It has no notion
 * of meaning, but texts sharing words get similar vectors, which is enough to exercise the real vector
 * code path (chunking, sqlite-vec/knn storage, KNN, fusion, "more like this") in tests without a model.
 */
import { analyze } from '../search/sqlite/analyzer.js';
import type { Embedder } from '../search/SearchBackend.js';

export class HashingEmbedder implements Embedder {
  readonly model: string;
  /** Calls made, for tests that check batching. */
  calls = 0;

  constructor(readonly dims = 64) {
    this.model = `hashing-bow-${dims}`;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    return texts.map((text) => {
      const v = new Float32Array(this.dims);
      for (const term of analyze(text)) v[fnv1a(term) % this.dims]! += 1;
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < v.length; i++) v[i]! /= norm;
      return v;
    });
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
