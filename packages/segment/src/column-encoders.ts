/**
 * Turns one column of a sequence of frames, taken in a given row order, into the raw
 * (uncompressed) blocks of the segment format described in segment-format.ts. Each column is
 * gathered on its own, so encoding never holds more than one column's rows besides the input.
 */
import type { ColumnType } from '@silt/common';
import { type FrameColumn, type NumericColumn, type StringColumn, valueAt } from '@silt/frame';
import { encodeBitmapIndex } from './bitmap-index.ts';
import { ByteWriter, writeVarint, zigzag } from './byte-buffer.ts';
import { dictionaryBlockPieces } from './dictionary-block.ts';
import { encodeRowIds } from './row-ids.ts';
import { BLOCK, type EncodeScratch, GATHERED, ROWS } from './encode-scratch.ts';
import { type SortedDictionary, type StringPieces, sortedDictionary, stringPiecesOf } from './sorted-dictionary.ts';
import { stringBytesOf } from './string-bytes.ts';
import type { ColumnEncoding } from './segment-format.ts';

/** A column ready to lay out: its encoding, flags, value range and how to make its raw blocks. */
export interface EncodedColumn {
  readonly encoding: ColumnEncoding;
  readonly hasNulls: boolean;
  readonly min: number;
  readonly max: number;
  /**
   * Makers of the raw blocks, called in order, each once the block before has been written: a
   * block may be a work array of the scratch, valid until the next block is made, and what only
   * an earlier block needed (a dictionary's text) is dropped before the later ones are made. A
   * block may come as pieces, each valid until the next is asked for (a large dictionary: its
   * raw block is never whole in memory).
   */
  readonly blocks: readonly (() => Uint8Array | Iterable<Uint8Array>)[];
}

/**
 * The order to take a column's concatenated rows in (`order[i]` is the row, counted over the
 * pieces back to back, that becomes row i); null keeps the concatenated order. A function is asked
 * for the order only when a block needs it: a STRING column builds its dictionary and writes its
 * dictionary block first, so a part task can start on them while another thread still sorts the
 * rows. It is called once by each column that needs it, so it should keep what it found.
 */
export type RowOrder = Int32Array | null | (() => Int32Array);

/** The order itself, asked for now. */
function rowOrderNow(order: RowOrder): Int32Array | null {
  return typeof order === 'function' ? order() : order;
}

/** One frame's piece of a column: the column and the frame's row count. */
export interface ColumnPart {
  readonly column: FrameColumn;
  readonly numRows: number;
}

/** Long block modes (first byte of the block). */
const LONG_DELTA = 0;
const LONG_PLAIN = 1;
const MAX_ZIGZAG_INPUT = 2 ** 52;

/**
 * Encodes a column given its pieces from each frame and the order to take the concatenated rows
 * in (see {@link RowOrder}; `scratch.numRows` is the total row count). Numeric pieces become
 * long/f64/f32 blocks by type; STRING pieces that are all single-valued become a sorted
 * dictionary, row ids and a bitmap index; anything else (multi-value strings, arrays, JSON, mixed
 * kinds) becomes JSON.
 */
export function encodeColumn(type: ColumnType, parts: readonly ColumnPart[], order: RowOrder, scratch: EncodeScratch): EncodedColumn {
  if (parts.every((p) => p.column.kind === 'numeric')) {
    return encodeNumeric(type, parts as readonly { column: NumericColumn; numRows: number }[], rowOrderNow(order), scratch);
  }
  if (parts.every((p) => p.column.kind === 'string')) {
    const pieces = parts as readonly { column: StringColumn; numRows: number }[];
    return encodeStringColumn(stringPiecesOf(pieces.map((p) => stringBytesOf(p.column, p.numRows))), order, scratch);
  }
  return encodeJson(parts, rowOrderNow(order), scratch.numRows);
}

/** How many blocks {@link encodeColumn} makes for pieces of these kinds (its choice of encoding). */
export function columnBlockCount(kinds: readonly FrameColumn['kind'][]): number {
  return kinds.length > 0 && kinds.every((k) => k === 'string') ? 3 : 1;
}

// The row loops below are functions that end with their loop, one per array type: V8 compiles a
// long loop while it runs (on-stack replacement), and code after the loop, not yet run then, made
// that compiled code bail out at the loop's end on each call (docs/performance.md, "V8 pitfalls").

/** `all` taken in `order` (into `out`), or `all` itself without an order. */
function gatherF64(all: Float64Array, order: Int32Array | null, out: Float64Array): Float64Array {
  if (!order) return all;
  for (let i = 0; i < order.length; i++) out[i] = all[order[i]!]!;
  return out;
}

function gatherU8(all: Uint8Array, order: Int32Array | null, out: Uint8Array): Uint8Array {
  if (!order) return all;
  for (let i = 0; i < order.length; i++) out[i] = all[order[i]!]!;
  return out;
}

function gatherI32(all: Int32Array, order: Int32Array | null, out: Int32Array): Int32Array {
  if (!order) return all;
  for (let i = 0; i < order.length; i++) out[i] = all[order[i]!]!;
  return out;
}

function encodeNumeric(type: ColumnType, parts: readonly { column: NumericColumn; numRows: number }[], order: Int32Array | null, scratch: EncodeScratch): EncodedColumn {
  const { numRows } = scratch;
  let all: Float64Array;
  let allNulls: Uint8Array | null = null;
  if (parts.length === 1) {
    all = parts[0]!.column.values.subarray(0, numRows);
    allNulls = parts[0]!.column.nulls?.subarray(0, numRows) ?? null;
  } else {
    all = scratch.f64(ROWS);
    if (parts.some((p) => p.column.nulls)) allNulls = scratch.u8('concatNulls');
    let at = 0;
    for (const { column, numRows: n } of parts) {
      all.set(column.values.subarray(0, n), at);
      if (column.nulls) allNulls!.set(column.nulls.subarray(0, n), at);
      else allNulls?.fill(0, at, at + n);
      at += n;
    }
  }
  const values = gatherF64(all, order, scratch.f64(GATHERED));
  const nulls = allNulls ? gatherU8(allNulls, order, scratch.u8('nulls')) : null;
  const nullCount = nulls ? countOnes(nulls) : 0;
  const bitmap = nullCount > 0 ? nullBitmap(nulls!, scratch.u8('bitmap', Math.ceil(numRows / 8)).fill(0)) : null;
  const isNull = bitmap ? nulls : null;
  const hasNulls = bitmap !== null;

  if (type === 'FLOAT') {
    const singles = nonNull(values, isNull, new Float32Array(numRows - nullCount));
    const [min, max] = range(singles);
    return { encoding: 'float', hasNulls, min, max, blocks: [() => fixedWidth(bitmap, singles, scratch)] };
  }
  const { min, max, deltaBytes, plainBytes } = longStatistics(values, isNull, type === 'LONG');
  if (deltaBytes === Infinity && plainBytes === Infinity) {
    const stored = nullCount === 0 ? values : nonNull(values, isNull, scratch.f64('nonNull', numRows - nullCount));
    return { encoding: 'double', hasNulls, min, max, blocks: [() => fixedWidth(bitmap, stored, scratch)] };
  }
  const plain = plainBytes < deltaBytes;
  const out = scratch.u8(BLOCK, 1 + (bitmap?.length ?? 0) + Math.min(deltaBytes, plainBytes));
  out[0] = plain ? LONG_PLAIN : LONG_DELTA;
  if (bitmap) out.set(bitmap, 1);
  writeLongs(values, isNull, plain, out, 1 + (bitmap?.length ?? 0));
  return { encoding: 'long', hasNulls, min, max, blocks: [() => out] };
}

function countOnes(flags: Uint8Array): number {
  let n = 0;
  for (let r = 0; r < flags.length; r++) n += flags[r]!;
  return n;
}

/** Sets bit r of `bitmap` for each row r whose null flag is 1; returns `bitmap`. */
function nullBitmap(nulls: Uint8Array, bitmap: Uint8Array): Uint8Array {
  for (let r = 0; r < nulls.length; r++) if (nulls[r] === 1) bitmap[r >>> 3]! |= 1 << (r & 7);
  return bitmap;
}

/** The values of the rows that are not null, into `out`. */
function nonNull<T extends Float64Array | Float32Array>(values: Float64Array, isNull: Uint8Array | null, out: T): T {
  for (let r = 0, k = 0; r < values.length; r++) if (!isNull || isNull[r] === 0) out[k++] = values[r]!;
  return out;
}

/**
 * In one pass over the non-null values: their range, and the varint bytes of the delta and plain
 * forms of a LONG block (Infinity when one does not apply, and for every other type).
 */
function longStatistics(values: Float64Array, isNull: Uint8Array | null, long: boolean): { min: number; max: number; deltaBytes: number; plainBytes: number } {
  let min = Infinity;
  let max = -Infinity;
  let deltaBytes = long ? 0 : Infinity;
  let plainBytes = deltaBytes;
  let previous = 0;
  for (let r = 0; r < values.length; r++) {
    if (isNull && isNull[r] === 1) continue;
    const v = values[r]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (deltaBytes === Infinity && plainBytes === Infinity) continue;
    if (!Number.isSafeInteger(v)) {
      deltaBytes = plainBytes = Infinity;
      continue;
    }
    const d = v - previous;
    deltaBytes += Math.abs(d) > MAX_ZIGZAG_INPUT ? Infinity : varintBytes(zigzag(d));
    plainBytes += Math.abs(v) > MAX_ZIGZAG_INPUT ? Infinity : varintBytes(zigzag(v));
    previous = v;
  }
  return min <= max ? { min, max, deltaBytes, plainBytes } : { min: Number.NaN, max: Number.NaN, deltaBytes, plainBytes };
}

/** Writes the non-null values as varints (of their deltas unless `plain`) from `at`. */
function writeLongs(values: Float64Array, isNull: Uint8Array | null, plain: boolean, out: Uint8Array, at: number): void {
  let previous = 0;
  for (let r = 0; r < values.length; r++) {
    if (isNull && isNull[r] === 1) continue;
    const v = values[r]!;
    at = writeVarint(out, at, zigzag(plain ? v : v - previous));
    previous = v;
  }
}

function varintBytes(v: number): number {
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  let n = 3;
  for (let rest = Math.floor(v / 0x200000); rest > 0; rest = Math.floor(rest / 0x80)) n++;
  return n;
}

function range(values: Float32Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [Number.NaN, Number.NaN];
}

function fixedWidth(bitmap: Uint8Array | null, values: Float64Array | Float32Array, scratch: EncodeScratch): Uint8Array {
  const size = values.byteLength + (bitmap ? bitmap.length + 8 : 0);
  const w = new ByteWriter(size, scratch.u8(BLOCK, size));
  if (bitmap) {
    w.bytes(bitmap);
    w.pad(8);
  }
  w.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return w.finish();
}

/**
 * Encodes a STRING column from its pieces' UTF-8 dictionaries (each piece's ids covering its
 * rows, read one piece at a time), taken in `order` as in {@link encodeColumn}: a sorted
 * dictionary, row ids and a bitmap index.
 */
export function encodeStringColumn(pieces: StringPieces, order: RowOrder, scratch: EncodeScratch): EncodedColumn {
  let dictionary: SortedDictionary | null = sortedDictionary(pieces, scratch.numRows, scratch);
  const { size, hasNulls, ids: concatenatedIds } = dictionary;
  // The rows' order is first needed by the row ids, after the dictionary block.
  let ids: Int32Array | null = null;
  const orderedIds = () => (ids ??= gatherI32(concatenatedIds, rowOrderNow(order), scratch.i32(GATHERED)));
  return {
    encoding: 'dictionary',
    hasNulls,
    min: Number.NaN,
    max: Number.NaN,
    blocks: [
      () => {
        const pieces = dictionaryBlockPieces(dictionary!);
        dictionary = null;
        return pieces;
      },
      () => encodeRowIds(orderedIds(), size, scratch),
      () => encodeBitmapIndex(orderedIds(), size, scratch),
    ],
  };
}

function encodeJson(parts: readonly ColumnPart[], order: Int32Array | null, numRows: number): EncodedColumn {
  const all = new Array<unknown>(numRows);
  let row = 0;
  for (const { column, numRows: n } of parts) for (let r = 0; r < n; r++) all[row++] = valueAt(column, r);
  const values = order ? Array.from(order, (r) => all[r]) : all;
  const hasNulls = values.some((v) => v === null || v === undefined);
  const json = JSON.stringify(values, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  return { encoding: 'json', hasNulls, min: Number.NaN, max: Number.NaN, blocks: [() => Buffer.from(json, 'utf8')] };
}
