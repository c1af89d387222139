/**
 * The distinct values of a STRING column, collected as its pieces are read: each new value's UTF-8
 * bytes are appended to one buffer as an entry. While every value is greater than the one before
 * (time-ordered values arrive so) the entries are distinct without a hash; at the first value that
 * is not, a hash table of the entries so far is built and every later value is looked up in it.
 * Only distinct bytes are kept, so a column read piece by piece holds one piece and its distinct
 * values, never every piece's dictionary at once.
 */
/** Hash table slots per entry, at most (then the table doubles). */
const MAX_LOAD = 0.7;
const FIRST_CAPACITY = 1024;

export class DistinctEntries {
  /** UTF-8 bytes of the entries; entry e spans `starts[e]` … `starts[e + 1]`. */
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  /** Number of entries. */
  count = 0;
  /** Whether each entry is greater (as bytes) than the one before. */
  ascending = true;
  /** OR of every byte appended (below 0x80: all ASCII). */
  private orBytes = 0;
  /** Open addressing, pairs of (entry, FNV-1a hash of its bytes); -1 is an empty slot. Null while ascending. */
  private table: Int32Array | null = null;
  private mask = 0;

  /**
   * @param maxBytes at least the bytes of all values that will be added (pages of the buffer are
   *   only resident once written, so a generous bound costs address space, not memory)
   * @param maxEntries at least the number of distinct values (a column's row count will do)
   */
  constructor(maxBytes: number, maxEntries: number) {
    // Arrays of its own, not scratch ones: the dictionary's text is dropped once its block is written.
    this.bytes = new Uint8Array(maxBytes);
    this.starts = new Int32Array(maxEntries + 1);
  }

  /** Whether every byte of every entry is ASCII. */
  get ascii(): boolean {
    return this.orBytes < 0x80;
  }

  /** The entry holding the value `data[start]` … `data[end]`, appended if it is new. */
  add(data: Uint8Array, start: number, end: number): number {
    if (this.ascending) {
      if (this.count === 0 || this.greaterThanLast(data, start, end)) return this.append(data, start, end);
      this.ascending = false;
      this.buildTable();
    }
    return this.lookUpOrAppend(data, start, end, hashBytes(data, start, end));
  }

  private lookUpOrAppend(data: Uint8Array, start: number, end: number, h: number): number {
    const table = this.table!;
    const { bytes, starts } = this;
    for (let slot = (h ^ (h >>> 15)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = table[slot * 2]!;
      if (entry === -1) {
        table[slot * 2] = this.count;
        table[slot * 2 + 1] = h;
        const added = this.append(data, start, end);
        if (this.count > MAX_LOAD * (this.mask + 1)) this.grow();
        return added;
      }
      if (table[slot * 2 + 1] === h && equalBytes(bytes, starts[entry]!, starts[entry + 1]!, data, start, end)) return entry;
    }
  }

  private append(data: Uint8Array, start: number, end: number): number {
    const { bytes, starts } = this;
    let at = starts[this.count]!;
    if (at + end - start > bytes.length) throw new Error(`String values exceed the ${bytes.length} bytes their pieces were said to hold`);
    let or = 0;
    for (let k = start; k < end; k++) or |= bytes[at++] = data[k]!;
    this.orBytes |= or;
    starts[++this.count] = at;
    return this.count - 1;
  }

  private greaterThanLast(data: Uint8Array, start: number, end: number): boolean {
    const { bytes, starts } = this;
    let i = starts[this.count - 1]!;
    const last = starts[this.count]!;
    for (let j = start; i < last && j < end; i++, j++) {
      const d = bytes[i]! - data[j]!;
      if (d !== 0) return d < 0;
    }
    return i === last && end - start > last - starts[this.count - 1]!;
  }

  /** Builds the hash table of the entries so far (distinct, as they ascended). */
  private buildTable(): void {
    let capacity = FIRST_CAPACITY;
    while (this.count > MAX_LOAD * capacity) capacity *= 2;
    this.table = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity - 1;
    const { bytes, starts } = this;
    for (let e = 0; e < this.count; e++) this.insert(e, hashBytes(bytes, starts[e]!, starts[e + 1]!));
  }

  /** Doubles the table, moving each (entry, hash) pair without hashing its bytes again. */
  private grow(): void {
    const old = this.table!;
    this.table = new Int32Array(old.length * 2).fill(-1);
    this.mask = this.mask * 2 + 1;
    for (let s = 0; s < old.length; s += 2) if (old[s] !== -1) this.insert(old[s]!, old[s + 1]!);
  }

  private insert(entry: number, h: number): void {
    const table = this.table!;
    let slot = (h ^ (h >>> 15)) & this.mask;
    while (table[slot * 2] !== -1) slot = (slot + 1) & this.mask;
    table[slot * 2] = entry;
    table[slot * 2 + 1] = h;
  }
}

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  return h;
}

function equalBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (; aStart < aEnd; aStart++, bStart++) if (a[aStart] !== b[bStart]) return false;
  return true;
}
