/**
 * The dictionary block of a dictionary-encoded column: its sorted distinct values, front-coded.
 * Sorted neighbours share long prefixes, so each value stores only the bytes that differ from the
 * previous one, and the lengths and bytes sit in separate regions (each compresses better alone).
 *
 * Layout (integers little-endian; varints as in byte-buffer.ts):
 * ```
 * offset  size  field
 * 0       4     D, the number of values
 * 4       1     flags: bit 0 = every value is ASCII
 * 5       3     zero
 * 8       4     P, byte length of the prefix-length region
 * 12      4     L, byte length of the suffix-length region
 * 16      P     D varints: how many leading UTF-8 bytes value i shares with value i − 1 (0 for i = 0)
 * 16+P    L     D varints: the byte length of value i's remaining suffix
 * 16+P+L  …     the suffixes' UTF-8 bytes, back to back, to the end of the block
 * ```
 */
import { ByteReader, writeVarint } from './byte-buffer.ts';
import type { SortedDictionary } from './sorted-dictionary.ts';

const HEADER = 16;
/** ASCII dictionaries up to this many bytes are decoded as one string (V8 caps string length). */
const MAX_SLICED_TEXT = 1 << 28;

/**
 * Encodes a sorted dictionary (sorted-dictionary.ts) as a dictionary block, in arrays of its own:
 * as large as the dictionary's text, they are garbage once the block is written.
 */
export function encodeDictionaryBlock(dictionary: SortedDictionary): Uint8Array {
  const { size, bytes, starts, sorted } = dictionary;
  const prefixes = new Uint8Array(size * 5);
  const lengths = new Uint8Array(size * 5);
  let total = 0;
  for (let i = 0; i < size; i++) total += starts[sorted[i]! + 1]! - starts[sorted[i]!]!;
  // Suffixes go straight into the block, past the most the two length regions can take, and are
  // moved down once those lengths are known.
  const room = HEADER + size * 10;
  const out = new Uint8Array(room + total);
  let p = 0;
  let l = 0;
  let at = room;
  let previousStart = 0;
  let previousEnd = 0;
  for (let i = 0; i < size; i++) {
    const e = sorted[i]!;
    const start = starts[e]!;
    const end = starts[e + 1]!;
    const limit = Math.min(end - start, previousEnd - previousStart);
    let shared = 0;
    while (shared < limit && bytes[start + shared] === bytes[previousStart + shared]) shared++;
    for (let k = start + shared; k < end; k++) out[at++] = bytes[k]!;
    p = writeVarint(prefixes, p, shared);
    l = writeVarint(lengths, l, end - start - shared);
    previousStart = start;
    previousEnd = end;
  }
  const suffixBytes = at - room;
  out.copyWithin(HEADER + p + l, room, at);
  out.fill(0, 0, HEADER);
  out.set(prefixes.subarray(0, p), HEADER);
  out.set(lengths.subarray(0, l), HEADER + p);
  const view = new DataView(out.buffer, out.byteOffset, HEADER);
  view.setUint32(0, size, true);
  out[4] = dictionary.ascii ? 1 : 0;
  view.setUint32(8, p, true);
  view.setUint32(12, l, true);
  return out.subarray(0, HEADER + p + l + suffixBytes);
}

/**
 * Decodes a dictionary block into its values. Every value is rebuilt into one buffer; an ASCII
 * dictionary is then decoded as one string that each value slices (no decoder call per value).
 */
export function decodeDictionaryBlock(block: Uint8Array): string[] {
  if (block.length < HEADER) throw new Error('Corrupt segment: dictionary block too short');
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const size = view.getUint32(0, true);
  const ascii = (block[4]! & 1) === 1;
  const p = view.getUint32(8, true);
  const l = view.getUint32(12, true);
  const dataAt = HEADER + p + l;
  if (dataAt > block.length) throw new Error('Corrupt segment: dictionary overruns its block');
  const prefixes = new ByteReader(block.subarray(0, HEADER + p), HEADER);
  const lengths = new ByteReader(block.subarray(0, dataAt), HEADER + p);
  const data = block.subarray(dataAt);
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
