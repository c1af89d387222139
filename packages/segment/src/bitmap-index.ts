/**
 * Bitmap index of a dictionary-encoded column: for each dictionary id, the sorted rows holding it.
 *
 * Encoded layout (all integers little-endian; varints as in byte-buffer.ts):
 * ```
 * (D + 1) × u32   entry offsets, relative to the start of the entries region (entry i spans
 *                 offsets[i] .. offsets[i+1])
 * entries         one per dictionary id, each starting with a kind byte:
 *   kind 0 (row list): varint count, varint first row, then (count - 1) varints of
 *                      (row - previous row - 1)
 *   kind 1 (bitset):   varint base row, varint byte length L, then L bytes; bit j of byte k set
 *                      means row base + 8k + j holds the value (least significant bit first)
 * ```
 * The writer picks whichever kind is smaller per value: lists for sparse values, bitsets for
 * dense ones (dense rows over a stretch cost one bit each).
 */
import { ByteReader, ByteWriter } from './byte-buffer.ts';

const LIST = 0;
const BITSET = 1;

/**
 * Encodes the index of `ids` (dictionary ids per row, -1 = null) over a dictionary of `dictSize`
 * values. Rows with null are not indexed.
 */
export function encodeBitmapIndex(ids: Int32Array, dictSize: number): Uint8Array {
  const starts = new Int32Array(dictSize + 1);
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id >= 0) starts[id + 1]!++;
  }
  for (let i = 0; i < dictSize; i++) starts[i + 1]! += starts[i]!;
  const rows = new Int32Array(starts[dictSize]!);
  const fill = starts.slice(0, dictSize);
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id >= 0) rows[fill[id]!++] = r;
  }

  const entries = new ByteWriter(rows.length + dictSize * 4);
  const offsets = new Uint32Array(dictSize + 1);
  for (let id = 0; id < dictSize; id++) {
    offsets[id] = entries.length;
    writeEntry(entries, rows.subarray(starts[id]!, starts[id + 1]!));
  }
  offsets[dictSize] = entries.length;

  const body = entries.finish();
  const out = new Uint8Array(offsets.byteLength + body.length);
  out.set(new Uint8Array(offsets.buffer), 0);
  out.set(body, offsets.byteLength);
  return out;
}

function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

function writeEntry(out: ByteWriter, rows: Int32Array): void {
  const count = rows.length;
  if (count === 0) {
    out.u8(LIST);
    out.varint(0);
    return;
  }
  const first = rows[0]!;
  const last = rows[count - 1]!;
  let listSize = varintSize(count) + varintSize(first);
  for (let i = 1; i < count; i++) listSize += varintSize(rows[i]! - rows[i - 1]! - 1);
  const bitsetBytes = ((last - first) >>> 3) + 1;
  const bitsetSize = varintSize(first) + varintSize(bitsetBytes) + bitsetBytes;
  if (bitsetSize < listSize) {
    out.u8(BITSET);
    out.varint(first);
    out.varint(bitsetBytes);
    const bits = new Uint8Array(bitsetBytes);
    for (let i = 0; i < count; i++) {
      const d = rows[i]! - first;
      bits[d >>> 3]! |= 1 << (d & 7);
    }
    out.bytes(bits);
    return;
  }
  out.u8(LIST);
  out.varint(count);
  out.varint(first);
  for (let i = 1; i < count; i++) out.varint(rows[i]! - rows[i - 1]! - 1);
}

/** The sorted rows holding dictionary id `id`, read from an encoded index of `dictSize` values. */
export function readBitmapEntry(index: Uint8Array, dictSize: number, id: number): Int32Array {
  const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
  const base = (dictSize + 1) * 4;
  const start = base + view.getUint32(id * 4, true);
  const end = base + view.getUint32((id + 1) * 4, true);
  const reader = new ByteReader(index.subarray(0, end), start);
  const kind = index[reader.pos++];
  let rows: Int32Array;
  if (kind === LIST) {
    const count = reader.varint();
    rows = new Int32Array(count);
    if (count > 0) {
      let row = reader.varint();
      rows[0] = row;
      for (let i = 1; i < count; i++) {
        row += reader.varint() + 1;
        rows[i] = row;
      }
    }
  } else if (kind === BITSET) {
    const first = reader.varint();
    const length = reader.varint();
    const bits = index.subarray(reader.pos, reader.pos + length);
    reader.pos += length;
    let count = 0;
    for (let k = 0; k < bits.length; k++) count += popcount8(bits[k]!);
    rows = new Int32Array(count);
    let n = 0;
    for (let k = 0; k < bits.length; k++) {
      let b = bits[k]!;
      while (b !== 0) {
        const j = 31 - Math.clz32(b & -b);
        rows[n++] = first + k * 8 + j;
        b &= b - 1;
      }
    }
  } else {
    throw new Error(`Corrupt segment: bitmap index entry kind ${String(kind)}`);
  }
  reader.checkInBounds('bitmap index entry');
  return rows;
}

function popcount8(b: number): number {
  let v = b - ((b >>> 1) & 0x55);
  v = (v & 0x33) + ((v >>> 2) & 0x33);
  return (v + (v >>> 4)) & 0x0f;
}
