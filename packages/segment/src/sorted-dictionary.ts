/**
 * The sorted dictionary of a STRING column, built straight from the UTF-8 dictionaries of its
 * pieces (as frame files store them), with no JavaScript string per value. The used entries are
 * copied once into one buffer; when they already ascend (time-ordered values arrive so) they are
 * distinct and sorted and nothing else is done; otherwise they are deduplicated by a hash of their
 * bytes and sorted as bytes. UTF-8 byte order is code point order, which matches JavaScript's
 * code-unit order (Druid's) unless a value holds a supplementary character; then the distinct
 * values are decoded and sorted as strings instead.
 */
import { type StringBytesColumn, sortStringIndexes } from '@silt/frame';
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

/**
 * Builds the sorted dictionary of the values that some row of some piece uses (each piece's ids
 * cover exactly its rows). Work arrays come from `scratch` (the result is valid until it is
 * reused).
 */
export function sortedDictionary(parts: readonly StringBytesColumn[], scratch = new EncodeScratch(0)): SortedDictionary {
  const base = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => (base[i + 1] = base[i]! + p.offsets.length - 1));
  // entryOf[slot]: the entry holding the value of slot (piece base + local id), -1 when unused.
  const entryOf = scratch.i32('entryOf', base[parts.length]!).fill(-1);
  let used = 0;
  let usedBytes = 0;
  parts.forEach(({ offsets, ids }, i) => {
    const b = base[i]!;
    const size = offsets.length - 1;
    for (let r = 0; r < ids.length; r++) {
      const id = ids[r]!;
      if (id < 0) continue;
      if (id >= size) throw new Error(`String id ${id} is outside its dictionary of ${size}`);
      if (entryOf[b + id] !== -1) continue;
      entryOf[b + id] = 0;
      used++;
      usedBytes += offsets[id + 1]! - offsets[id]!;
    }
  });

  // The used entries in slot order, back to back.
  const bytes = scratch.u8('utf8', usedBytes);
  const starts = scratch.i32('starts', used + 1);
  starts[0] = 0;
  let at = 0;
  let e = 0;
  let orBytes = 0;
  let ascending = true;
  parts.forEach(({ data, offsets }, i) => {
    const b = base[i]!;
    for (let id = 0; id + 1 < offsets.length; id++) {
      if (entryOf[b + id] === -1) continue;
      const end = offsets[id + 1]!;
      for (let k = offsets[id]!; k < end; k++) orBytes |= bytes[at++] = data[k]!;
      starts[e + 1] = at;
      if (ascending && e > 0 && compareEntries(bytes, starts, e - 1, e) >= 0) ascending = false;
      entryOf[b + id] = e++;
    }
  });
  const ascii = orBytes < 0x80;
  const remaps = parts.map((_, i) => entryOf.subarray(base[i]!, base[i + 1]!));
  // Ascending bytes are ascending code units too, unless a supplementary character is among them.
  if (ascending && (ascii || !hasSupplementary(bytes, at))) {
    const sorted = scratch.i32('sorted', used);
    for (let k = 0; k < used; k++) sorted[k] = k;
    return { size: used, bytes, starts, sorted, remaps, ascii };
  }

  // Distinct entries, compacted in place (an entry only moves down), then sorted.
  const size = dedupeEntries(bytes, starts, used, entryOf, scratch);
  const order = scratch.i32('sorted', size);
  for (let k = 0; k < size; k++) order[k] = k;
  if (!ascii && hasSupplementary(bytes, starts[size]!)) sortStringIndexes(decodeEntries(bytes, starts, size), order);
  else sortByBytes(bytes, starts, order, scratch);
  const rank = scratch.i32('rank', size);
  for (let k = 0; k < size; k++) rank[order[k]!] = k;
  for (let s = 0; s < entryOf.length; s++) if (entryOf[s]! >= 0) entryOf[s] = rank[entryOf[s]!]!;
  // Entries are now numbered in ascending order; `order` maps that number to the entry's bytes.
  return { size, bytes, starts, sorted: order, remaps, ascii };
}

/**
 * Drops repeated entries from the `count` entries of `bytes` / `starts` (keeping first ones, in
 * order) and renumbers `entryOf` to the kept entries; returns how many are kept. Entries are
 * found by an FNV-1a hash of their bytes in an open-addressing table whose slots hold the kept
 * entry and its hash side by side (one cache miss per probe; the table is megabytes).
 */
function dedupeEntries(bytes: Uint8Array, starts: Int32Array, count: number, entryOf: Int32Array, scratch: EncodeScratch): number {
  let capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  const mask = capacity - 1;
  const table = scratch.i32('hashTable', capacity * 2).fill(-1);
  const keptAs = scratch.i32('keptAs', count);
  let kept = 0;
  let to = 0;
  for (let e = 0; e < count; e++) {
    const start = starts[e]!;
    const end = starts[e + 1]!;
    let h = 0x811c9dc5 | 0;
    for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const other = table[slot * 2]!;
      if (other === -1) {
        table[slot * 2] = kept;
        table[slot * 2 + 1] = h;
        if (to !== start) bytes.copyWithin(to, start, end);
        to += end - start;
        // starts[kept] was set by the entry before (and equals `to` before this entry).
        starts[kept + 1] = to;
        keptAs[e] = kept++;
        break;
      }
      if (table[slot * 2 + 1] === h && equalBytes(bytes, starts[other]!, starts[other + 1]!, start, end)) {
        keptAs[e] = other;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  for (let s = 0; s < entryOf.length; s++) if (entryOf[s]! >= 0) entryOf[s] = keptAs[entryOf[s]!]!;
  return kept;
}

function equalBytes(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (; a < aEnd; a++, b++) if (bytes[a] !== bytes[b]) return false;
  return true;
}

/** Whether any of the first `length` bytes starts a 4-byte UTF-8 sequence (a supplementary character). */
function hasSupplementary(bytes: Uint8Array, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[k]! >= 0xf0) return true;
  return false;
}

function decodeEntries(bytes: Uint8Array, starts: Int32Array, count: number): string[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: count }, (_, e) => buffer.toString('utf8', starts[e]!, starts[e + 1]!));
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
 * keys that ends within the 7 bytes holds one entry).
 */
function sortByBytes(bytes: Uint8Array, starts: Int32Array, order: Int32Array, scratch: EncodeScratch): void {
  const n = order.length;
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
