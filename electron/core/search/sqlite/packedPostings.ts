/**
 * Packed postings: one term's documents as typed arrays, the form in which they are stored (BLOBs, one row
 * per term and chunk, see SearchIndexRepo.term_postings) and scored in JavaScript. A posting names a
 * document by its *slot*, not its id: every write of a document gets a new, larger slot (SearchIndexRepo),
 * so a term's postings stay sorted by slot however documents are appended, and the postings of a deleted or
 * rewritten document are dead without touching them (DocTable knows which slots are live).
 */

/** Postings of one term (or of one prefix clause, merged): slots ascending, and per slot three term frequencies. */
export interface TermPostings {
  /** Slots, ascending, no duplicates. */
  slots: Uint32Array;
  /** Term frequency in title, body and field values: `tfs[3 * i + column]` for `slots[i]`. */
  tfs: Uint16Array;
}

export const EMPTY_POSTINGS: TermPostings = { slots: new Uint32Array(0), tfs: new Uint16Array(0) };

const MAX_TF = 0xffff;

/** A term's postings for a batch, as stored: slots (Uint32, little-endian) and frequencies (Uint16 × 3). */
export function encodePostings(slots: number[], tfs: number[]): { slots: Buffer; tfs: Buffer } {
  const s = new Uint32Array(slots);
  const t = new Uint16Array(tfs.length);
  for (let i = 0; i < tfs.length; i++) t[i] = Math.min(tfs[i]!, MAX_TF);
  return {
    slots: Buffer.from(s.buffer, s.byteOffset, s.byteLength),
    tfs: Buffer.from(t.buffer, t.byteOffset, t.byteLength),
  };
}

/**
 * Concatenates stored chunks (in chunk order, so slots ascend) into one list, keeping live slots only.
 * Blobs are copied bytewise: a Buffer from SQLite need not be aligned for a typed-array view.
 */
export function decodeChunks(
  chunks: { slots: Buffer; tfs: Buffer }[],
  isLive: (slot: number) => boolean,
): TermPostings {
  let n = 0;
  for (const c of chunks) n += c.slots.byteLength >>> 2;
  const slots = new Uint32Array(n);
  const tfs = new Uint16Array(3 * n);
  let at = 0;
  for (const c of chunks) {
    const count = c.slots.byteLength >>> 2;
    new Uint8Array(slots.buffer, at * 4, count * 4).set(c.slots);
    new Uint8Array(tfs.buffer, at * 6, count * 6).set(c.tfs.subarray(0, count * 6));
    at += count;
  }
  let live = 0;
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    if (!isLive(slot)) continue;
    if (live !== i) {
      slots[live] = slot;
      tfs[3 * live] = tfs[3 * i]!;
      tfs[3 * live + 1] = tfs[3 * i + 1]!;
      tfs[3 * live + 2] = tfs[3 * i + 2]!;
    }
    live++;
  }
  return live === n ? { slots, tfs } : { slots: slots.slice(0, live), tfs: tfs.slice(0, 3 * live) };
}

/**
 * Union of several terms' postings (the words a prefix expands to), frequencies summed per slot, as FTS5
 * counts a prefix clause: one phrase whose hits are the hits of any matching word.
 */
export function mergePostings(lists: TermPostings[], slotCount: number): TermPostings {
  const nonEmpty = lists.filter((l) => l.slots.length > 0);
  if (nonEmpty.length === 0) return EMPTY_POSTINGS;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const acc = new Uint32Array(3 * slotCount);
  const seen = new Uint8Array(slotCount);
  let n = 0;
  for (const { slots, tfs } of nonEmpty) {
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      if (seen[s] === 0) {
        seen[s] = 1;
        n++;
      }
      acc[3 * s]! += tfs[3 * i]!;
      acc[3 * s + 1]! += tfs[3 * i + 1]!;
      acc[3 * s + 2]! += tfs[3 * i + 2]!;
    }
  }
  const slots = new Uint32Array(n);
  const tfs = new Uint16Array(3 * n);
  let at = 0;
  for (let s = 0; s < slotCount; s++) {
    if (seen[s] === 0) continue;
    slots[at] = s;
    tfs[3 * at] = Math.min(acc[3 * s]!, MAX_TF);
    tfs[3 * at + 1] = Math.min(acc[3 * s + 1]!, MAX_TF);
    tfs[3 * at + 2] = Math.min(acc[3 * s + 2]!, MAX_TF);
    at++;
  }
  return { slots, tfs };
}
