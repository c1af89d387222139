/**
 * The sorted dictionary of a STRING column, built straight from the UTF-8 dictionaries of its
 * pieces (as frame files store them), with no JavaScript string per value. Pieces are read one at
 * a time: each one's used values are added to the column's distinct entries (`distinct-entries.ts`)
 * and its rows take the entries' numbers. When the entries already ascend (time-ordered values
 * arrive so) they are the dictionary; when they nearly ascend, their stragglers are merged into
 * the ascending main run at the places found when they arrived; otherwise they are sorted as
 * bytes. Then the rows are renumbered.
 * UTF-8 byte order is code point order, which matches JavaScript's code-unit order (Druid's) unless
 * a value holds a supplementary character; then the distinct values are decoded and sorted as
 * strings instead.
 */
import { radixSortU64, type StringBytesColumn, sortStringIndexes } from '@silt/frame';
import { DistinctEntries } from './distinct-entries.ts';
import { EncodeScratch, ROWS } from './encode-scratch.ts';

/** A STRING column's pieces, in row order, read one at a time (a piece may be valid only until the next is asked for). */
export interface StringPieces {
  readonly pieces: Iterable<StringBytesColumn>;
  /** At least the bytes of all the pieces' dictionaries together. */
  readonly maxBytes: number;
}

/** The pieces of `columns` held in memory. */
export function stringPiecesOf(columns: readonly StringBytesColumn[]): StringPieces {
  return { pieces: columns, maxBytes: columns.reduce((n, c) => n + c.data.length, 0) };
}

/** Distinct used values, sorted, as UTF-8 entries of one buffer, and every row's id (arrays may be `scratch` ones). */
export interface SortedDictionary {
  /** Number of distinct values (D). */
  readonly size: number;
  /** UTF-8 bytes of the entries; entry e spans `starts[e]` … `starts[e + 1]`. */
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  /** The entries of the D distinct values, ascending. */
  readonly sorted: Int32Array;
  /** Per row (the pieces' rows back to back): its dictionary id (index in ascending order), -1 for null. */
  readonly ids: Int32Array;
  readonly hasNulls: boolean;
  /** Whether every byte is ASCII. */
  readonly ascii: boolean;
}

/** Marks a piece's dictionary entry that some row uses, before the entry is added. */
const USED = -2;

/**
 * Builds the sorted dictionary of the values that some row of some piece uses (each piece's ids
 * cover exactly its rows; `numRows` rows in all). Work arrays come from `scratch` (the result is
 * valid until it is reused).
 */
export function sortedDictionary({ pieces, maxBytes }: StringPieces, numRows: number, scratch = new EncodeScratch(numRows)): SortedDictionary {
  const entries = new DistinctEntries(maxBytes, numRows);
  const ids = scratch.i32(ROWS, numRows);
  let at = 0;
  let hasNulls = false;
  for (const { data, offsets, ids: pieceIds } of pieces) {
    const size = offsets.length - 1;
    if (at + pieceIds.length > numRows) throw new Error(`String pieces hold more than ${numRows} rows`);
    // Used entries are added in the piece's dictionary order, so values that ascend there ascend as entries.
    const entryOf = markUsed(pieceIds, scratch.i32('pieceEntries', size).fill(-1));
    for (let id = 0; id < size; id++) if (entryOf[id] === USED) entryOf[id] = entries.add(data, offsets[id]!, offsets[id + 1]!);
    if (mapRows(pieceIds, entryOf, ids, at)) hasNulls = true;
    at += pieceIds.length;
  }
  if (at !== numRows) throw new Error(`String pieces hold ${at} rows, not ${numRows}`);

  entries.dropIndex();
  const { count: size, bytes, starts, ascii } = entries;
  const order = identity(scratch.i32('sorted', size));
  const dictionary = { size, bytes, starts, sorted: order, ids, hasNulls, ascii };
  const supplementary = !ascii && hasSupplementary(bytes, starts[size]!);
  // Ascending bytes are ascending code units too, unless a supplementary character is among them.
  if (entries.order === 'ascending' && !supplementary) return dictionary;
  if (supplementary) sortStringIndexes(decodeEntries(bytes, starts, size), order);
  else if (entries.order === 'nearlyAscending') mergeStragglers(bytes, starts, entries.mainRun(), entries.stragglerPlaces(), order);
  else sortByBytes(bytes, starts, order);
  // Rows now take ascending numbers; `order` maps such a number to its entry's bytes.
  renumber(ids, rankOf(order));
  return dictionary;
}

// The row loops below are functions that end with their loop: V8 compiles a long loop while it
// runs (on-stack replacement), and code after the loop, not yet run then, made that compiled code
// bail out at the loop's end on each call (docs/performance.md, "V8 pitfalls").

/** Marks in `entryOf` (sized to the piece's dictionary) the ids some row uses; returns `entryOf`. */
function markUsed(pieceIds: Int32Array, entryOf: Int32Array): Int32Array {
  const size = entryOf.length;
  for (let r = 0; r < pieceIds.length; r++) {
    const id = pieceIds[r]!;
    if (id < 0) continue;
    if (id >= size) throw new Error(`String id ${id} is outside its dictionary of ${size}`);
    entryOf[id] = USED;
  }
  return entryOf;
}

/** Writes each row's entry (-1 for null) to `ids` from `at`; returns whether a row is null. */
function mapRows(pieceIds: Int32Array, entryOf: Int32Array, ids: Int32Array, at: number): boolean {
  let hasNulls = false;
  for (let r = 0; r < pieceIds.length; r++) {
    const id = pieceIds[r]!;
    if (id < 0) hasNulls = true;
    ids[at + r] = id < 0 ? -1 : entryOf[id]!;
  }
  return hasNulls;
}

function identity(order: Int32Array): Int32Array {
  for (let k = 0; k < order.length; k++) order[k] = k;
  return order;
}

/** Per entry, its position in `order`. */
function rankOf(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) rank[order[k]!] = k;
  return rank;
}

function renumber(ids: Int32Array, rank: Int32Array): void {
  for (let r = 0; r < ids.length; r++) if (ids[r]! >= 0) ids[r] = rank[ids[r]!]!;
}

/**
 * Whether any of the first `length` bytes starts a 4-byte UTF-8 sequence (a supplementary
 * character): one `memchr` per lead byte 0xF0–0xF4, the only ones well-formed UTF-8 has (the runs'
 * strings are, as the frame encoder and the NDJSON scanner write them), instead of a comparison per
 * byte in JavaScript.
 */
function hasSupplementary(bytes: Uint8Array, length: number): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, length);
  for (let lead = 0xf0; lead <= 0xf4; lead++) if (text.indexOf(lead) >= 0) return true;
  return false;
}

function decodeEntries(bytes: Uint8Array, starts: Int32Array, count: number): string[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: count }, (_, e) => buffer.toString('utf8', starts[e]!, starts[e + 1]!));
}

/**
 * Writes into `order` the entries of a nearly ascending column in ascending order: the main run
 * as it is, each straggler put before the main-run entry its place names (stragglers of one place
 * sorted by bytes among themselves). No entry of the main run is compared again.
 */
function mergeStragglers(bytes: Uint8Array, starts: Int32Array, main: Int32Array, stragglers: { entries: Int32Array; places: Int32Array }, order: Int32Array): void {
  const n = stragglers.entries.length;
  // The stragglers' arrays are not read again: the sort may overwrite them (places are never negative).
  const byPlace = radixSortU64(stragglers.entries, new Uint32Array(stragglers.places.buffer, stragglers.places.byteOffset, n), new Uint32Array(n));
  const entries = byPlace.rows;
  const places = byPlace.lo;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && places[j] === places[i]) j++;
    if (j - i > 1) sortByBytes(bytes, starts, entries.subarray(i, j));
    i = j;
  }
  let k = 0;
  for (let i = 0, j = 0; i <= main.length; i++) {
    for (; j < n && places[j] === i; j++) order[k++] = entries[j]!;
    if (i < main.length) order[k++] = main[i]!;
  }
}

/** Compares entries a and b as bytes, from byte `depth` on (bytes before it being equal). */
function compareEntries(bytes: Uint8Array, starts: Int32Array, a: number, b: number, depth = 0): number {
  let i = starts[a]! + depth;
  let j = starts[b]! + depth;
  const ea = starts[a + 1]!;
  const eb = starts[b + 1]!;
  for (; i < ea && j < eb; i++, j++) {
    const d = bytes[i]! - bytes[j]!;
    if (d !== 0) return d;
  }
  return ea - i - (eb - j);
}

/** Groups at most this large are finished by insertion sort. */
const SMALL = 16;

/**
 * Sorts `order` (distinct entries) by their bytes, in place. Each pass keys a group by its next 7
 * bytes (0 past the end) and how many of them exist, radix-sorts the group by that u64 and
 * recurses into runs of equal keys whose entries go on (entries being distinct, a run of equal
 * keys that ends within the 7 bytes holds one entry). Its work arrays are its own, not scratch
 * ones: they are garbage once the sort is done, before the column's blocks are encoded.
 */
function sortByBytes(bytes: Uint8Array, starts: Int32Array, order: Int32Array): void {
  const n = order.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const tmp: KeyedEntries = { rows: new Int32Array(n), hi: new Uint32Array(n), lo: new Uint32Array(n) };
  const counts = new Int32Array(1 << 16);
  const stack: number[] = [0, n, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    if (end - start <= SMALL) {
      insertionSort(bytes, starts, order, start, end, depth);
      continue;
    }
    for (let i = start; i < end; i++) {
      const e = order[i]!;
      const p = starts[e]! + depth;
      const available = starts[e + 1]! - p;
      if (available >= 7) {
        hi[i] = ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0;
        lo[i] = ((bytes[p + 4]! << 24) | (bytes[p + 5]! << 16) | (bytes[p + 6]! << 8) | 7) >>> 0;
        continue;
      }
      let h = 0;
      let l = 0;
      for (let k = 0; k < 4; k++) h = h * 256 + (k < available ? bytes[p + k]! : 0);
      for (let k = 4; k < 7; k++) l = l * 256 + (k < available ? bytes[p + k]! : 0);
      hi[i] = h;
      lo[i] = l * 256 + Math.max(0, available);
    }
    radixSortRange(order, hi, lo, start, end, tmp, counts);
    for (let i = start; i < end; ) {
      let j = i + 1;
      while (j < end && lo[j] === lo[i] && hi[j] === hi[i]) j++;
      if (j - i > 1 && (lo[i]! & 0xff) === 7) stack.push(i, j, depth + 7);
      i = j;
    }
  }
}

/** Keys and the entries they belong to, moved together by a radix pass. */
interface KeyedEntries {
  readonly rows: Int32Array;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
}

/**
 * Stable LSD radix sort of positions start … end of `order` by (hi, lo), keys moving along. The
 * per-entry loops are functions of their own, called once per pass: inside this function, V8
 * optimized them on the fly (OSR) before the code after the loop had ever run, and that cached
 * code gave up at its end on every one of the ~1,400 calls a 750k-value column makes.
 */
function radixSortRange(order: Int32Array, hi: Uint32Array, lo: Uint32Array, start: number, end: number, tmp: KeyedEntries, counts: Int32Array): void {
  const bits = end - start >= 1 << 16 ? 16 : 8;
  const mask = (1 << bits) - 1;
  let src: KeyedEntries = { rows: order, hi, lo };
  let dst = tmp;
  for (let shift = 0; shift < 64; shift += bits) {
    const word = shift < 32 ? src.lo : src.hi;
    const s = shift & 31;
    countDigits(word, s, mask, start, end, counts);
    // All of one digit: this pass would move nothing.
    if (counts[(word[start]! >>> s) & mask] === end - start) continue;
    scatterByDigit(word, s, mask, start, end, counts, src, dst);
    const moved = src;
    src = dst;
    dst = moved;
  }
  if (src.rows !== order) {
    order.set(src.rows.subarray(start, end), start);
    hi.set(src.hi.subarray(start, end), start);
    lo.set(src.lo.subarray(start, end), start);
  }
}

/**
 * Counts each digit `(word >>> s) & mask` of positions start … end. Nothing follows the loop: a
 * read of `counts` after it made V8's on-the-fly code bail out at its end on most of its calls.
 */
function countDigits(word: Uint32Array, s: number, mask: number, start: number, end: number, counts: Int32Array): void {
  counts.fill(0, 0, mask + 1);
  for (let i = start; i < end; i++) counts[(word[i]! >>> s) & mask]!++;
}

/**
 * Moves positions start … end from `src` to `dst` in order of their digit, stably (`counts` from {@link countDigits}).
 * Its two loops are functions of their own: in one function, V8's on-the-fly code for the first
 * (65,536 digits of 16 bits) bailed out at the second on each call.
 */
function scatterByDigit(word: Uint32Array, s: number, mask: number, start: number, end: number, counts: Int32Array, src: KeyedEntries, dst: KeyedEntries): void {
  digitStarts(counts, mask, start);
  moveByDigit(word, s, mask, start, end, counts, src, dst);
}

/** Turns the digits' counts into where each digit's positions start, from `start` on. */
function digitStarts(counts: Int32Array, mask: number, start: number): void {
  for (let d = 0, sum = start; d <= mask; d++) {
    const c = counts[d]!;
    counts[d] = sum;
    sum += c;
  }
}

/** Moves each position to its digit's next place in `dst`. */
function moveByDigit(word: Uint32Array, s: number, mask: number, start: number, end: number, counts: Int32Array, src: KeyedEntries, dst: KeyedEntries): void {
  for (let i = start; i < end; i++) {
    const to = counts[(word[i]! >>> s) & mask]!++;
    dst.rows[to] = src.rows[i]!;
    dst.hi[to] = src.hi[i]!;
    dst.lo[to] = src.lo[i]!;
  }
}

function insertionSort(bytes: Uint8Array, starts: Int32Array, order: Int32Array, start: number, end: number, depth: number): void {
  for (let i = start + 1; i < end; i++) {
    const x = order[i]!;
    let j = i - 1;
    while (j >= start && compareEntries(bytes, starts, order[j]!, x, depth) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = x;
  }
}
