/**
 * Token scanners of the NDJSON kernel (`json-lines.ts`): each takes the address of a token's first
 * byte and returns the address just past it (0 when the bytes are not valid JSON there). They never
 * cross a newline: `\n` is neither whitespace nor allowed inside a token, so every scan of a line
 * stops at its newline, and the kernel puts a `\n` sentinel after the last line. Scans may read up
 * to `SCAN_SLACK` bytes past that sentinel (16-byte SIMD loads, 4-digit escapes, 8-byte compares).
 *
 * With SIMD (the default build), string bodies are searched 16 bytes at a time for `"`, `\` and
 * control bytes; a build without SIMD (`--disable simd` is the default of asc) tests byte by byte.
 */

/** Bytes past the sentinel the scanners may read: the host must keep them inside reserved memory. */
export const SCAN_SLACK: u32 = 32;

/** Deepest nesting of arrays and objects the validator follows; deeper lines fall back to the host. */
export const MAX_DEPTH: i32 = 1024;

/** `scanString` flag: the string holds escapes (its value is not its raw bytes). */
export const STRING_ESCAPED: u32 = 1;
/** `scanString` flag: an escape makes a lone surrogate or U+0000 (no exact UTF-8 value / a null byte). */
export const STRING_SPECIAL: u32 = 2;

/** Flags of the last string `scanString` accepted. */
export let stringFlags: u32 = 0;
/** Value of the last number `scanNumber` accepted, when `numberExact`. */
export let numberValue: f64 = 0;
/** Whether `numberValue` is the number's exact IEEE value (mantissa < 2^53, |exponent| <= 22). */
export let numberExact: bool = false;

/** 10^0 .. 10^22: every one is an exact double. */
const POW10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
]);

/** Skips JSON whitespace other than `\n` (space, tab, `\r`). */
@inline
export function skipWs(p: usize): usize {
  let c = load<u8>(p);
  while (c == 0x20 || c == 0x09 || c == 0x0d) c = load<u8>(++p);
  return p;
}

/** Address of the first `"`, `\` or control byte (< 0x20) at or after `p`. */
@inline
function findStringStop(p: usize): usize {
  if (ASC_FEATURE_SIMD) {
    while (true) {
      const v = v128.load(p);
      const stops = v128.or(
        v128.or(i8x16.eq(v, i8x16.splat(0x22)), i8x16.eq(v, i8x16.splat(0x5c))),
        i8x16.lt_u(v, i8x16.splat(0x20)),
      );
      const bits = i8x16.bitmask(stops);
      if (bits != 0) return p + <usize>ctz<i32>(bits);
      p += 16;
    }
  }
  let c = load<u8>(p);
  while (c != 0x22 && c != 0x5c && c >= 0x20) c = load<u8>(++p);
  return p;
}

/** Address of the first `\n` at or after `p` (the sentinel guarantees one). */
export function findNewline(p: usize): usize {
  if (ASC_FEATURE_SIMD) {
    while (true) {
      const bits = i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(0x0a)));
      if (bits != 0) return p + <usize>ctz<i32>(bits);
      p += 16;
    }
  }
  while (load<u8>(p) != 0x0a) p++;
  return p;
}

/** Number of `\n` bytes in `[p, end)`. */
export function countNewlines(p: usize, end: usize): u32 {
  let count: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    while (p + 16 <= end) {
      count += <u32>popcnt<i32>(i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(0x0a))));
      p += 16;
    }
  }
  while (p < end) {
    if (load<u8>(p) == 0x0a) count++;
    p++;
  }
  return count;
}

@inline
function hexDigit(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const letter = (c | 0x20) - 0x61;
  return letter < 6 ? <i32>letter + 10 : -1;
}

/** The code unit of the 4 hex digits at `p`, or -1. */
export function hex4(p: usize): i32 {
  const a = hexDigit(load<u8>(p));
  const b = hexDigit(load<u8>(p + 1));
  const c = hexDigit(load<u8>(p + 2));
  const d = hexDigit(load<u8>(p + 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

/**
 * Scans a string body from `p` (just past the opening quote); returns the address of the closing
 * quote, or 0. Sets `stringFlags`.
 */
export function scanString(p: usize): usize {
  let flags: u32 = 0;
  while (true) {
    p = findStringStop(p);
    const c = load<u8>(p);
    if (c == 0x22) {
      stringFlags = flags;
      return p;
    }
    if (c != 0x5c) return 0; // a control byte: raw newline, tab, NUL... are not allowed in JSON strings
    flags |= STRING_ESCAPED;
    const e = load<u8>(p + 1);
    if (e == 0x75) {
      const unit = hex4(p + 2);
      if (unit < 0) return 0;
      p += 6;
      if (unit >= 0xd800 && unit <= 0xdbff) {
        if (load<u8>(p) == 0x5c && load<u8>(p + 1) == 0x75) {
          const low = hex4(p + 2);
          if (low >= 0xdc00 && low <= 0xdfff) {
            p += 6;
            continue;
          }
        }
        flags |= STRING_SPECIAL;
      } else if (unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff)) {
        flags |= STRING_SPECIAL;
      }
    } else if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) {
      p += 2;
    } else {
      return 0;
    }
  }
}

/**
 * Scans an object key body from `p` (just past its opening quote); returns the address of the
 * closing quote, or 0 when it is invalid or holds an escape (escaped keys are left to the host).
 */
export function scanKey(p: usize): usize {
  p = findStringStop(p);
  return load<u8>(p) == 0x22 ? p : 0;
}

/**
 * Scans a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`) at `p`; returns the address
 * past it, or 0. Sets `numberExact` and, when exact, `numberValue`: the decimal is read as up to 19
 * significant digits `w` and a power of ten `e`, and `w * 10^e` (or `w / 10^-e`) is one correctly
 * rounded IEEE operation when `w <= 2^53` and `|e| <= 22` (Clinger's fast path), so it equals what
 * `Number()` returns. Other numbers are left to the host.
 */
export function scanNumber(p: usize): usize {
  const negative = load<u8>(p) == 0x2d;
  if (negative) p++;
  let c = <u32>load<u8>(p);
  let w: u64 = 0;
  let digits = 0;
  let e10: i32 = 0;
  let exact = true;
  if (c == 0x30) {
    c = load<u8>(++p);
  } else if (c - 0x31 < 9) {
    do {
      if (digits < 19) {
        w = w * 10 + <u64>(c - 0x30);
        digits++;
      } else {
        e10++;
        if (c != 0x30) exact = false;
      }
      c = load<u8>(++p);
    } while (c - 0x30 < 10);
  } else {
    return 0;
  }
  if (c == 0x2e) {
    c = load<u8>(++p);
    if (c - 0x30 >= 10) return 0;
    do {
      if (w == 0 && c == 0x30) {
        e10--;
      } else if (digits < 19) {
        w = w * 10 + <u64>(c - 0x30);
        digits++;
        e10--;
      } else if (c != 0x30) {
        exact = false;
      }
      c = load<u8>(++p);
    } while (c - 0x30 < 10);
  }
  if ((c | 0x20) == 0x65) {
    c = load<u8>(++p);
    const negativeExponent = c == 0x2d;
    if (c == 0x2d || c == 0x2b) c = load<u8>(++p);
    if (c - 0x30 >= 10) return 0;
    let e: i32 = 0;
    do {
      if (e < 100000) e = e * 10 + <i32>(c - 0x30);
      c = load<u8>(++p);
    } while (c - 0x30 < 10);
    e10 += negativeExponent ? -e : e;
  }
  if (w == 0) {
    numberValue = negative ? -0.0 : 0.0;
    numberExact = true;
  } else if (exact && w <= <u64>9007199254740992 && e10 >= -22 && e10 <= 22) {
    let v = <f64>w;
    if (e10 > 0) v *= load<f64>(POW10 + (<usize>e10 << 3));
    else if (e10 < 0) v /= load<f64>(POW10 + (<usize>-e10 << 3));
    numberValue = negative ? -v : v;
    numberExact = true;
  } else {
    numberExact = false;
  }
  return p;
}

/** Scans a string, number, `true`, `false` or `null` at `p`; returns the address past it, or 0. */
export function scanScalar(p: usize): usize {
  const c = load<u8>(p);
  if (c == 0x22) {
    const end = scanString(p + 1);
    return end == 0 ? 0 : end + 1;
  }
  if (c == 0x2d || c - 0x30 < 10) return scanNumber(p);
  const word = load<u32>(p);
  if (word == 0x65757274 /* true */ || word == 0x6c6c756e /* null */) return p + 4;
  if (word == 0x736c6166 /* fals */ && load<u8>(p + 4) == 0x65) return p + 5;
  return 0;
}

/** Scans `"key" :` (with whitespace) at `p`; returns the address of the member's value, or 0. */
function scanMemberName(p: usize): usize {
  if (load<u8>(p) != 0x22) return 0;
  const end = scanString(p + 1);
  if (end == 0) return 0;
  p = skipWs(end + 1);
  if (load<u8>(p) != 0x3a) return 0;
  return skipWs(p + 1);
}

/**
 * Validates the array or object at `p` (its `[` or `{`), nested values included; returns the
 * address past its closing bracket, or 0 when it is invalid or nests deeper than `MAX_DEPTH`.
 * `stack` is `MAX_DEPTH` bytes of scratch.
 */
export function skipNested(p: usize, stack: usize): usize {
  let depth: i32 = 0;
  while (true) {
    const c = load<u8>(p);
    if (c == 0x7b || c == 0x5b) {
      if (depth == MAX_DEPTH) return 0;
      store<u8>(stack + <usize>depth, c);
      depth++;
      p = skipWs(p + 1);
      if (load<u8>(p) == c + 2) {
        depth--;
        p++;
      } else {
        if (c == 0x7b) {
          p = scanMemberName(p);
          if (p == 0) return 0;
        }
        continue;
      }
    } else {
      p = scanScalar(p);
      if (p == 0) return 0;
    }
    // A value is complete: close containers or move to the next element.
    while (true) {
      if (depth == 0) return p;
      p = skipWs(p);
      const next = load<u8>(p);
      const open = load<u8>(stack + <usize>(depth - 1));
      if (next == 0x2c) {
        p = skipWs(p + 1);
        if (open == 0x7b) {
          p = scanMemberName(p);
          if (p == 0) return 0;
        }
        break;
      }
      if (next != open + 2) return 0; // `{` + 2 is `}`, `[` + 2 is `]`
      depth--;
      p++;
    }
  }
}
