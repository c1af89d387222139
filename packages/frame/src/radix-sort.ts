/**
 * Radix sorts used by frame sorting and dictionary merging: an LSD sort of rows by u64 keys, and
 * an MSD sort of strings that reads several characters at a time as one integer key, so strings
 * sharing long prefixes cost a pass per few characters instead of a full comparison per pair.
 */

/** Rows and their keys in sorted order (the input arrays or the scratch ones). */
export interface SortedU64 {
  readonly rows: Int32Array;
  readonly lo: Uint32Array;
  readonly hi: Uint32Array;
}

/** Arrays a radix sort may use instead of allocating (each at least as long as the input). */
interface RadixScratch {
  readonly rows: Int32Array;
  readonly lo: Uint32Array;
  readonly hi: Uint32Array;
  readonly counts8: Int32Array;
  readonly counts16: Int32Array;
}

function radixScratch(n: number): RadixScratch {
  return {
    rows: new Int32Array(n),
    lo: new Uint32Array(n),
    hi: new Uint32Array(n),
    counts8: new Int32Array(1 << 8),
    counts16: new Int32Array(1 << 16),
  };
}

/**
 * Stable LSD radix sort of `rows` by the u64 keys (hi, lo) at the same positions. Digits that are
 * the same for every key cost no pass. The input arrays may be overwritten.
 */
export function radixSortU64(rows: Int32Array, lo: Uint32Array, hi: Uint32Array): SortedU64 {
  return radixSortWith(rows, lo, hi, radixScratch(rows.length));
}

function radixSortWith(rows: Int32Array, lo: Uint32Array, hi: Uint32Array, scratch: RadixScratch): SortedU64 {
  const n = rows.length;
  const bits = n >= 1 << 16 ? 16 : 8;
  const buckets = 1 << bits;
  const mask = buckets - 1;
  const counts = bits === 16 ? scratch.counts16 : scratch.counts8;
  let srcRows = rows;
  let srcLo = lo;
  let srcHi = hi;
  let dstRows = scratch.rows.subarray(0, n);
  let dstLo = scratch.lo.subarray(0, n);
  let dstHi = scratch.hi.subarray(0, n);
  for (let shift = 0; shift < 64; shift += bits) {
    const word = shift < 32 ? srcLo : srcHi;
    const s = shift & 31;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(word[i]! >>> s) & mask]!++;
    if (n === 0 || counts[(word[0]! >>> s) & mask] === n) continue;
    for (let d = 0, sum = 0; d < buckets; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(word[i]! >>> s) & mask]!++;
      dstRows[at] = srcRows[i]!;
      dstLo[at] = srcLo[i]!;
      dstHi[at] = srcHi[i]!;
    }
    [srcRows, dstRows] = [dstRows, srcRows];
    [srcLo, dstLo] = [dstLo, srcLo];
    [srcHi, dstHi] = [dstHi, srcHi];
  }
  return { rows: srcRows, lo: srcLo, hi: srcHi };
}

/** Groups at most this large are finished by insertion sort. */
const SMALL = 16;
const TWO_32 = 0x100000000;
/** Units per key and key radix while every unit is below U+00FF (unit + 1 fits a byte)… */
const NARROW_UNITS = 6;
const NARROW_RADIX = 256;
/** …and otherwise (unit + 1 takes 17 bits). */
const WIDE_UNITS = 3;
const WIDE_RADIX = 131072;

/**
 * Sorts `order` (indexes into `values`) in place so that the values ascend in UTF-16 code-unit
 * order (JavaScript's `<`, which is Druid's string order). Returns, per sorted position, 1 when
 * the value equals the one before it (equal values end up adjacent). Each pass keys a group of
 * strings by their next 6 code units, 8 bits each, or when one is U+00FF or above by the next 3,
 * 17 bits each (unit + 1, and 0 past the end so that shorter strings come first), radix-sorts the
 * group and recurses into runs of equal keys.
 */
export function sortStringIndexes(values: readonly string[], order: Int32Array): Uint8Array {
  const n = order.length;
  const repeats = new Uint8Array(n);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  const scratch = radixScratch(n);
  const stack: number[] = [0, n, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    if (end - start <= SMALL) {
      insertionSort(values, order, start, end, repeats);
      continue;
    }
    let units = NARROW_UNITS;
    let radix = NARROW_RADIX;
    for (let i = start; i < end; i++) {
      const key = digit(values[order[i]!]!, depth, units, radix);
      if (key < 0) {
        units = WIDE_UNITS;
        radix = WIDE_RADIX;
        i = start - 1;
        continue;
      }
      lo[i] = key % TWO_32;
      hi[i] = Math.floor(key / TWO_32);
    }
    const sorted = radixSortWith(order.subarray(start, end), lo.subarray(start, end), hi.subarray(start, end), scratch);
    if (sorted.rows.buffer !== order.buffer) order.set(sorted.rows, start);
    // Runs of equal keys are sorted further, unless their strings ended (then they are equal).
    const keyLo = sorted.lo;
    const keyHi = sorted.hi;
    for (let i = 0, count = end - start; i < count; ) {
      let j = i + 1;
      while (j < count && keyLo[j] === keyLo[i] && keyHi[j] === keyHi[i]) j++;
      if (j - i > 1) {
        if ((keyHi[i]! * TWO_32 + keyLo[i]!) % radix !== 0) stack.push(start + i, start + j, depth + units);
        else repeats.fill(1, start + i + 1, start + j);
      }
      i = j;
    }
  }
  return repeats;
}

/**
 * `count` code units of `s` from `depth` as one integer, (unit + 1) per place and 0 past the end;
 * -1 when a unit does not fit the radix.
 */
function digit(s: string, depth: number, count: number, radix: number): number {
  let key = 0;
  for (let c = 0; c < count; c++) {
    const at = depth + c;
    const unit = at < s.length ? s.charCodeAt(at) + 1 : 0;
    if (unit >= radix) return -1;
    key = key * radix + unit;
  }
  return key;
}

function insertionSort(values: readonly string[], order: Int32Array, start: number, end: number, repeats: Uint8Array): void {
  for (let i = start + 1; i < end; i++) {
    const x = order[i]!;
    const s = values[x]!;
    let j = i - 1;
    while (j >= start && values[order[j]!]! > s) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = x;
  }
  for (let i = start + 1; i < end; i++) repeats[i] = values[order[i]!] === values[order[i - 1]!] ? 1 : 0;
}
