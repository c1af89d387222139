/**
 * MurmurHash3_x86_32 over many rows in one call, bit-compatible with Guava's
 * `Hashing.murmur3_32(seed).hashBytes(bytes).asInt()`.
 *
 * Scratch layout for `n` rows over a byte buffer of `len` bytes (all little-endian):
 *
 * | offset                 | size            | content                                          |
 * |------------------------|-----------------|--------------------------------------------------|
 * | `data`                 | `len`, padded   | the row bytes, back to back                      |
 * | `offsets`              | `4 × (n + 1)`   | i32 row bounds: row `i` is `data[offsets[i], offsets[i+1])` |
 * | `out`                  | `4 × n`         | i32 result per row (hash, or bucket id)          |
 *
 * The 1 to 3 tail bytes of a row are read with one 4-byte load and masked, so up to 3 bytes past
 * the end of `data` are read (but ignored): they must be inside reserved memory, which the
 * `offsets` array that follows guarantees.
 */

@inline
function mixK1(k: u32): u32 {
  return rotl<u32>(k * 0xcc9e2d51, 15) * 0x1b873593;
}

@inline
function mixH1(h: u32, k1: u32): u32 {
  return rotl<u32>(h ^ k1, 13) * 5 + 0xe6546b64;
}

@inline
function hashRange(ptr: usize, len: u32, seed: u32): u32 {
  let h = seed;
  const blocksEnd = ptr + <usize>(len & ~3);
  let p = ptr;
  while (p < blocksEnd) {
    h = mixH1(h, mixK1(load<u32>(p)));
    p += 4;
  }
  const tail = len & 3;
  if (tail != 0) {
    const k1 = load<u32>(p) & (<u32>0xffffffff >>> ((4 - tail) << 3));
    h ^= mixK1(k1);
  }
  h ^= len;
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  h ^= h >>> 16;
  return h;
}

/**
 * Hashes `n` rows (layout in the module header) with `seed`, writing one i32 per row to `out`.
 * Returns -1 on success, or the index of the first row whose bounds are decreasing or past `len`
 * (rows before it are hashed, the rest are not).
 */
export function murmur3Rows(data: usize, len: i32, offsets: usize, n: i32, seed: u32, out: usize): i32 {
  let start = load<i32>(offsets);
  for (let i = 0; i < n; i++) {
    const end = load<i32>(offsets + (<usize>(i + 1) << 2));
    if (end < start || end > len) return i;
    store<u32>(out + (<usize>i << 2), hashRange(data + <usize>start, <u32>(end - start), seed));
    start = end;
  }
  return -1;
}

/**
 * Like `murmur3Rows`, but writes Druid's `murmur3_32_abs` bucket id per row:
 * `abs(hash % numBuckets)` with a signed (Java) remainder. `numBuckets` must be at least 1.
 */
export function murmur3Buckets(data: usize, len: i32, offsets: usize, n: i32, seed: u32, numBuckets: i32, out: usize): i32 {
  let start = load<i32>(offsets);
  for (let i = 0; i < n; i++) {
    const end = load<i32>(offsets + (<usize>(i + 1) << 2));
    if (end < start || end > len) return i;
    const h = <i32>hashRange(data + <usize>start, <u32>(end - start), seed);
    const r = h % numBuckets;
    store<i32>(out + (<usize>i << 2), r < 0 ? -r : r);
    start = end;
  }
  return -1;
}
