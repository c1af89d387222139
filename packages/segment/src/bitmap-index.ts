/**
 * Bitmap index of a dictionary-encoded column: for each dictionary id, the sorted rows holding it.
 *
 * Encoded layout (integers little-endian; varints as in byte-buffer.ts). Ids are grouped in
 * buckets of 64 (the last may be shorter); a reader decodes at most one bucket to find an entry.
 * ```
 * (B + 1) × u32   bucket offsets, B = ceil(D / 64), relative to the start of the entries region
 *                 (bucket b spans offsets[b] .. offsets[b+1])
 * entries         one per dictionary id, in id order:
 *   varint (count × 2 + kind); nothing follows when count is 0
 *   varint zigzag(first row − first row of the previous non-empty entry of the bucket, or 0)
 *   kind 0 (row list): (count − 1) varints of (row − previous row − 1)
 *   kind 1 (bitset):   varint byte length L, then L bytes; bit j of byte k set means row
 *                      first + 8k + j holds the value (least significant bit first)
 * ```
 * The writer picks whichever kind is smaller per value: lists for sparse values, bitsets for
 * dense ones. Values that follow the row order (sorted or time-like columns) have small first-row
 * deltas, so their entries cost about two bytes.
 */
import { ByteReader, unzigzag, writeVarint, zigzag } from './byte-buffer.ts';
import { BLOCK, EncodeScratch } from './encode-scratch.ts';

const LIST = 0;
const BITSET = 1;
const BUCKET = 64;

/**
 * Encodes the index of `ids` (dictionary ids per row, -1 = null) over a dictionary of `dictSize`
 * values: one counting-sort pass groups the rows by id, then each id's rows are written. Rows
 * with null are not indexed. The block is a work array of `scratch` when one is given (valid
 * until reused).
 */
export function encodeBitmapIndex(ids: Int32Array, dictSize: number, scratch = new EncodeScratch(0)): Uint8Array {
  const starts = countRowsById(ids, scratch.i32('indexStarts', dictSize + 1).fill(0));
  for (let i = 0; i < dictSize; i++) starts[i + 1]! += starts[i]!;
  const rows = scratch.i32('indexRows', starts[dictSize]!);
  const fill = scratch.i32('indexFill', dictSize);
  fill.set(starts.subarray(0, dictSize));
  placeRowsById(ids, fill, rows);
  const offsetsLength = (Math.ceil(dictSize / BUCKET) + 1) * 4;
  // At most 10 bytes of head and first row per value and 5 per further row (a bitset is only
  // written when smaller than the row list).
  const out = scratch.u8(BLOCK, offsetsLength + dictSize * 10 + rows.length * 5);
  return out.subarray(0, writeEntries(out, offsetsLength, starts, rows, dictSize));
}

// Each row loop is a function that ends with its loop: V8 compiles a long loop while it runs
// (on-stack replacement), and code after the loop, not yet run then, would make that compiled
// code bail out at the loop's end on every call (docs/performance.md, "V8 pitfalls").

/** `counts[id + 1]` += the rows holding each id (nulls skipped); returns `counts`. */
function countRowsById(ids: Int32Array, counts: Int32Array): Int32Array {
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id >= 0) counts[id + 1]!++;
  }
  return counts;
}

/** Puts each row at its id's cursor in `fill`, which advances. */
function placeRowsById(ids: Int32Array, fill: Int32Array, rows: Int32Array): void {
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id >= 0) rows[fill[id]!++] = r;
  }
}

/** Writes the bucket offsets and every id's entry into `out`; returns the block's length. */
function writeEntries(out: Uint8Array, offsetsLength: number, starts: Int32Array, rows: Int32Array, dictSize: number): number {
  const offsets = new Uint32Array(out.buffer, out.byteOffset, offsetsLength / 4);
  offsets[offsets.length - 1] = writeEntriesFrom(out, offsetsLength, offsets, starts, rows, dictSize) - offsetsLength;
  return offsetsLength + offsets[offsets.length - 1]!;
}

function writeEntriesFrom(out: Uint8Array, offsetsLength: number, offsets: Uint32Array, starts: Int32Array, rows: Int32Array, dictSize: number): number {
  let at = offsetsLength;
  let previousFirst = 0;
  for (let id = 0; id < dictSize; id++) {
    if (id % BUCKET === 0) {
      offsets[id / BUCKET] = at - offsetsLength;
      previousFirst = 0;
    }
    const start = starts[id]!;
    const end = starts[id + 1]!;
    const count = end - start;
    if (count === 0) {
      out[at++] = 0;
      continue;
    }
    const first = rows[start]!;
    let listSize = 0;
    for (let i = start + 1; i < end; i++) listSize += varintSize(rows[i]! - rows[i - 1]! - 1);
    const bitsetBytes = ((rows[end - 1]! - first) >>> 3) + 1;
    const kind = varintSize(bitsetBytes) + bitsetBytes < listSize ? BITSET : LIST;
    at = writeVarint(out, at, count * 2 + kind);
    at = writeVarint(out, at, zigzag(first - previousFirst));
    previousFirst = first;
    if (kind === LIST) {
      for (let i = start + 1; i < end; i++) at = writeVarint(out, at, rows[i]! - rows[i - 1]! - 1);
      continue;
    }
    at = writeVarint(out, at, bitsetBytes);
    out.fill(0, at, at + bitsetBytes);
    for (let i = start; i < end; i++) {
      const d = rows[i]! - first;
      out[at + (d >>> 3)]! |= 1 << (d & 7);
    }
    at += bitsetBytes;
  }
  return at;
}

function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** The sorted rows holding dictionary id `id`, read from an encoded index of `dictSize` values. */
export function readBitmapEntry(index: Uint8Array, dictSize: number, id: number): Int32Array {
  const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
  const bucket = Math.floor(id / BUCKET);
  const base = (Math.ceil(dictSize / BUCKET) + 1) * 4;
  if (base > index.length) throw new Error('Corrupt segment: bitmap index offsets overrun their block');
  const start = base + view.getUint32(bucket * 4, true);
  const end = base + view.getUint32((bucket + 1) * 4, true);
  if (end > index.length || start > end) throw new Error('Corrupt segment: bitmap index bucket overruns its block');
  const reader = new ByteReader(index.subarray(0, end), start);
  let first = 0;
  for (let at = bucket * BUCKET; ; at++) {
    const head = reader.varint();
    const count = Math.floor(head / 2);
    const kind = head % 2;
    if (count > 0) first += unzigzag(reader.varint());
    if (at === id) return readRows(index, reader, count, kind, first);
    if (count === 0) continue;
    if (kind === LIST) {
      for (let i = 1; i < count; i++) reader.varint();
    } else {
      const length = reader.varint();
      reader.pos += length;
    }
    reader.checkInBounds('bitmap index entry');
  }
}

function readRows(index: Uint8Array, reader: ByteReader, count: number, kind: number, first: number): Int32Array {
  const rows = new Int32Array(count);
  if (count === 0) return rows;
  if (kind === LIST) {
    rows[0] = first;
    let row = first;
    for (let i = 1; i < count; i++) {
      row += reader.varint() + 1;
      rows[i] = row;
    }
  } else {
    const length = reader.varint();
    const bits = index.subarray(reader.pos, reader.pos + length);
    reader.pos += length;
    let n = 0;
    for (let k = 0; k < bits.length && n < count; k++) {
      let b = bits[k]!;
      while (b !== 0 && n < count) {
        const j = 31 - Math.clz32(b & -b);
        rows[n++] = first + k * 8 + j;
        b &= b - 1;
      }
    }
    if (n !== count) throw new Error('Corrupt segment: bitmap index bitset does not match its count');
  }
  reader.checkInBounds('bitmap index entry');
  return rows;
}
