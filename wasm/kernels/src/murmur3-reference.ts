/**
 * Plain TypeScript MurmurHash3_x86_32, the reference the WASM kernel is tested against. Equal to
 * Guava's `Hashing.murmur3_32(seed).hashBytes(bytes).asInt()`, which Druid's `murmur3_32_abs`
 * partition function uses.
 */
import { badRowError, rowCount } from './row-offsets.ts';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/**
 * MurmurHash3_x86_32 of `bytes[start, end)` with `seed` (taken as a 32-bit int), as a signed i32
 * (Guava's `asInt()`).
 *
 * @example
 * murmur3Reference(new TextEncoder().encode('hello'), 0, 5); // 0x248bfa47
 */
export function murmur3Reference(bytes: Uint8Array, start: number, end: number, seed = 0): number {
  let h = seed | 0;
  const len = end - start;
  const blocksEnd = start + (len & ~3);
  let i = start;
  for (; i < blocksEnd; i += 4) {
    const k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h ^= mixK1(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail !== 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[i + 2]! << 16;
    if (tail >= 2) k ^= bytes[i + 1]! << 8;
    k ^= bytes[i]!;
    h ^= mixK1(k);
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Hashes every row of `bytes` (row `i` is `bytes[offsets[i], offsets[i + 1])`), one i32 per row.
 * Throws a RangeError if a row is not inside `bytes`.
 */
export function murmur3RowsReference(bytes: Uint8Array, offsets: Int32Array, seed = 0): Int32Array {
  const n = rowCount(bytes, offsets);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (end < start || end > bytes.length) throw badRowError(i, bytes, offsets);
    out[i] = murmur3Reference(bytes, start, end, seed);
  }
  return out;
}
