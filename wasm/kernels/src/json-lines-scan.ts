/**
 * What the NDJSON scanner reports for a chunk of JSON lines and a list of wanted top-level keys,
 * produced alike by the WASM kernel (`Kernels.scanJsonLines`) and its TypeScript reference
 * (`scanJsonLinesReference`).
 */

/** Kind of a wanted key's value in a line. */
export const JsonKind = {
  /** JSON `null`, or the key is missing (also every key of a fallback line). */
  NULL: 0,
  /** A JSON number: `numbers[slot]` is its value, as `Number(text)` reads it (so `-0` stays -0). */
  NUMBER: 1,
  /** A JSON string: `ids[slot]` indexes the key's dictionary. */
  STRING: 3,
  /** JSON `true`. */
  TRUE: 4,
  /** JSON `false`. */
  FALSE: 5,
} as const;

/**
 * The scan of a chunk for `keys` wanted keys. Value arrays are key-major: the value of key `k` in
 * line `i` is at slot `k * lines + i`; `numbers` is meaningful only for NUMBER slots. From the WASM
 * kernel, every array but the dictionaries is a view of the kernels' memory, valid only until the
 * next kernel call on the same thread: read them (or copy what must last) before calling again.
 *
 * A line is split at `\n`; its end leaves out the `\n` and one `\r` before it, and a newline ending
 * the chunk does not start another line. A line is flagged in `fallback` (and all its kinds are
 * NULL) when it must be parsed by `JSON.parse` instead: it is not a valid JSON object (empty lines,
 * garbage, arrays, scalars...), nests arrays/objects more than 1024 deep, writes a key with escapes,
 * gives a wanted key an object or array value, or gives a wanted key a string whose escapes make a
 * lone surrogate or U+0000. A key repeated in a line keeps its last value, as with `JSON.parse`.
 */
export interface JsonLinesScan {
  /** Number of lines (records). */
  readonly lines: number;
  /** Number of wanted keys. */
  readonly keys: number;
  /** Byte offset of each line's start in the chunk. */
  readonly lineStart: Uint32Array;
  /** Byte offset of each line's end. */
  readonly lineEnd: Uint32Array;
  /** 1 where the line must be parsed by `JSON.parse`. */
  readonly fallback: Uint8Array;
  /** `JsonKind` of every slot. */
  readonly kinds: Uint8Array;
  /** Number values (NUMBER slots). */
  readonly numbers: Float64Array;
  /** String ids of STRING slots, indexes into `dictionaries[k]`; -1 in every other slot. */
  readonly ids: Int32Array;
  /** Per key, bit `1 << kind` set for each `JsonKind` the key has in some line (NULL included for fallback lines). */
  readonly kindsSeen: Uint32Array;
  /**
   * Distinct strings of each key (fallback lines excluded), as well-formed UTF-8: first the ASCII
   * ones, then the others, each group in the order the lines first use them.
   */
  readonly dictionaries: readonly Utf8Strings[];
}

/** Distinct strings as UTF-8: string `i` is `bytes[offsets[i], offsets[i + 1])`, and the first `asciiCount` are ASCII. */
export interface Utf8Strings {
  readonly bytes: Uint8Array;
  readonly offsets: Uint32Array;
  readonly asciiCount: number;
}

const UNMATCHABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/;

/**
 * Whether a wanted key can be found by comparing UTF-8 bytes: true unless it holds a lone surrogate
 * or U+FFFD (which invalid bytes in a key also decode to, so bytes and `JSON.parse` could disagree).
 */
export function isByteMatchableKey(key: string): boolean {
  return !UNMATCHABLE.test(key);
}
