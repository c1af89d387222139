import type { FrameColumn, NumericColumn, StringColumn } from './column.ts';
import type { Frame } from './frame.ts';
import { radixSortU64, sortStringIndexes } from './radix-sort.ts';

export { type DictionaryPart, type MergedDictionary, mergeDictionaries } from './dictionary-merge.ts';
export { radixSortU64, sortStringIndexes } from './radix-sort.ts';

/** One key column of a sort: the column's index in the frame and its direction. */
export interface SortKey {
  readonly column: number;
  readonly descending?: boolean;
}

/**
 * Row order of `frame` by `keys` (stable). Nulls sort first ascending and last descending, as in
 * Druid. Strings compare by UTF-16 code units, which matches Druid's UTF-8 byte order for the BMP.
 * Numeric and string keys are sorted without a comparator: one stable pass per key, last key
 * first (a counting sort over dictionary ranks for strings, an LSD radix sort for numbers). Object
 * keys fall back to a comparator sort.
 */
export function sortPermutation(frame: Frame, keys: readonly SortKey[]): Int32Array {
  const n = frame.numRows;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (keys.length === 0 || n < 2) return perm;
  if (keys.every((k) => frame.columns[k.column]!.kind !== 'object')) {
    let order: Int32Array = perm;
    for (let k = keys.length - 1; k >= 0; k--) {
      const column = frame.columns[keys[k]!.column]!;
      const descending = keys[k]!.descending === true;
      order = column.kind === 'string' ? sortByString(column, descending, order) : sortByNumber(column as NumericColumn, descending, order);
    }
    return order;
  }
  const compare = rowComparator(frame, keys);
  const arr = Array.from(perm);
  arr.sort((a, b) => compare(a, b) || a - b);
  perm.set(arr);
  return perm;
}

/** Stable counting sort of `order` by dictionary rank (nulls first ascending, last descending). */
function sortByString(column: StringColumn, descending: boolean, order: Int32Array): Int32Array {
  const size = column.dictionary.length;
  const ranks = dictionaryRanks(column.dictionary);
  const { ids } = column;
  const n = order.length;
  const keys = new Int32Array(n);
  const counts = new Int32Array(size + 2);
  for (let i = 0; i < n; i++) {
    const id = ids[order[i]!]!;
    const key = id < 0 ? (descending ? size : 0) : descending ? size - 1 - ranks[id]! : ranks[id]! + 1;
    keys[i] = key;
    counts[key + 1]!++;
  }
  for (let k = 1; k <= size + 1; k++) counts[k]! += counts[k - 1]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[counts[keys[i]!]!++] = order[i]!;
  return out;
}

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

/**
 * Stable LSD radix sort of `order` by a numeric column. Safe-integer columns sort by their offset
 * from the minimum (so only the digits that vary cost a pass); others by their IEEE-754 bits mapped
 * to an unsigned order. Nulls keep their relative order and go first (ascending) or last.
 */
function sortByNumber(column: NumericColumn, descending: boolean, order: Int32Array): Int32Array {
  const { values, nulls } = column;
  const n = order.length;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const r = order[i]!;
    if (nulls && nulls[r] === 1) {
      nullCount++;
      continue;
    }
    const v = values[r]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isSafeInteger(v)) integral = false;
  }
  const m = n - nullCount;
  const rows = new Int32Array(m);
  const lo = new Uint32Array(m);
  const hi = new Uint32Array(m);
  const nullRows = new Int32Array(nullCount);
  const exact = integral && max - min <= Number.MAX_SAFE_INTEGER;
  for (let i = 0, k = 0, z = 0; i < n; i++) {
    const r = order[i]!;
    if (nulls && nulls[r] === 1) {
      nullRows[z++] = r;
      continue;
    }
    rows[k] = r;
    const v = values[r]!;
    if (exact) {
      const offset = descending ? max - v : v - min;
      lo[k] = offset % 0x100000000;
      hi[k] = Math.floor(offset / 0x100000000);
    } else {
      f64[0] = v === 0 ? 0 : v; // -0 sorts with +0
      let h = f64Words[1]!;
      let l = f64Words[0]!;
      if (h >>> 31 === 1) {
        h = ~h >>> 0;
        l = ~l >>> 0;
      } else {
        h = (h | 0x80000000) >>> 0;
      }
      lo[k] = descending ? ~l >>> 0 : l;
      hi[k] = descending ? ~h >>> 0 : h;
    }
    k++;
  }
  const sorted = radixSortU64(rows, lo, hi).rows;
  const out = new Int32Array(n);
  if (descending) {
    out.set(sorted, 0);
    out.set(nullRows, m);
  } else {
    out.set(nullRows, 0);
    out.set(sorted, nullCount);
  }
  return out;
}

/** A comparator of two row indexes of `frame` by `keys` (0 when equal on every key). */
export function rowComparator(frame: Frame, keys: readonly SortKey[]): (a: number, b: number) => number {
  const comparators = keys.map((k) => columnComparator(frame.columns[k.column]!, k.descending === true));
  return (a, b) => {
    for (const cmp of comparators) {
      const c = cmp(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/**
 * Ranks of a string dictionary: rank[id] orders ids by their string value. A dictionary already
 * in ascending order (a segment's, say) is recognised in one pass; others are radix-sorted.
 */
export function dictionaryRanks(dictionary: readonly string[]): Int32Array {
  const ranks = new Int32Array(dictionary.length);
  let ascending = true;
  for (let i = 1; i < dictionary.length && ascending; i++) ascending = dictionary[i - 1]! < dictionary[i]!;
  if (ascending) {
    for (let i = 0; i < ranks.length; i++) ranks[i] = i;
    return ranks;
  }
  const order = new Int32Array(dictionary.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  sortStringIndexes(dictionary, order);
  for (let rank = 0; rank < order.length; rank++) ranks[order[rank]!] = rank;
  return ranks;
}

/** Compares two strings as Druid does (lexicographic, code-unit order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function columnComparator(column: FrameColumn, descending: boolean): (a: number, b: number) => number {
  const sign = descending ? -1 : 1;
  switch (column.kind) {
    case 'numeric': {
      const { values, nulls } = column;
      return (a, b) => {
        if (nulls) {
          const na = nulls[a] === 1;
          const nb = nulls[b] === 1;
          if (na || nb) return na === nb ? 0 : (na ? -1 : 1) * sign;
        }
        const x = values[a]!;
        const y = values[b]!;
        return (x < y ? -1 : x > y ? 1 : 0) * sign;
      };
    }
    case 'string': {
      const ranks = dictionaryRanks(column.dictionary);
      const { ids } = column;
      return (a, b) => {
        const ia = ids[a]!;
        const ib = ids[b]!;
        const ra = ia < 0 ? -1 : ranks[ia]!;
        const rb = ib < 0 ? -1 : ranks[ib]!;
        return (ra - rb) * sign;
      };
    }
    case 'object': {
      const { values } = column;
      return (a, b) => compareValues(values[a], values[b]) * sign;
    }
  }
}

/** Compares two plain values: null first, numbers numerically, everything else as strings. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return compareStrings(sa, sb);
}
