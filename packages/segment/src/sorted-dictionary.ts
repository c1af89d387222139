/**
 * The sorted dictionary of a STRING column, built straight from the per-frame dictionaries of its
 * pieces. The used values are written once as UTF-8 into one buffer and then sorted, deduplicated
 * and front-coded as bytes, so each string is read about twice in all (strings cost a cache miss
 * each; bytes in one buffer do not). UTF-8 byte order is code point order, which matches
 * JavaScript's code-unit order (Druid's) unless a value holds a supplementary character; then the
 * strings themselves are sorted instead.
 */
import { type DictionaryPart, sortStringIndexes } from '@silt/frame';
import { EncodeScratch } from './encode-scratch.ts';

/** Distinct used values, sorted, as UTF-8 entries of one buffer (arrays may be `scratch` ones). */
export interface SortedDictionary {
  /** Number of distinct values (D). */
  readonly size: number;
  /** UTF-8 bytes of the entries; entry e spans `starts[e]` … `starts[e + 1]`. */
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  /** The entries of the D distinct values, ascending. */
  readonly sorted: Int32Array;
  /** Per piece: its local id → dictionary id (index in ascending order), -1 for unused entries. */
  readonly remaps: Int32Array[];
  /** Whether every byte is ASCII. */
  readonly ascii: boolean;
}

/** Hashed entries before deciding whether deduplicating by hash pays. */
const DEDUPE_PROBE = 1 << 16;
/** Entries per distinct value below which the hash pass is dropped. */
const DEDUPE_MIN_REPEAT = 1.25;

/**
 * Builds the sorted dictionary of the values that some row of some piece uses. Values repeated
 * across pieces are hashed away first when the first 64Ki entries show repeats; the rest are
 * sorted by an MSD radix sort over their bytes, 7 at a time, equal neighbours sharing one id.
 * Work arrays come from `scratch` (the result is valid until it is reused).
 */
export function sortedDictionary(parts: readonly DictionaryPart[], scratch = new EncodeScratch(0)): SortedDictionary {
  const base = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => (base[i + 1] = base[i]! + p.dictionary.length));
  // entryOf[slot]: the entry holding the value of slot (piece base + local id), -1 when unused.
  const entryOf = scratch.i32('entryOf', base[parts.length]!).fill(-1);
  let used = 0;
  parts.forEach(({ dictionary, ids }, i) => {
    const b = base[i]!;
    for (let r = 0; r < ids.length; r++) {
      const id = ids[r]!;
      if (id < 0) continue;
      if (id >= dictionary.length) throw new Error(`String id ${id} is outside its dictionary of ${dictionary.length}`);
      if (entryOf[b + id] !== -1) continue;
      entryOf[b + id] = 0;
      used++;
    }
  });
  let firstSeen: Map<string, number> | null = new Map<string, number>();
  const values = new Array<string>(used);
  let count = 0;
  let entries = 0;
  parts.forEach(({ dictionary }, i) => {
    const b = base[i]!;
    for (let id = 0; id < dictionary.length; id++) {
      if (entryOf[b + id] === -1) continue;
      const value = dictionary[id]!;
      let e = firstSeen?.get(value);
      if (e === undefined) {
        e = count++;
        values[e] = value;
        firstSeen?.set(value, e);
      }
      entryOf[b + id] = e;
      if (++entries === DEDUPE_PROBE && entries < count * DEDUPE_MIN_REPEAT) firstSeen = null;
    }
  });
  values.length = count;

  const { bytes, starts, ascii, supplementary } = utf8Entries(values, scratch);
  const order = scratch.i32('order', values.length);
  for (let e = 0; e < order.length; e++) order[e] = e;
  let repeats: Uint8Array | null = null;
  if (!ascending(bytes, starts)) repeats = supplementary ? sortStringIndexes(values, order) : sortByBytes(bytes, starts, order, scratch);

  const rank = scratch.i32('rank', values.length);
  const sorted = scratch.i32('sorted', values.length);
  let size = 0;
  for (let i = 0; i < order.length; i++) {
    if (!repeats || repeats[i] === 0) sorted[size++] = order[i]!;
    rank[order[i]!] = size - 1;
  }
  for (let s = 0; s < entryOf.length; s++) if (entryOf[s]! >= 0) entryOf[s] = rank[entryOf[s]!]!;
  const remaps = parts.map((_, i) => entryOf.subarray(base[i]!, base[i + 1]!));
  return { size, bytes, starts, sorted: sorted.subarray(0, size), remaps, ascii };
}

/** The UTF-8 bytes of `values` back to back; ASCII is copied unit by unit, the rest via `Buffer.write`. */
function utf8Entries(values: readonly string[], scratch: EncodeScratch): { bytes: Uint8Array; starts: Int32Array; ascii: boolean; supplementary: boolean } {
  let chars = 0;
  for (let e = 0; e < values.length; e++) chars += values[e]!.length;
  let bytes = scratch.u8('utf8', chars + 4096);
  const starts = scratch.i32('starts', values.length + 1);
  starts[0] = 0;
  let at = 0;
  let ascii = true;
  let supplementary = false;
  for (let e = 0; e < values.length; e++) {
    const value = values[e]!;
    if (bytes.length - at < value.length * 3) {
      const grown = scratch.u8('utf8', Math.max(bytes.length * 2, at + value.length * 3));
      if (grown.buffer !== bytes.buffer) grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      if (unit >= 0x80) {
        const start = at;
        at += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).write(value.substring(i), at, 'utf8');
        ascii = false;
        for (let k = start; k < at; k++) if (bytes[k]! >= 0xf0) supplementary = true;
        break;
      }
      bytes[at++] = unit;
    }
    starts[e + 1] = at;
  }
  return { bytes, starts, ascii, supplementary };
}

/** Whether the entries strictly ascend as bytes (time-ordered values arrive so). */
function ascending(bytes: Uint8Array, starts: Int32Array): boolean {
  for (let e = 1; e + 1 < starts.length; e++) if (compareEntries(bytes, starts, e - 1, e, 0) >= 0) return false;
  return true;
}

/** Compares entries a and b from byte `depth` on (bytes before it being equal). */
function compareEntries(bytes: Uint8Array, starts: Int32Array, a: number, b: number, depth: number): number {
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
 * Sorts `order` (entries) by their bytes, in place; returns per sorted position 1 when the entry
 * equals the one before it. Each pass keys a group by its next 7 bytes (0 past the end) and how
 * many of them exist, radix-sorts the group by that u64 and recurses into runs of equal keys
 * whose entries go on.
 */
function sortByBytes(bytes: Uint8Array, starts: Int32Array, order: Int32Array, scratch: EncodeScratch): Uint8Array {
  const n = order.length;
  const repeats = scratch.u8('repeats', n).fill(0);
  const hi = scratch.u32('keyHi', n);
  const lo = scratch.u32('keyLo', n);
  const tmp = { rows: scratch.i32('tmpRows', n), hi: scratch.u32('tmpHi', n), lo: scratch.u32('tmpLo', n) };
  const counts = scratch.i32('counts', 1 << 16);
  const stack: number[] = [0, n, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    if (end - start <= SMALL) {
      insertionSort(bytes, starts, order, start, end, depth, repeats);
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
      if (j - i > 1) {
        if ((lo[i]! & 0xff) === 7) stack.push(i, j, depth + 7);
        else repeats.fill(1, i + 1, j);
      }
      i = j;
    }
  }
  return repeats;
}

/** Stable LSD radix sort of positions start … end of `order` by (hi, lo), keys moving along. */
function radixSortRange(
  order: Int32Array,
  hi: Uint32Array,
  lo: Uint32Array,
  start: number,
  end: number,
  tmp: { rows: Int32Array; hi: Uint32Array; lo: Uint32Array },
  counts: Int32Array,
): void {
  const bits = end - start >= 1 << 16 ? 16 : 8;
  const buckets = 1 << bits;
  const mask = buckets - 1;
  let src = { rows: order, hi, lo };
  let dst = tmp;
  for (let shift = 0; shift < 64; shift += bits) {
    const word = shift < 32 ? src.lo : src.hi;
    const s = shift & 31;
    counts.fill(0, 0, buckets);
    for (let i = start; i < end; i++) counts[(word[i]! >>> s) & mask]!++;
    if (counts[(word[start]! >>> s) & mask] === end - start) continue;
    for (let d = 0, sum = start; d < buckets; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = start; i < end; i++) {
      const to = counts[(word[i]! >>> s) & mask]!++;
      dst.rows[to] = src.rows[i]!;
      dst.hi[to] = src.hi[i]!;
      dst.lo[to] = src.lo[i]!;
    }
    [src, dst] = [dst, src];
  }
  if (src.rows !== order) {
    order.set(src.rows.subarray(start, end), start);
    hi.set(src.hi.subarray(start, end), start);
    lo.set(src.lo.subarray(start, end), start);
  }
}

function insertionSort(bytes: Uint8Array, starts: Int32Array, order: Int32Array, start: number, end: number, depth: number, repeats: Uint8Array): void {
  for (let i = start + 1; i < end; i++) {
    const x = order[i]!;
    let j = i - 1;
    while (j >= start && compareEntries(bytes, starts, order[j]!, x, depth) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = x;
  }
  for (let i = start + 1; i < end; i++) repeats[i] = compareEntries(bytes, starts, order[i - 1]!, order[i]!, depth) === 0 ? 1 : 0;
}
