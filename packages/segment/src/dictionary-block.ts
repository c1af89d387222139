/**
 * The dictionary block of a dictionary-encoded column: its sorted distinct values, front-coded.
 * Sorted neighbours share long prefixes, so each value stores only the bytes that differ from the
 * previous one, and the lengths and bytes sit in separate regions (each compresses better alone).
 *
 * Layout (integers little-endian; varints as in byte-buffer.ts):
 * ```
 * offset  size  field
 * 0       4     D, the number of values
 * 4       1     flags: bit 0 = every value is ASCII; bit 1 = the length regions come last
 * 5       3     zero
 * 8       4     P, byte length of the prefix-length region (0 when bit 1 is set)
 * 12      4     L, byte length of the suffix-length region (0 when bit 1 is set)
 * 16      …     bit 1 clear (earlier writers): the prefix lengths (P bytes), the suffix lengths
 *               (L bytes), then the suffixes to the end of the block;
 *               bit 1 set: the suffixes, the prefix lengths, the suffix lengths, then u32 P and
 *               u32 L as the block's last 8 bytes
 * ```
 * The prefix lengths are D varints, how many leading UTF-8 bytes value i shares with value i − 1
 * (0 for i = 0); the suffix lengths are D varints, the byte length of value i's remaining suffix;
 * the suffixes are their UTF-8 bytes back to back. The writer puts the length regions last so that
 * the block can be made in one pass, piece by piece, without holding it whole.
 */
import { ByteReader, writeVarint } from './byte-buffer.ts';
import type { SortedDictionary } from './sorted-dictionary.ts';

const HEADER = 16;
/** Bytes after the length regions when they come last: their two lengths. */
const TRAILER = 8;
const ASCII = 1;
const REGIONS_LAST = 2;
/** ASCII dictionaries up to this many bytes are decoded as one string (V8 caps string length). */
const MAX_SLICED_TEXT = 1 << 28;
/** Entries whose bytes are touched together, ahead of the front-coding loop. */
const TOUCH = 256;
/** Where the touched bytes' sum goes, so that the compiler keeps the loads. */
let touchSink = 0;

/**
 * Reads where entries `from` … `to` of the sorted order lie, and their first and last bytes, in a
 * loop of independent loads: the processor overlaps their cache misses, which the front-coding
 * loop cannot (its work waits on each value's bytes, and the sorted order visits the text at
 * random). Returns a sum of the bytes.
 */
function touchEntries(bytes: Uint8Array, starts: Int32Array, sorted: Int32Array, from: number, to: number, entryStarts: Int32Array, entryEnds: Int32Array): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const e = sorted[i]!;
    const start = starts[e]!;
    entryStarts[i - from] = start;
    const end = starts[e + 1]!;
    entryEnds[i - from] = end;
    if (end > start) sum += bytes[start]! + bytes[end - 1]!;
  }
  return sum;
}

/** Raw bytes per piece of a dictionary block. */
const PIECE_BYTES = 4 << 20;

/**
 * Makes the dictionary block of a sorted dictionary (sorted-dictionary.ts) in pieces of at most
 * `pieceBytes` (a suffix longer than that is a piece of its own), the block being the pieces back
 * to back. Each piece is valid until the next is asked for: the pieces share one buffer, so the
 * block is never whole in memory besides the dictionary's text.
 */
export function* dictionaryBlockPieces(dictionary: SortedDictionary, pieceBytes = PIECE_BYTES): Generator<Uint8Array> {
  const { size, bytes, starts, sorted } = dictionary;
  const prefixes = new Uint8Array(size * 5);
  const lengths = new Uint8Array(size * 5);
  const out = new Uint8Array(Math.min(pieceBytes, HEADER + starts[size]! + size * 10 + TRAILER));
  const header = new DataView(out.buffer, 0, HEADER);
  header.setUint32(0, size, true);
  out[4] = (dictionary.ascii ? ASCII : 0) | REGIONS_LAST;
  let at = HEADER;
  let p = 0;
  let l = 0;
  let previousStart = 0;
  let previousEnd = 0;
  const entryStarts = new Int32Array(TOUCH);
  const entryEnds = new Int32Array(TOUCH);
  for (let i = 0; i < size; i++) {
    if (i % TOUCH === 0) touchSink += touchEntries(bytes, starts, sorted, i, Math.min(size, i + TOUCH), entryStarts, entryEnds);
    const start = entryStarts[i % TOUCH]!;
    const end = entryEnds[i % TOUCH]!;
    const limit = Math.min(end - start, previousEnd - previousStart);
    let shared = 0;
    while (shared < limit && bytes[start + shared] === bytes[previousStart + shared]) shared++;
    const length = end - start - shared;
    if (at + length > out.length && at > 0) {
      yield out.subarray(0, at);
      at = 0;
    }
    if (length > out.length) yield bytes.subarray(start + shared, end);
    else for (let k = start + shared; k < end; k++) out[at++] = bytes[k]!;
    p = writeVarint(prefixes, p, shared);
    l = writeVarint(lengths, l, length);
    previousStart = start;
    previousEnd = end;
  }
  const trailer = new Uint8Array(TRAILER);
  const regionLengths = new DataView(trailer.buffer);
  regionLengths.setUint32(0, p, true);
  regionLengths.setUint32(4, l, true);
  for (const region of [prefixes.subarray(0, p), lengths.subarray(0, l), trailer]) {
    for (let from = 0; from < region.length; ) {
      if (at === out.length) {
        yield out.subarray(0, at);
        at = 0;
      }
      const n = Math.min(region.length - from, out.length - at);
      out.set(region.subarray(from, from + n), at);
      at += n;
      from += n;
    }
  }
  yield out.subarray(0, at);
}

/**
 * Decodes a dictionary block into its values. Every value is rebuilt into one buffer; an ASCII
 * dictionary is then decoded as one string that each value slices (no decoder call per value).
 */
export function decodeDictionaryBlock(block: Uint8Array): string[] {
  if (block.length < HEADER) throw new Error('Corrupt segment: dictionary block too short');
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const size = view.getUint32(0, true);
  const ascii = (block[4]! & ASCII) !== 0;
  const regionsLast = (block[4]! & REGIONS_LAST) !== 0;
  if (regionsLast && block.length < HEADER + TRAILER) throw new Error('Corrupt segment: dictionary block too short');
  const p = view.getUint32(regionsLast ? block.length - TRAILER : 8, true);
  const l = view.getUint32(regionsLast ? block.length - TRAILER + 4 : 12, true);
  // Where the prefix lengths start, and the suffixes' region.
  const prefixesAt = regionsLast ? block.length - TRAILER - l - p : HEADER;
  const [dataAt, dataEnd] = regionsLast ? [HEADER, prefixesAt] : [HEADER + p + l, block.length];
  if (prefixesAt < HEADER || dataAt > dataEnd) throw new Error('Corrupt segment: dictionary overruns its block');
  const prefixes = new ByteReader(block.subarray(0, prefixesAt + p), prefixesAt);
  const lengths = new ByteReader(block.subarray(0, prefixesAt + p + l), prefixesAt + p);
  const data = block.subarray(dataAt, dataEnd);
  const ends = new Float64Array(size + 1);
  let all = Buffer.allocUnsafe(Math.max(64, data.length * 2));
  let end = 0;
  let at = 0;
  let previousStart = 0;
  for (let i = 0; i < size; i++) {
    const shared = prefixes.varint();
    const length = lengths.varint();
    if (at + length > data.length || shared > end - previousStart) throw new Error('Corrupt segment: dictionary value overruns its block');
    if (all.length - end < shared + length) {
      const grown = Buffer.allocUnsafe(Math.max(all.length * 2, end + shared + length));
      grown.set(all.subarray(0, end));
      all = grown;
    }
    const start = end;
    for (let k = 0; k < shared; k++) all[end++] = all[previousStart + k]!;
    for (let k = 0; k < length; k++) all[end++] = data[at++]!;
    ends[i + 1] = end;
    previousStart = start;
  }
  prefixes.checkInBounds('dictionary prefix lengths');
  lengths.checkInBounds('dictionary suffix lengths');
  const values = new Array<string>(size);
  if (ascii && end <= MAX_SLICED_TEXT) {
    const text = all.toString('latin1', 0, end);
    for (let i = 0; i < size; i++) values[i] = text.slice(ends[i]!, ends[i + 1]!);
  } else {
    const encoding = ascii ? 'latin1' : 'utf8';
    for (let i = 0; i < size; i++) values[i] = all.toString(encoding, ends[i]!, ends[i + 1]!);
  }
  return values;
}
