/**
 * Stable LSD radix sort of u64 keys that yields the sorting permutation (row indexes).
 *
 * Scratch layout for `n` keys (all little-endian, `keys` 8-byte aligned):
 *
 * | offset     | size                 | content                                             |
 * |------------|----------------------|-----------------------------------------------------|
 * | `keys`     | `8 × n`              | u64 keys (input; overwritten during the sort)       |
 * | `keysTmp`  | `8 × n`              | u64 ping-pong buffer                                |
 * | `idx`      | `4 × n`              | u32 ping-pong buffer for row indexes                |
 * | `idxTmp`   | `4 × n`              | u32 ping-pong buffer for row indexes                |
 * | `hist`     | `HIST_BYTES`         | u32 digit histograms, one per pass                  |
 *
 * Only the bits that vary across the keys are sorted on: the kernel XORs every key with the first
 * one, sorts on the span between the lowest and highest differing bit, and splits that span into
 * as few digits of at most `MAX_DIGIT_BITS` bits as possible (a 20-bit span takes two 10-bit
 * passes, equal keys take none). A pass whose digit is the same for every key is skipped too.
 */

/** Widest digit, in bits (2048 buckets of 4 bytes: fits L1 together with the write heads). */
const MAX_DIGIT_BITS: u32 = 11;

/** Most passes a 64-bit span needs with `MAX_DIGIT_BITS`-bit digits. */
const MAX_PASSES: u32 = 6;

/** Bytes the histograms take: `MAX_PASSES` tables of `2^MAX_DIGIT_BITS` u32 counters. */
export const HIST_BYTES: u32 = MAX_PASSES << (MAX_DIGIT_BITS + 2);

@inline
function writeIdentity(idx: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) store<u32>(idx + (<usize>i << 2), i);
}

/**
 * Sorts `n` keys (layout in the module header) and returns the address of the u32 permutation:
 * row indexes in ascending key order, equal keys in input order. The result is at `idx` or
 * `idxTmp`, depending on how many passes ran.
 */
export function radixSortPermutation(keys: usize, keysTmp: usize, idx: usize, idxTmp: usize, hist: usize, n: u32): usize {
  if (n == 0) return idx;
  const first = load<u64>(keys);
  let diff: u64 = 0;
  for (let i: u32 = 0; i < n; i++) diff |= load<u64>(keys + (<usize>i << 3)) ^ first;
  if (diff == 0) {
    writeIdentity(idx, n);
    return idx;
  }

  const low = <u64>ctz<u64>(diff);
  const bits: u32 = 64 - <u32>clz<u64>(diff) - <u32>low;
  const passes: u32 = (bits + MAX_DIGIT_BITS - 1) / MAX_DIGIT_BITS;
  const width: u32 = (bits + passes - 1) / passes;
  const radix = <u32>1 << width;
  const mask = <u64>(radix - 1);

  memory.fill(hist, 0, <usize>(passes * radix) << 2);
  for (let i: u32 = 0; i < n; i++) {
    let k = load<u64>(keys + (<usize>i << 3)) >> low;
    let table = hist;
    for (let p: u32 = 0; p < passes; p++) {
      const slot = table + (<usize>(k & mask) << 2);
      store<u32>(slot, load<u32>(slot) + 1);
      k >>= <u64>width;
      table += <usize>radix << 2;
    }
  }

  let srcKeys = keys;
  let dstKeys = keysTmp;
  let srcIdx = idx;
  let dstIdx = idxTmp;
  let sorted = false;
  for (let p: u32 = 0; p < passes; p++) {
    const table = hist + (<usize>(p * radix) << 2);
    const shift = low + <u64>(p * width);
    if (load<u32>(table + (<usize>((first >> shift) & mask) << 2)) == n) continue;

    let sum: u32 = 0;
    for (let d: u32 = 0; d < radix; d++) {
      const slot = table + (<usize>d << 2);
      const count = load<u32>(slot);
      store<u32>(slot, sum);
      sum += count;
    }

    for (let i: u32 = 0; i < n; i++) {
      const key = load<u64>(srcKeys + (<usize>i << 3));
      const slot = table + (<usize>((key >> shift) & mask) << 2);
      const pos = load<u32>(slot);
      store<u32>(slot, pos + 1);
      store<u64>(dstKeys + (<usize>pos << 3), key);
      store<u32>(dstIdx + (<usize>pos << 2), sorted ? load<u32>(srcIdx + (<usize>i << 2)) : i);
    }
    sorted = true;
    const k = srcKeys;
    srcKeys = dstKeys;
    dstKeys = k;
    const x = srcIdx;
    srcIdx = dstIdx;
    dstIdx = x;
  }
  return srcIdx;
}
