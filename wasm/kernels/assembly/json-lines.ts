/**
 * NDJSON scanner: reads the wanted top-level keys of every line of a chunk of JSON lines in one
 * call, validating each line as `JSON.parse` would, and deduplicates string values per key.
 *
 * Lines are split at `\n` only; a line's end excludes its `\n` and one `\r` before it. A line is
 * flagged for the host's fallback parser (`JSON.parse`) when it is not a JSON object, is not valid
 * JSON, nests deeper than `MAX_DEPTH`, has a key written with escapes, has an object or array as the
 * value of a wanted key, or has a wanted string whose escapes make a lone surrogate or U+0000. Keys
 * are matched by their raw UTF-8 bytes; a repeated key keeps its last value (like `JSON.parse`).
 *
 * The call is described by a header of 24 u32 words (little-endian) at `header`:
 *
 * | word | name        | content                                                                    |
 * |------|-------------|----------------------------------------------------------------------------|
 * | 0    | data        | address of the chunk's bytes; the kernel writes a `\n` sentinel at `data + len`, and `JSON_SLACK_BYTES` more bytes after it must be reserved |
 * | 1    | len         | chunk length in bytes                                                      |
 * | 2    | lines       | number of lines, from `jsonCountLines`                                     |
 * | 3    | keys        | number of wanted keys `K` (distinct)                                       |
 * | 4    | keyTable    | `K` pairs of u32 (address, length) of each key's UTF-8 bytes; 8 readable bytes must follow each key |
 * | 5    | lineStart   | out: `lines` u32, offset in the chunk of each line's first byte            |
 * | 6    | lineEnd     | out: `lines` u32, offset of each line's end                                |
 * | 7    | fallback    | out: `lines` u8, 1 when the line must be parsed by the host                |
 * | 8    | kinds       | out: `K × lines` u8, kind of key `k` in line `i` at `k * lines + i` (0 for every key of a fallback line) |
 * | 9    | values      | out: `K × lines` u64 (8-aligned), same indexing: kind 1 an f64; kind 2 the number's text as u32 offset (low) and u32 length (high) in the chunk |
 * | 10   | ids         | out: `K × lines` i32, same indexing: kind 3 the string's id among its key's strings, -1 for other kinds |
 * | 11   | entries     | scratch: room for `C = min(K × lines, len / 5 + 1)` dictionary entries of `JSON_ENTRY_BYTES` (`json-dictionary.ts`) |
 * | 12   | table       | scratch: room for `tableMask + 1` hash slots of 8 bytes, a power of two of at least `2 × C` (the table starts smaller and doubles) |
 * | 13   | tableMask   | hash slots minus one                                                       |
 * | 14   | arena       | scratch: `len + 8` bytes where escaped strings are unescaped               |
 * | 15   | dictBytes   | out: key after key, its strings' unescaped UTF-8 bytes (possibly ill-formed) back to back in id order (`json-dictionary.ts`); room for `len + 8` bytes |
 * | 16   | dictOffsets | out: key after key, `count + 1` u32 offsets of its strings relative to its first byte; room for `C + K` u32 |
 * | 17   | work        | scratch: `jsonWorkBytes(K, C)` bytes                                       |
 * | 18   | stringCount | out: number of distinct strings                                            |
 * | 19   | numberTexts | out: number of kind-2 values                                               |
 * | 20   | dictLength  | out: number of bytes written to `dictBytes`                                |
 * | 21   | keyCounts   | out: `K` pairs of u32, each key's number of strings and of ASCII strings   |
 * | 22   | illFormed   | out: number of distinct strings whose bytes are not well-formed UTF-8 (two of a key may then decode to the same value) |
 * | 23   | kindsSeen   | out: `K` u32, bit `1 << kind` set for every kind key `k` has in some line |
 *
 * Kinds: 0 null or missing, 1 number (exact), 2 number left to the host (its text: more than 2^53
 * or an exponent beyond ±22), 3 string, 4 `true`, 5 `false`. A string's value is its unescaped UTF-8
 * bytes; strings are deduplicated per key by those bytes, key `k`'s ASCII strings taking the first
 * ids, and key `k`'s string with id `i` is the `i`-th of its strings in `dictBytes`. Only lines
 * that are not flagged add strings.
 */
import { dictionaryFinish, dictionaryIllFormed, dictionaryReset, dictionarySize, ENTRY_BYTES, finalId, finishWorkBytes, intern, memoBytes } from './json-dictionary';
import { bytesEqual, hashBytes } from './json-strings';
import {
  MAX_DEPTH,
  SCAN_SLACK,
  STRING_ESCAPED,
  STRING_SPECIAL,
  countNewlines,
  findNewline,
  numberExact,
  numberValue,
  scanKey,
  scanNumber,
  scanScalar,
  scanString,
  skipNested,
  skipWs,
  stringFlags,
} from './json-tokens';

/** Bytes of the call header. */
export const JSON_HEADER_BYTES: u32 = 24 << 2;
/** Bytes after the sentinel the scan may read. */
export const JSON_SLACK_BYTES: u32 = SCAN_SLACK;
/** Bytes of one dictionary entry. */
export const JSON_ENTRY_BYTES: u32 = ENTRY_BYTES;

const KIND_NUMBER: u8 = 1;
const KIND_NUMBER_TEXT: u8 = 2;
const KIND_STRING: u8 = 3;
const KIND_TRUE: u8 = 4;
const KIND_FALSE: u8 = 5;
/** Internal: a raw string waiting for its line to end (value slot: offset, length). */
const KIND_PENDING: u8 = 6;
/** Internal: like KIND_PENDING, with escapes. */
const KIND_PENDING_ESCAPED: u8 = 7;

/** Key positions of the previous line remembered, to match keys in the same order without hashing. */
const PREDICTED: u32 = 64;
const NO_PREDICTION: u32 = 0xffffffff;

let data: usize = 0;
let lines: u32 = 0;
let keyCount: u32 = 0;
let keyTable: usize = 0;
let kinds: usize = 0;
let values: usize = 0;
let ids: usize = 0;
let keySlots: usize = 0;
let keySlotMask: u32 = 0;
let pending: usize = 0;
let pendingCount: u32 = 0;
let stamps: usize = 0;
let predAddr: usize = 0;
let predLen: usize = 0;
let predKey: usize = 0;
let stack: usize = 0;
let finishWork: usize = 0;
let memo: usize = 0;
let sentinel: usize = 0;
let lineNumberTexts: u32 = 0;

@inline
function keySlotsFor(keys: u32): u32 {
  let n: u32 = 16;
  while (n < keys * 4) n <<= 1;
  return n;
}

/** Scratch bytes (`work` in the header) a scan of `keys` wanted keys with room for `capacity` strings needs. */
export function jsonWorkBytes(keys: u32, capacity: u32): u32 {
  return (keySlotsFor(keys) << 2) + keys * 8 + PREDICTED * 12 + <u32>MAX_DEPTH + memoBytes(keys) + finishWorkBytes(keys, capacity);
}

/** Number of lines (records) in `data[0, len)`: a newline ending the data does not start another. */
export function jsonCountLines(data: usize, len: u32): u32 {
  const n = countNewlines(data, data + len);
  return len > 0 && load<u8>(data + len - 1) != 0x0a ? n + 1 : n;
}

function lookupKey(p: usize, len: u32): i32 {
  let i = hashBytes(p, len, 0) & keySlotMask;
  while (true) {
    const slot = load<u32>(keySlots + (<usize>i << 2));
    if (slot == 0) return -1;
    const k = keyTable + (<usize>(slot - 1) << 3);
    if (load<u32>(k + 4) == len && bytesEqual(p, load<u32>(k), len)) return <i32>(slot - 1);
    i = (i + 1) & keySlotMask;
  }
}

/** Reads the value at `p` of wanted key `key` into its slot; returns the address past it, or 0. */
function readValue(p: usize, key: u32, line: u32): usize {
  const slot = <usize>(key * lines + line);
  const c = load<u8>(p);
  if (c == 0x22) {
    const end = scanString(p + 1);
    if (end == 0 || (stringFlags & STRING_SPECIAL) != 0) return 0;
    store<u8>(kinds + slot, (stringFlags & STRING_ESCAPED) != 0 ? KIND_PENDING_ESCAPED : KIND_PENDING);
    store<u64>(values + (slot << 3), (<u64>(end - p - 1) << 32) | <u64>(p + 1 - data));
    const stamp = stamps + (<usize>key << 2);
    if (load<u32>(stamp) != line + 1) {
      store<u32>(stamp, line + 1);
      store<u32>(pending + (<usize>pendingCount << 2), key);
      pendingCount++;
    }
    return end + 1;
  }
  if (c == 0x2d || c - 0x30 < 10) {
    const end = scanNumber(p);
    if (end == 0) return 0;
    if (numberExact) {
      store<u8>(kinds + slot, KIND_NUMBER);
      store<f64>(values + (slot << 3), numberValue);
    } else {
      store<u8>(kinds + slot, KIND_NUMBER_TEXT);
      store<u64>(values + (slot << 3), (<u64>(end - p) << 32) | <u64>(p - data));
      lineNumberTexts++;
    }
    return end;
  }
  const word = load<u32>(p);
  if (word == 0x65757274) {
    store<u8>(kinds + slot, KIND_TRUE);
    return p + 4;
  }
  if (word == 0x6c6c756e) {
    store<u8>(kinds + slot, 0);
    return p + 4;
  }
  if (word == 0x736c6166 && load<u8>(p + 4) == 0x65) {
    store<u8>(kinds + slot, KIND_FALSE);
    return p + 5;
  }
  return 0; // an object or array (left to the host), or not a value
}

/** Whitespace, then the line's `\n`: returns its address, or 0. */
@inline
function endOfLine(p: usize): usize {
  p = skipWs(p);
  return load<u8>(p) == 0x0a ? p : 0;
}

/** Scans one line from `p`; returns the address of its `\n`, or 0 when the host must parse it. */
function scanLine(p: usize, line: u32): usize {
  p = skipWs(p);
  if (load<u8>(p) != 0x7b) return 0;
  p = skipWs(p + 1);
  if (load<u8>(p) == 0x7d) return endOfLine(p + 1);
  let ordinal: u32 = 0;
  while (true) {
    if (load<u8>(p) != 0x22) return 0;
    const key = p + 1;
    let keyEnd: usize = 0;
    let wanted: i32 = -1;
    if (ordinal < PREDICTED) {
      const at = <usize>ordinal << 2;
      const len = load<u32>(predLen + at);
      if (len != NO_PREDICTION && key + len < sentinel && load<u8>(key + len) == 0x22 && bytesEqual(key, load<u32>(predAddr + at), len)) {
        keyEnd = key + len;
        wanted = load<i32>(predKey + at);
      }
    }
    if (keyEnd == 0) {
      keyEnd = scanKey(key);
      if (keyEnd == 0) return 0;
      wanted = lookupKey(key, <u32>(keyEnd - key));
      if (ordinal < PREDICTED) {
        const at = <usize>ordinal << 2;
        store<u32>(predAddr + at, <u32>key);
        store<u32>(predLen + at, <u32>(keyEnd - key));
        store<i32>(predKey + at, wanted);
      }
    }
    ordinal++;
    p = skipWs(keyEnd + 1);
    if (load<u8>(p) != 0x3a) return 0;
    p = skipWs(p + 1);
    if (wanted >= 0) {
      p = readValue(p, <u32>wanted, line);
    } else {
      const c = load<u8>(p);
      p = c == 0x7b || c == 0x5b ? skipNested(p, stack) : scanScalar(p);
    }
    if (p == 0) return 0;
    p = skipWs(p);
    const c = load<u8>(p);
    if (c == 0x2c) {
      p = skipWs(p + 1);
    } else if (c == 0x7d) {
      return endOfLine(p + 1);
    } else {
      return 0;
    }
  }
}

/** Gives the line's strings their ids, now that the line is known to be good. */
function internPending(line: u32): void {
  for (let i: u32 = 0; i < pendingCount; i++) {
    const key = load<u32>(pending + (<usize>i << 2));
    const slot = <usize>(key * lines + line);
    const kind = load<u8>(kinds + slot);
    if (kind != KIND_PENDING && kind != KIND_PENDING_ESCAPED) continue;
    const v = load<u64>(values + (slot << 3));
    const id = intern(key, data + <usize>(<u32>v), <u32>(v >> 32), kind == KIND_PENDING_ESCAPED);
    store<u32>(ids + (slot << 2), id);
    store<u8>(kinds + slot, KIND_STRING);
  }
}

/** Lays out the work area and clears the tables for a new chunk. */
function prepare(work: usize): void {
  const slotCount = keySlotsFor(keyCount);
  keySlotMask = slotCount - 1;
  keySlots = work;
  pending = keySlots + (<usize>slotCount << 2);
  stamps = pending + (<usize>keyCount << 2);
  predAddr = stamps + (<usize>keyCount << 2);
  predLen = predAddr + (<usize>PREDICTED << 2);
  predKey = predLen + (<usize>PREDICTED << 2);
  stack = predKey + (<usize>PREDICTED << 2);
  memo = stack + <usize>MAX_DEPTH;
  finishWork = memo + memoBytes(keyCount);
  memory.fill(keySlots, 0, <usize>slotCount << 2);
  memory.fill(stamps, 0, <usize>keyCount << 2);
  memory.fill(predLen, 0xff, <usize>PREDICTED << 2);
  for (let k: u32 = 0; k < keyCount; k++) {
    const desc = keyTable + (<usize>k << 3);
    let i = hashBytes(load<u32>(desc), load<u32>(desc, 4), 0) & keySlotMask;
    while (load<u32>(keySlots + (<usize>i << 2)) != 0) i = (i + 1) & keySlotMask;
    store<u32>(keySlots + (<usize>i << 2), k + 1);
  }
  memory.fill(kinds, 0, <usize>keyCount * lines);
  memory.fill(ids, 0xff, (<usize>keyCount * lines) << 2);
}

/** Scans every line of the chunk described by the header at `header`; returns the number of distinct strings. */
export function jsonScanLines(header: usize): u32 {
  data = load<u32>(header);
  const len = load<u32>(header, 4);
  lines = load<u32>(header, 8);
  keyCount = load<u32>(header, 12);
  keyTable = load<u32>(header, 16);
  const lineStart = <usize>load<u32>(header, 20);
  const lineEnd = <usize>load<u32>(header, 24);
  const fallback = <usize>load<u32>(header, 28);
  kinds = load<u32>(header, 32);
  values = load<u32>(header, 36);
  ids = load<u32>(header, 40);
  prepare(load<u32>(header, 68));
  dictionaryReset(load<u32>(header, 44), load<u32>(header, 48), load<u32>(header, 52), load<u32>(header, 56), memo, keyCount);
  sentinel = data + len;
  store<u8>(sentinel, 0x0a);
  let numberTexts: u32 = 0;

  let p = data;
  for (let line: u32 = 0; line < lines; line++) {
    pendingCount = 0;
    lineNumberTexts = 0;
    let nl = scanLine(p, line);
    let flagged: u8 = 0;
    if (nl != 0) {
      internPending(line);
      numberTexts += lineNumberTexts;
    } else {
      flagged = 1;
      nl = findNewline(p);
      for (let k: u32 = 0; k < keyCount; k++) store<u8>(kinds + <usize>(k * lines + line), 0);
    }
    const end = nl > p && load<u8>(nl - 1) == 0x0d ? nl - 1 : nl;
    store<u32>(lineStart + (<usize>line << 2), <u32>(p - data));
    store<u32>(lineEnd + (<usize>line << 2), <u32>(end - data));
    store<u8>(fallback + <usize>line, flagged);
    p = nl + 1;
  }

  const dictLength = dictionaryFinish(keyCount, finishWork, load<u32>(header, 60), load<u32>(header, 64), load<u32>(header, 84));
  const kindsSeen = <usize>load<u32>(header, 92);
  for (let k: u32 = 0; k < keyCount; k++) {
    let seen: u32 = 0;
    const end = <usize>(k + 1) * lines;
    for (let slot = <usize>k * lines; slot < end; slot++) {
      const kind = load<u8>(kinds + slot);
      seen |= 1 << kind;
      if (kind == KIND_STRING) store<u32>(ids + (slot << 2), finalId(load<u32>(ids + (slot << 2))));
    }
    store<u32>(kindsSeen + (<usize>k << 2), seen);
  }
  const stringCount = dictionarySize();
  store<u32>(header, stringCount, 72);
  store<u32>(header, numberTexts, 76);
  store<u32>(header, dictLength, 80);
  store<u32>(header, dictionaryIllFormed(), 88);
  return stringCount;
}
