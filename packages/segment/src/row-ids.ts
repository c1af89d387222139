/**
 * The row-id block of a dictionary-encoded column: per row, (dictionary id + 1), 0 meaning null.
 *
 * Layout (integers little-endian; varints as in byte-buffer.ts):
 * ```
 * offset  size  field
 * 0       1     mode: 0 bit-packed, 1 delta
 * 1       1     bit width W (mode 0; 0 in mode 1)
 * 2       2     zero
 * 4       …     mode 0: ceil(numRows × W / 32) u32 words; row r's value occupies bits
 *               r·W … r·W + W − 1 of the word sequence, least significant bit first
 *               mode 1: numRows varints of zigzag(value − previous value), previous starting at 0
 * ```
 * W is the bits needed for D (the dictionary size), rounded up to 1, 2, 4 or 8 when that is at
 * most 8 (whole symbols per byte, which compressors model well), exact above. Above 8 bits the writer
 * picks the delta mode when at least half the pairs of consecutive non-null ids differ by at most
 * one: a column the rows follow (a timestamp string sorted with `__time`) then costs about a byte
 * a row before compression and next to nothing after.
 */
import { ByteReader, typedAt, unzigzag, writeVarint, zigzag } from './byte-buffer.ts';
import { BLOCK, EncodeScratch } from './encode-scratch.ts';

const PACKED = 0;
const DELTA = 1;

/** Bit width of packed ids for a dictionary of `size` values (values 0 … size). */
function idBitWidth(size: number): number {
  const bits = 32 - Math.clz32(size);
  if (bits <= 1) return 1;
  if (bits <= 2) return 2;
  if (bits <= 4) return 4;
  if (bits <= 8) return 8;
  return bits;
}

/**
 * Encodes dictionary ids (-1 = null) over a dictionary of `size` values. The block is a work array
 * of `scratch` when one is given (valid until reused).
 */
export function encodeRowIds(ids: Int32Array, size: number, scratch = new EncodeScratch(0)): Uint8Array {
  const width = idBitWidth(size);
  const words = Math.ceil((ids.length * width) / 32);
  if (width > 8 && followsRowOrder(ids)) {
    let deltaBytes = 0;
    let previous = 0;
    for (let r = 0; r < ids.length; r++) {
      const v = ids[r]! + 1;
      const z = zigzag(v - previous);
      deltaBytes += z < 0x80 ? 1 : z < 0x4000 ? 2 : z < 0x200000 ? 3 : z < 0x10000000 ? 4 : 5;
      previous = v;
    }
    const out = scratch.u8(BLOCK, 4 + deltaBytes).fill(0, 0, 4);
    out[0] = DELTA;
    let at = 4;
    previous = 0;
    for (let r = 0; r < ids.length; r++) {
      const v = ids[r]! + 1;
      at = writeVarint(out, at, zigzag(v - previous));
      previous = v;
    }
    return out;
  }
  const out = scratch.u8(BLOCK, 4 + words * 4).fill(0);
  out[0] = PACKED;
  out[1] = width;
  const packed = new Uint32Array(out.buffer, out.byteOffset + 4, words);
  if (width === 8) {
    const bytes = out.subarray(4);
    for (let r = 0; r < ids.length; r++) bytes[r] = ids[r]! + 1;
  } else {
    for (let r = 0, bit = 0; r < ids.length; r++, bit += width) {
      const v = ids[r]! + 1;
      const word = bit >>> 5;
      const shift = bit & 31;
      packed[word]! |= v << shift;
      if (shift + width > 32) packed[word + 1]! |= v >>> (32 - shift);
    }
  }
  return out;
}

/**
 * Whether at least half the pairs of consecutive non-null ids differ by at most one (the column
 * follows the row order). Nulls are left out: runs of them pack and compress well either way.
 */
function followsRowOrder(ids: Int32Array): boolean {
  let pairs = 0;
  let near = 0;
  for (let r = 1; r < ids.length; r++) {
    const a = ids[r - 1]!;
    const b = ids[r]!;
    if (a < 0 || b < 0) continue;
    pairs++;
    if (b - a >= -1 && b - a <= 1) near++;
  }
  return pairs > 0 && near * 2 >= pairs;
}

/** Decodes a row-id block into dictionary ids (-1 = null); checks them against `size`. */
export function decodeRowIds(block: Uint8Array, numRows: number, size: number): Int32Array {
  const ids = new Int32Array(numRows);
  const mode = block[0];
  if (mode === DELTA) {
    const reader = new ByteReader(block, 4);
    let v = 0;
    for (let r = 0; r < numRows; r++) {
      v += unzigzag(reader.varint());
      if (v < 0 || v > size) throw new Error('Corrupt segment: row id out of range');
      ids[r] = v - 1;
    }
    reader.checkInBounds('row ids');
    return ids;
  }
  const width = block[1]!;
  if (mode !== PACKED || width < 1 || width > 32 || block.length < 4 + Math.ceil((numRows * width) / 32) * 4) {
    throw new Error('Corrupt segment: bad row-id block');
  }
  if (width === 8) {
    for (let r = 0; r < numRows; r++) ids[r] = block[4 + r]! - 1;
  } else {
    const packed = typedAt(Uint32Array, block, 4, Math.ceil((numRows * width) / 32));
    const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
    for (let r = 0, bit = 0; r < numRows; r++, bit += width) {
      const word = bit >>> 5;
      const shift = bit & 31;
      let v = packed[word]! >>> shift;
      if (shift + width > 32) v |= packed[word + 1]! << (32 - shift);
      ids[r] = ((v & mask) >>> 0) - 1;
    }
  }
  for (let r = 0; r < numRows; r++) if (ids[r]! >= size) throw new Error('Corrupt segment: row id out of range');
  return ids;
}
