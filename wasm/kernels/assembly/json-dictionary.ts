/**
 * The string dictionary of the NDJSON kernel (`json-lines.ts`): during the scan, deduplicates each
 * wanted key's strings by their unescaped UTF-8 bytes (open addressing over a hash of those bytes);
 * at the end, numbers each key's strings and writes out their unescaped UTF-8 bytes for the host.
 *
 * An entry (`ENTRY_BYTES`) is 6 u32: address and length of the unescaped bytes, key, hash, 1 when
 * the unescaped bytes are ASCII, and the final id. A hash slot is 2 u32: the hash and the entry
 * index + 1 (0 when empty).
 * A memo of 3 u32 per key (address and length of its last string as written, and its entry) skips
 * hashing when a key repeats its previous value.
 *
 * Final ids: per key, the ASCII strings come first, then the others, each group in first-seen order.
 * The output is, key after key, each key's strings' unescaped bytes back to back in id order, with
 * `count + 1` u32 offsets per key relative to the key's first byte (a frame's dictionary block has
 * this form, so the host can pass the bytes on without making a string of them), and per key its
 * count and ASCII count. Strings whose bytes are not well-formed UTF-8 are counted
 * (`dictionaryIllFormed`): distinct ill-formed bytes can decode to the same value (U+FFFD replaces
 * them), which the host then merges.
 */
import { bytesEqual, hashBytes, isAscii, isWellFormedUtf8, unescapeString } from './json-strings';

/** Bytes of one entry. */
export const ENTRY_BYTES: u32 = 24;

/** Hash slots used at first; the table doubles (up to its room) to stay at most half full. */
const INITIAL_SLOTS: u32 = 1 << 14;

let entries: usize = 0;
let table: usize = 0;
let tableMask: u32 = 0;
let maxMask: u32 = 0;
let memo: usize = 0;
let arenaTop: usize = 0;
let count: u32 = 0;
let illFormed: u32 = 0;

/**
 * Starts an empty dictionary: entries at `entriesAt`, up to `mask + 1` hash slots at `tableAt`,
 * unescaped bytes at `arenaAt`, and `memoBytes(keys)` of scratch at `memoAt` remembering each key's
 * last string (a key often repeats its value from line to line).
 */
export function dictionaryReset(entriesAt: usize, tableAt: usize, mask: u32, arenaAt: usize, memoAt: usize, keys: u32): void {
  entries = entriesAt;
  table = tableAt;
  maxMask = mask;
  tableMask = min(mask, INITIAL_SLOTS - 1);
  memo = memoAt;
  arenaTop = arenaAt;
  count = 0;
  illFormed = 0;
  memory.fill(table, 0, (<usize>tableMask + 1) << 3);
  memory.fill(memo, 0xff, <usize>keys * 12);
}

/** Scratch bytes of the last-string memo for `keys` keys. */
export function memoBytes(keys: u32): u32 {
  return keys * 12;
}

/** Doubles the hash table and puts every entry back. */
function growTable(): void {
  tableMask = (tableMask << 1) | 1;
  memory.fill(table, 0, (<usize>tableMask + 1) << 3);
  for (let e: u32 = 0; e < count; e++) {
    const hash = load<u32>(entries + <usize>e * ENTRY_BYTES, 12);
    let i = hash & tableMask;
    while (load<u32>(table + (<usize>i << 3), 4) != 0) i = (i + 1) & tableMask;
    store<u32>(table + (<usize>i << 3), hash);
    store<u32>(table + (<usize>i << 3), e + 1, 4);
  }
}

/** Number of distinct strings so far. */
export function dictionarySize(): u32 {
  return count;
}

/** Number of distinct strings so far whose bytes are not well-formed UTF-8. */
export function dictionaryIllFormed(): u32 {
  return illFormed;
}

/**
 * The entry index of key `key`'s string written `[raw, raw + rawLen)` (a validated body without lone
 * surrogate escapes), adding it when new.
 */
export function intern(key: u32, raw: usize, rawLen: u32, escaped: bool): u32 {
  const last = memo + <usize>key * 12;
  if (load<u32>(last, 4) == rawLen && bytesEqual(raw, load<u32>(last), rawLen)) return load<u32>(last, 8);
  const e = lookup(key, raw, rawLen, escaped);
  store<u32>(last, <u32>raw);
  store<u32>(last, rawLen, 4);
  store<u32>(last, e, 8);
  return e;
}

function lookup(key: u32, raw: usize, rawLen: u32, escaped: bool): u32 {
  let addr = raw;
  let len = rawLen;
  if (escaped) {
    addr = arenaTop;
    len = <u32>unescapeString(raw, rawLen, arenaTop);
  }
  const hash = hashBytes(addr, len, <u64>key + 1);
  let i = hash & tableMask;
  while (true) {
    const slot = table + (<usize>i << 3);
    const s = load<u32>(slot, 4);
    if (s == 0) break;
    if (load<u32>(slot) == hash) {
      const entry = entries + <usize>(s - 1) * ENTRY_BYTES;
      if (load<u32>(entry, 8) == key && load<u32>(entry, 4) == len && bytesEqual(load<u32>(entry), addr, len)) return s - 1;
    }
    i = (i + 1) & tableMask;
  }
  const entry = entries + <usize>count * ENTRY_BYTES;
  store<u32>(entry, <u32>addr);
  store<u32>(entry, len, 4);
  store<u32>(entry, key, 8);
  store<u32>(entry, hash, 12);
  const ascii = isAscii(addr, len);
  if (!ascii && !isWellFormedUtf8(addr, len)) illFormed++;
  store<u32>(entry, ascii ? 1 : 0, 16);
  count++;
  if (escaped) arenaTop += len;
  if (count * 2 > tableMask + 1 && tableMask < maxMask) {
    growTable();
  } else {
    store<u32>(table + (<usize>i << 3), hash);
    store<u32>(table + (<usize>i << 3), count, 4);
  }
  return count - 1;
}

/** The final id of entry `e` (after `dictionaryFinish`). */
@inline
export function finalId(e: u32): u32 {
  return load<u32>(entries + <usize>e * ENTRY_BYTES, 20);
}

/** Scratch bytes `dictionaryFinish` needs for `keys` keys and `capacity` entries. */
export function finishWorkBytes(keys: u32, capacity: u32): u32 {
  return keys * 16 + capacity * 4;
}

/**
 * Copies `n` bytes 8 at a time (short strings copy faster than with `memory.copy`); up to 7 bytes
 * past `src + n` are read and past `dst + n` are written, which the output's room, the arena's and
 * the chunk's slack allow.
 */
@inline
function copyWords(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i += 8) store<u64>(dst + i, load<u64>(src + i));
}

/**
 * Writes key after key its strings' bytes (ASCII ones, from `order[asciiBase[k]]` on, then the
 * others, from `order[otherBase[k]]` on) to `bytesOut`, their offsets to `offsetsOut` and the counts
 * to `keyCounts` (layouts in the module header). Returns the number of bytes written.
 */
function writeStrings(keys: u32, order: usize, asciiBase: usize, otherBase: usize, totals: usize, asciiCounts: usize, bytesOut: usize, offsetsOut: usize, keyCounts: usize): u32 {
  let top = bytesOut;
  let offset = offsetsOut;
  for (let k: u32 = 0; k < keys; k++) {
    const at = <usize>k << 2;
    const asciiN = load<u32>(asciiCounts + at);
    const total = load<u32>(totals + at);
    store<u32>(keyCounts + (at << 1), total);
    store<u32>(keyCounts + (at << 1), asciiN, 4);
    const first = top;
    store<u32>(offset, 0);
    offset += 4;
    for (let j: u32 = 0; j < total; j++) {
      const position = j < asciiN ? load<u32>(asciiBase + at) + j : load<u32>(otherBase + at) + j - asciiN;
      const entry = entries + <usize>load<u32>(order + (<usize>position << 2)) * ENTRY_BYTES;
      const len = <usize>load<u32>(entry, 4);
      copyWords(top, load<u32>(entry), len);
      top += len;
      store<u32>(offset, <u32>(top - first));
      offset += 4;
    }
  }
  return <u32>(top - bytesOut);
}

/**
 * Gives every entry its final id and writes the strings out (`writeStrings`); `work` is
 * `finishWorkBytes` of scratch. Returns the number of bytes written.
 */
export function dictionaryFinish(keys: u32, work: usize, bytesOut: usize, offsetsOut: usize, keyCounts: usize): u32 {
  const asciiCounts = work;
  const totals = asciiCounts + (<usize>keys << 2);
  const asciiBase = totals + (<usize>keys << 2);
  const otherBase = asciiBase + (<usize>keys << 2);
  const order = otherBase + (<usize>keys << 2);
  memory.fill(asciiCounts, 0, <usize>keys << 3);
  for (let e: u32 = 0; e < count; e++) {
    const entry = entries + <usize>e * ENTRY_BYTES;
    const at = <usize>load<u32>(entry, 8) << 2;
    store<u32>(totals + at, load<u32>(totals + at) + 1);
    if (load<u32>(entry, 16) != 0) store<u32>(asciiCounts + at, load<u32>(asciiCounts + at) + 1);
  }
  let asciiSum: u32 = 0;
  for (let k: u32 = 0; k < keys; k++) asciiSum += load<u32>(asciiCounts + (<usize>k << 2));
  let a: u32 = 0;
  let o: u32 = asciiSum;
  for (let k: u32 = 0; k < keys; k++) {
    const at = <usize>k << 2;
    store<u32>(asciiBase + at, a);
    store<u32>(otherBase + at, o);
    a += load<u32>(asciiCounts + at);
    o += load<u32>(totals + at) - load<u32>(asciiCounts + at);
  }
  // Place entries in id order; the bases advance as cursors, then are restored.
  for (let e: u32 = 0; e < count; e++) {
    const entry = entries + <usize>e * ENTRY_BYTES;
    const at = <usize>load<u32>(entry, 8) << 2;
    const ascii = load<u32>(entry, 16) != 0;
    const cursor = ascii ? asciiBase + at : otherBase + at;
    const pos = load<u32>(cursor);
    store<u32>(cursor, pos + 1);
    store<u32>(order + (<usize>pos << 2), e);
  }
  for (let k: u32 = 0; k < keys; k++) {
    const at = <usize>k << 2;
    const asciiN = load<u32>(asciiCounts + at);
    const asciiStart = load<u32>(asciiBase + at) - asciiN;
    const otherStart = load<u32>(otherBase + at) - (load<u32>(totals + at) - asciiN);
    store<u32>(asciiBase + at, asciiStart);
    store<u32>(otherBase + at, otherStart);
    for (let j: u32 = 0; j < asciiN; j++) store<u32>(entries + <usize>load<u32>(order + (<usize>(asciiStart + j) << 2)) * ENTRY_BYTES, j, 20);
    const otherN = load<u32>(totals + at) - asciiN;
    for (let j: u32 = 0; j < otherN; j++) store<u32>(entries + <usize>load<u32>(order + (<usize>(otherStart + j) << 2)) * ENTRY_BYTES, asciiN + j, 20);
  }
  return writeStrings(keys, order, asciiBase, otherBase, totals, asciiCounts, bytesOut, offsetsOut, keyCounts);
}
