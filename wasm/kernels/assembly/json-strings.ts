/**
 * String helpers of the NDJSON kernel (`json-lines.ts`): a cheap 64-bit multiply hash, byte
 * equality, JSON unescaping into UTF-8, and ASCII and UTF-8 tests. Hash and equality read whole 8-byte
 * words, so up to 7 bytes past a string's end are read (and masked off): callers keep that slack
 * readable.
 */

const K1: u64 = 0x9e3779b97f4a7c15;
const K2: u64 = 0xff51afd7ed558ccd;

/** The low `n` bytes (0..7) of the 8-byte word at `p`. */
@inline
function loadPartial(p: usize, n: usize): u64 {
  return n == 0 ? 0 : load<u64>(p) & (<u64>0xffffffffffffffff >> (<u64>(8 - n) << 3));
}

/** A 32-bit hash of `bytes[p, p + len)` with `seed` (not a published hash: only used in tables). */
export function hashBytes(p: usize, len: usize, seed: u64): u32 {
  let h: u64 = (seed + <u64>len) * K1;
  const end = p + len;
  while (p + 8 <= end) {
    h = (h ^ load<u64>(p)) * K2;
    h ^= h >> 29;
    p += 8;
  }
  h = (h ^ loadPartial(p, end - p)) * K1;
  h ^= h >> 32;
  h *= K2;
  h ^= h >> 29;
  return <u32>h;
}

/** Whether `bytes[a, a + len)` equals `bytes[b, b + len)`. */
export function bytesEqual(a: usize, b: usize, len: usize): bool {
  const end = a + len;
  while (a + 8 <= end) {
    if (load<u64>(a) != load<u64>(b)) return false;
    a += 8;
    b += 8;
  }
  const rest = end - a;
  return loadPartial(a, rest) == loadPartial(b, rest);
}

@inline
function hexValue(c: u32): u32 {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}

@inline
function hex4Value(p: usize): u32 {
  return (hexValue(load<u8>(p)) << 12) | (hexValue(load<u8>(p + 1)) << 8) | (hexValue(load<u8>(p + 2)) << 4) | hexValue(load<u8>(p + 3));
}

/**
 * Writes the value of the JSON string body `src[0, len)` (already validated by `scanString`, with no
 * lone surrogate escapes) to `dst` as UTF-8; returns the number of bytes written (never more than
 * `len`). Raw bytes are copied as they are.
 */
export function unescapeString(src: usize, len: usize, dst: usize): usize {
  const end = src + len;
  const start = dst;
  while (src < end) {
    const c = load<u8>(src);
    if (c != 0x5c) {
      store<u8>(dst++, c);
      src++;
      continue;
    }
    const e = load<u8>(src + 1);
    if (e != 0x75) {
      let out: u8 = e; // `"`, `\` and `/` stand for themselves
      if (e == 0x62) out = 0x08;
      else if (e == 0x66) out = 0x0c;
      else if (e == 0x6e) out = 0x0a;
      else if (e == 0x72) out = 0x0d;
      else if (e == 0x74) out = 0x09;
      store<u8>(dst++, out);
      src += 2;
      continue;
    }
    let cp = hex4Value(src + 2);
    src += 6;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (hex4Value(src + 2) - 0xdc00);
      src += 6;
    }
    if (cp < 0x80) {
      store<u8>(dst++, <u8>cp);
    } else if (cp < 0x800) {
      store<u8>(dst++, <u8>(0xc0 | (cp >> 6)));
      store<u8>(dst++, <u8>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      store<u8>(dst++, <u8>(0xe0 | (cp >> 12)));
      store<u8>(dst++, <u8>(0x80 | ((cp >> 6) & 0x3f)));
      store<u8>(dst++, <u8>(0x80 | (cp & 0x3f)));
    } else {
      store<u8>(dst++, <u8>(0xf0 | (cp >> 18)));
      store<u8>(dst++, <u8>(0x80 | ((cp >> 12) & 0x3f)));
      store<u8>(dst++, <u8>(0x80 | ((cp >> 6) & 0x3f)));
      store<u8>(dst++, <u8>(0x80 | (cp & 0x3f)));
    }
  }
  return dst - start;
}

/** Whether `bytes[p, p + len)` are all ASCII. */
export function isAscii(p: usize, len: usize): bool {
  const end = p + len;
  let high: u64 = 0;
  while (p + 8 <= end) {
    high |= load<u64>(p);
    p += 8;
  }
  high |= loadPartial(p, end - p);
  return (high & 0x8080808080808080) == 0;
}

@inline
function isContinuation(p: usize): bool {
  return (load<u8>(p) & 0xc0) == 0x80;
}

/** Whether `bytes[p, p + len)` are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF). */
export function isWellFormedUtf8(p: usize, len: usize): bool {
  const end = p + len;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c < 0x80) {
      p++;
      continue;
    }
    let n: usize;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
    } else {
      return false;
    }
    if (p + n > end) return false;
    for (let i: usize = 1; i < n; i++) if (!isContinuation(p + i)) return false;
    const c1 = <u32>load<u8>(p + 1);
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) || (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f)) return false;
    p += n;
  }
  return true;
}
