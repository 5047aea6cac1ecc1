/**
 * Seeded byte mutations, shared by the per-format fuzz test (workers/extract/parsers.fuzz.test.ts) and the
 * whole-engine harness (`npm run fuzz`, e2e/fuzzHarness.ts): truncations, byte flips, inserted and repeated
 * runs, and deep nesting. A case is replayed from its seed alone.
 */

/** mulberry32: a small seeded generator, so a failing case can be replayed from its number. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Wraps `inner` in `depth` levels of the format's own nesting (a format that has none repeats a slice). */
export type Nest = (inner: Uint8Array, depth: number) => Uint8Array;

export const concatBytes = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Nesting for formats without a structure of their own: the file's head repeated after itself. */
export const repeatHead: Nest = (inner, depth) =>
  concatBytes(...Array<Uint8Array>(Math.min(depth, 500)).fill(inner.subarray(0, 64)), inner);

/** One mutation (or two) of `seed`, chosen by `next`; the name says what was done, for the failure message. */
export function mutate(
  seed: Uint8Array,
  next: () => number,
  nest: Nest = repeatHead,
): { bytes: Uint8Array; name: string } {
  const int = (n: number): number => Math.floor(next() * n);
  const steps = 1 + int(2);
  let bytes = seed;
  const names: string[] = [];
  for (let s = 0; s < steps; s++) {
    const kind = int(5);
    if (kind === 0) {
      const at = 1 + int(bytes.length - 1);
      bytes = bytes.subarray(0, at);
      names.push(`truncate@${at}`);
    } else if (kind === 1) {
      const copy = new Uint8Array(bytes);
      const flips = 1 + int(8);
      for (let i = 0; i < flips; i++) copy[int(copy.length)] = int(256);
      bytes = copy;
      names.push(`flip×${flips}`);
    } else if (kind === 2) {
      const at = int(bytes.length);
      const run = Uint8Array.from({ length: 1 + int(64) }, () => int(256));
      bytes = concatBytes(bytes.subarray(0, at), run, bytes.subarray(at));
      names.push(`insert${run.length}@${at}`);
    } else if (kind === 3) {
      const from = int(bytes.length);
      const slice = bytes.subarray(from, from + 1 + int(200));
      const times = 1 + int(50);
      const at = int(bytes.length);
      bytes = concatBytes(bytes.subarray(0, at), ...Array<Uint8Array>(times).fill(slice), bytes.subarray(at));
      names.push(`repeat${slice.length}×${times}@${at}`);
    } else {
      const depth = 1 + int(3000);
      bytes = nest(bytes, depth);
      names.push(`nest${depth}`);
    }
  }
  return { bytes: bytes.length > 0 ? bytes : seed.subarray(0, 1), name: names.join('+') };
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** An e-mail whose body is `depth` multiparts deep. */
export const nestEml: Nest = (inner, depth) => {
  const open = Array.from(
    { length: depth },
    (_, i) => `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n`,
  );
  const close = Array.from({ length: depth }, (_, i) => `\r\n--n${depth - 1 - i}--`);
  return concatBytes(utf8(`From: a@example.org\r\n${open.join('')}`), inner, utf8(close.join('')));
};

export const nestXml: Nest = (inner, depth) =>
  concatBytes(utf8('<n>'.repeat(depth)), inner, utf8('</n>'.repeat(depth)));

/** Tables in bold in divs, closed by tags that were never opened. */
export const nestHtml: Nest = (inner, depth) =>
  concatBytes(utf8('<div><b><table><tr><td>'.repeat(Math.ceil(depth / 4))), inner, utf8('</svg></p>'.repeat(depth)));

/** The nesting that suits a file of this extension (lower case, no dot). */
export function nestFor(extension: string): Nest {
  if (extension === 'eml') return nestEml;
  if (extension === 'xml') return nestXml;
  if (extension === 'html' || extension === 'htm') return nestHtml;
  return repeatHead;
}
