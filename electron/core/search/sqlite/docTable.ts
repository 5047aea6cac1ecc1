/**
 * What scoring needs of every document, in memory and indexed by slot (see packedPostings.ts): which
 * document a slot holds (or none: deleted or rewritten), its token counts per column, its type, and,
 * loaded per field name on first use, its field values for filters. Loaded from the index once per open and
 * then kept up to date by the backend's own writes (it is the index's only writer), so a query never pays
 * for a per-row SQLite read of lengths, types or field values.
 * Memory: about 30 bytes per slot plus the field values used in filters.
 */

export interface SlotRow {
  slot: number;
  id: number;
  lengths: [number, number, number];
  type: string | null;
}

export interface FieldValueRow {
  slot: number;
  text: string | null;
  num: number | null;
}

/** One field's values (rows of doc_fields), with per-slot chains so a filter tests only the slots it meets. */
export class FieldColumn {
  readonly text: (string | null)[] = [];
  readonly num: (number | null)[] = [];
  /** Per slot, its first row (-1: no value); `next[row]` is the slot's following row (-1: last). */
  private head = new Int32Array(0).fill(-1);
  private readonly next: number[] = [];

  add(slot: number, text: string | null, num: number | null): void {
    if (slot >= this.head.length) {
      const grown = new Int32Array(Math.max(1024, 2 * (slot + 1))).fill(-1);
      grown.set(this.head);
      this.head = grown;
    }
    const row = this.text.length;
    this.text.push(text);
    this.num.push(num);
    this.next.push(this.head[slot]!);
    this.head[slot] = row;
  }

  /** Whether any value of the slot passes `test` (EXISTS in the SQL version). */
  some(slot: number, test: (text: string | null, num: number | null) => boolean): boolean {
    for (let row = slot < this.head.length ? this.head[slot]! : -1; row >= 0; row = this.next[row]!) {
      if (test(this.text[row]!, this.num[row]!)) return true;
    }
    return false;
  }
}

export class DocTable {
  /** Document id per slot; only meaningful where `live` is 1. */
  private docIds = new Float64Array(1024);
  private live = new Uint8Array(1024);
  /** Token counts per slot: title, body, field values. */
  lenTitle = new Float32Array(1024);
  lenBody = new Float32Array(1024);
  lenFields = new Float32Array(1024);
  /** Type per slot as an index into `typeNames` (0 = no type). */
  typeIndex = new Uint16Array(1024);
  readonly typeNames: (string | null)[] = [null];
  private readonly typeIds = new Map<string, number>();
  private readonly slotOfDoc = new Map<number, number>();
  private readonly fields = new Map<string, FieldColumn>();
  private sums: [number, number, number] = [0, 0, 0];
  /** One more than the largest slot seen. */
  slotCount = 0;

  constructor(
    rows: Iterable<SlotRow>,
    /** Reads every value of one field (lower-cased name) by slot, when a filter first needs it. */
    private readonly readField: (name: string) => FieldValueRow[],
  ) {
    for (const r of rows) this.add(r);
  }

  /** Live documents. */
  get documents(): number {
    return this.slotOfDoc.size;
  }

  /** Average token counts per column over live documents (at least 1, as BM25 divides by them). */
  avgLength(): [number, number, number] {
    const n = Math.max(this.documents, 1);
    return [Math.max(this.sums[0] / n, 1), Math.max(this.sums[1] / n, 1), Math.max(this.sums[2] / n, 1)];
  }

  isLive(slot: number): boolean {
    return this.live[slot] === 1;
  }

  docId(slot: number): number {
    return this.docIds[slot]!;
  }

  slotOf(id: number): number | undefined {
    return this.slotOfDoc.get(id);
  }

  typeId(type: string): number | undefined {
    return this.typeIds.get(type);
  }

  add(row: SlotRow, fieldRows: { name: string; text: string | null; num: number | null }[] = []): void {
    this.remove(row.id);
    this.grow(row.slot + 1);
    const { slot } = row;
    this.docIds[slot] = row.id;
    this.live[slot] = 1;
    [this.lenTitle[slot], this.lenBody[slot], this.lenFields[slot]] = row.lengths;
    for (let c = 0; c < 3; c++) this.sums[c]! += row.lengths[c]!;
    this.typeIndex[slot] = row.type === null ? 0 : this.internType(row.type);
    this.slotOfDoc.set(row.id, slot);
    this.slotCount = Math.max(this.slotCount, slot + 1);
    // Field columns already loaded get the new values; the others will read them from the index.
    for (const f of fieldRows) {
      const column = this.fields.get(f.name);
      column?.add(slot, f.text, f.num);
    }
  }

  remove(id: number): void {
    const slot = this.slotOfDoc.get(id);
    if (slot === undefined) return;
    this.slotOfDoc.delete(id);
    this.live[slot] = 0;
    this.sums[0] -= this.lenTitle[slot]!;
    this.sums[1] -= this.lenBody[slot]!;
    this.sums[2] -= this.lenFields[slot]!;
  }

  /** Documents per type (untyped ones not counted) among `ids`. */
  typeFacets(ids: number[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const id of ids) {
      const slot = this.slotOfDoc.get(id);
      const type = slot === undefined ? null : this.typeNames[this.typeIndex[slot]!];
      if (type !== null && type !== undefined) out[type] = (out[type] ?? 0) + 1;
    }
    return out;
  }

  /** Values of a field by slot (dead slots included; callers check liveness through the postings). */
  field(name: string): FieldColumn {
    let column = this.fields.get(name);
    if (!column) {
      column = new FieldColumn();
      for (const r of this.readField(name)) column.add(r.slot, r.text, r.num);
      this.fields.set(name, column);
    }
    return column;
  }

  private internType(type: string): number {
    let id = this.typeIds.get(type);
    if (id === undefined) {
      id = this.typeNames.length;
      this.typeNames.push(type);
      this.typeIds.set(type, id);
    }
    return id;
  }

  private grow(size: number): void {
    if (size <= this.live.length) return;
    let capacity = this.live.length;
    while (capacity < size) capacity *= 2;
    const grown = <T extends Float64Array | Float32Array | Uint8Array | Uint16Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.docIds = grown(this.docIds, (n) => new Float64Array(n));
    this.live = grown(this.live, (n) => new Uint8Array(n));
    this.lenTitle = grown(this.lenTitle, (n) => new Float32Array(n));
    this.lenBody = grown(this.lenBody, (n) => new Float32Array(n));
    this.lenFields = grown(this.lenFields, (n) => new Float32Array(n));
    this.typeIndex = grown(this.typeIndex, (n) => new Uint16Array(n));
  }
}
