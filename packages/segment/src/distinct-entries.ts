/**
 * The distinct values of a STRING column, collected as its pieces are read: each new value's UTF-8
 * bytes are appended to one buffer as an entry. How repeats are found depends on the order values
 * arrive in:
 * - ascending: while every value is greater than the one before (time-ordered values arrive so),
 *   the entries are distinct and sorted with no index at all;
 * - nearly ascending: values that mostly ascend, such as timestamps written a little out of order,
 *   keep a main run of ascending entries; a value not above its last is looked up in it by binary
 *   search and, when new, becomes a straggler, found again through a hash table of stragglers only
 *   and placed later between the main run's entries (see sorted-dictionary.ts);
 * - hashed: once stragglers are more than a quarter of the entries, a hash table of every entry
 *   finds repeats, and the entries are sorted afterwards.
 * Only distinct bytes are kept, so a column read piece by piece holds one piece and its distinct
 * values, never every piece's dictionary at once.
 */
/** Hash table slots per entry, at most (then the table doubles). */
const MAX_LOAD = 0.7;
const FIRST_CAPACITY = 1024;
/** Stragglers may be up to this share of the entries before every entry is hashed instead. */
const MAX_STRAGGLER_SHARE = 0.25;

export type EntryOrder = 'ascending' | 'nearlyAscending' | 'hashed';

export class DistinctEntries {
  /** UTF-8 bytes of the entries; entry e spans `starts[e]` … `starts[e + 1]`. */
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  /** Number of entries. */
  count = 0;
  /** How the entries are ordered so far (see the file's comment). */
  order: EntryOrder = 'ascending';
  /** OR of every byte appended (below 0x80: all ASCII). */
  private orBytes = 0;
  /** Open addressing, pairs of (entry, FNV-1a hash of its bytes); -1 is an empty slot. Stragglers only while nearly ascending. */
  private table: Int32Array | null = null;
  private mask = 0;
  private tableCount = 0;
  /** While nearly ascending: the entries of the main run, ascending, and its length. */
  private main: Int32Array | null = null;
  private mainCount = 0;
  /** While nearly ascending: the stragglers and their places (how many main-run entries are below each). */
  private stragglers: Int32Array | null = null;
  private places: Int32Array | null = null;
  private stragglerCount = 0;

  /**
   * @param maxBytes at least the bytes of all values that will be added (pages of the buffer are
   *   only resident once written, so a generous bound costs address space, not memory)
   * @param maxEntries at least the number of distinct values (a column's row count will do)
   */
  constructor(
    maxBytes: number,
    private readonly maxEntries: number,
  ) {
    // Arrays of its own, not scratch ones: the dictionary's text is dropped once its block is written.
    this.bytes = new Uint8Array(maxBytes);
    this.starts = new Int32Array(maxEntries + 1);
  }

  /** Whether every byte of every entry is ASCII. */
  get ascii(): boolean {
    return this.orBytes < 0x80;
  }

  /** While nearly ascending: the main run's entries, ascending. */
  mainRun(): Int32Array {
    return this.main!.subarray(0, this.mainCount);
  }

  /** While nearly ascending: the stragglers, and for each how many main-run entries are below it. */
  stragglerPlaces(): { entries: Int32Array; places: Int32Array } {
    return { entries: this.stragglers!.subarray(0, this.stragglerCount), places: this.places!.subarray(0, this.stragglerCount) };
  }

  /**
   * Drops the hash table once every value is added: as large as the text of short values, it
   * would otherwise live on through the sort that follows.
   */
  dropIndex(): void {
    this.table = null;
  }

  /** The entry holding the value `data[start]` … `data[end]`, appended if it is new (not after {@link dropIndex}). */
  add(data: Uint8Array, start: number, end: number): number {
    if (this.order === 'hashed') return this.lookUpOrAppend(data, start, end, hashBytes(data, start, end));
    const last = this.order === 'ascending' ? this.count - 1 : this.main![this.mainCount - 1]!;
    if (this.count === 0 || compareToEntry(this.bytes, this.starts, last, data, start, end) < 0) {
      const entry = this.append(data, start, end);
      if (this.order === 'nearlyAscending') this.main![this.mainCount++] = entry;
      return entry;
    }
    if (this.order === 'ascending') this.startMainRun();
    const place = this.placeInMainRun(data, start, end);
    if (place < this.mainCount) {
      const entry = this.main![place]!;
      if (compareToEntry(this.bytes, this.starts, entry, data, start, end) === 0) return entry;
    }
    const before = this.count;
    const entry = this.lookUpOrAppend(data, start, end, hashBytes(data, start, end));
    if (this.count === before) return entry;
    this.addStraggler(entry, place);
    return entry;
  }

  private startMainRun(): void {
    this.order = 'nearlyAscending';
    this.main = new Int32Array(this.maxEntries);
    for (let e = 0; e < this.count; e++) this.main[e] = e;
    this.mainCount = this.count;
    this.stragglers = new Int32Array(FIRST_CAPACITY);
    this.places = new Int32Array(FIRST_CAPACITY);
    this.newTable(FIRST_CAPACITY);
  }

  private addStraggler(entry: number, place: number): void {
    if (this.stragglerCount === this.stragglers!.length) {
      this.stragglers = grown(this.stragglers!, this.stragglerCount);
      this.places = grown(this.places!, this.stragglerCount);
    }
    this.stragglers![this.stragglerCount] = entry;
    this.places![this.stragglerCount++] = place;
    if (this.stragglerCount > MAX_STRAGGLER_SHARE * this.count && this.count >= FIRST_CAPACITY) this.hashEveryEntry();
  }

  /** Gives up on the main run: every entry goes into the hash table, to be sorted afterwards. */
  private hashEveryEntry(): void {
    this.order = 'hashed';
    this.main = this.stragglers = this.places = null;
    let capacity = FIRST_CAPACITY;
    while (this.count > MAX_LOAD * capacity) capacity *= 2;
    this.newTable(capacity);
    const { bytes, starts } = this;
    for (let e = 0; e < this.count; e++) this.insert(e, hashBytes(bytes, starts[e]!, starts[e + 1]!));
  }

  /** How many entries of the main run are below the value (binary search). */
  private placeInMainRun(data: Uint8Array, start: number, end: number): number {
    const { bytes, starts } = this;
    const main = this.main!;
    let low = 0;
    let high = this.mainCount;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareToEntry(bytes, starts, main[mid]!, data, start, end) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private lookUpOrAppend(data: Uint8Array, start: number, end: number, h: number): number {
    const table = this.table!;
    const { bytes, starts } = this;
    for (let slot = (h ^ (h >>> 15)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = table[slot * 2]!;
      if (entry === -1) {
        const added = this.append(data, start, end);
        table[slot * 2] = added;
        table[slot * 2 + 1] = h;
        if (++this.tableCount > MAX_LOAD * (this.mask + 1)) this.grow();
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

  private newTable(capacity: number): void {
    this.table = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity - 1;
    this.tableCount = 0;
  }

  /** Doubles the table, moving each (entry, hash) pair without hashing its bytes again. */
  private grow(): void {
    const old = this.table!;
    this.newTable((this.mask + 1) * 2);
    for (let s = 0; s < old.length; s += 2) if (old[s] !== -1) this.insert(old[s]!, old[s + 1]!);
  }

  private insert(entry: number, h: number): void {
    const table = this.table!;
    let slot = (h ^ (h >>> 15)) & this.mask;
    while (table[slot * 2] !== -1) slot = (slot + 1) & this.mask;
    table[slot * 2] = entry;
    table[slot * 2 + 1] = h;
    this.tableCount++;
  }
}

/** `array` in one twice as large, its first `used` values copied. */
function grown(array: Int32Array, used: number): Int32Array {
  const next = new Int32Array(array.length * 2);
  next.set(array.subarray(0, used));
  return next;
}

/** The sign of entry `e` compared with `data[start]` … `data[end]`, as bytes. */
function compareToEntry(bytes: Uint8Array, starts: Int32Array, e: number, data: Uint8Array, start: number, end: number): number {
  let i = starts[e]!;
  let j = start;
  const last = starts[e + 1]!;
  for (; i < last && j < end; i++, j++) {
    const d = bytes[i]! - data[j]!;
    if (d !== 0) return d;
  }
  // One is a prefix of the other: the longer is greater.
  return last - i - (end - j);
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
