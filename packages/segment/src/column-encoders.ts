/**
 * Turns one column of a sequence of frames into the raw (uncompressed) blocks of the segment
 * format described in segment-format.ts.
 */
import type { ColumnType } from '@silt/common';
import { compareStrings, type FrameColumn, type NumericColumn, type StringColumn, valueAt } from '@silt/frame';
import { encodeBitmapIndex } from './bitmap-index.ts';
import { ByteWriter, zigzag } from './byte-buffer.ts';
import type { ColumnEncoding } from './segment-format.ts';

/** A column ready to lay out: its encoding, flags, value range and raw blocks. */
export interface EncodedColumn {
  readonly encoding: ColumnEncoding;
  readonly hasNulls: boolean;
  readonly min: number;
  readonly max: number;
  readonly blocks: readonly Uint8Array[];
}

/** One frame's piece of a column: the column and the frame's row count. */
export interface ColumnPart {
  readonly column: FrameColumn;
  readonly numRows: number;
}

const encoder = new TextEncoder();
const MAX_DELTA = 2 ** 52;

/**
 * Encodes a column given its pieces from each frame. Numeric pieces become long/f64/f32 blocks by
 * type; STRING pieces that are all single-valued become a sorted dictionary, row ids and a bitmap
 * index; anything else (multi-value strings, arrays, JSON, mixed kinds) becomes JSON.
 */
export function encodeColumn(type: ColumnType, parts: readonly ColumnPart[], numRows: number): EncodedColumn {
  if (parts.every((p) => p.column.kind === 'numeric')) {
    return encodeNumeric(type, parts as readonly { column: NumericColumn; numRows: number }[], numRows);
  }
  if (parts.every((p) => p.column.kind === 'string')) {
    return encodeDictionary(parts as readonly { column: StringColumn; numRows: number }[], numRows);
  }
  return encodeJson(parts, numRows);
}

function encodeNumeric(type: ColumnType, parts: readonly { column: NumericColumn; numRows: number }[], numRows: number): EncodedColumn {
  let nullCount = 0;
  for (const { column, numRows: n } of parts) {
    if (!column.nulls) continue;
    for (let r = 0; r < n; r++) nullCount += column.nulls[r] === 1 ? 1 : 0;
  }
  const hasNulls = nullCount > 0;
  const values = new Float64Array(numRows - nullCount);
  const bitmap = hasNulls ? new Uint8Array(Math.ceil(numRows / 8)) : null;
  let row = 0;
  let k = 0;
  for (const { column, numRows: n } of parts) {
    const { nulls } = column;
    if (!hasNulls || !nulls) {
      values.set(column.values.subarray(0, n), k);
      k += n;
      row += n;
      continue;
    }
    for (let r = 0; r < n; r++, row++) {
      if (nulls[r] === 1) bitmap![row >>> 3]! |= 1 << (row & 7);
      else values[k++] = column.values[r]!;
    }
  }
  if (type === 'FLOAT') {
    const singles = Float32Array.from(values);
    const [min, max] = range(singles);
    return { encoding: 'float', hasNulls, min, max, blocks: [fixedWidth(bitmap, singles)] };
  }
  const [min, max] = range(values);
  if (type === 'LONG' && deltaEncodable(values)) {
    const w = new ByteWriter(values.length + 16);
    if (bitmap) w.bytes(bitmap);
    let prev = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      w.varint(zigzag(v - prev));
      prev = v;
    }
    return { encoding: 'long', hasNulls, min, max, blocks: [w.finish()] };
  }
  return { encoding: 'double', hasNulls, min, max, blocks: [fixedWidth(bitmap, values)] };
}

function deltaEncodable(values: Float64Array): boolean {
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isSafeInteger(v) || Math.abs(v - prev) > MAX_DELTA) return false;
    prev = v;
  }
  return true;
}

function range(values: Float64Array | Float32Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [Number.NaN, Number.NaN];
}

function fixedWidth(bitmap: Uint8Array | null, values: Float64Array | Float32Array): Uint8Array {
  const w = new ByteWriter(values.byteLength + (bitmap ? bitmap.length + 8 : 0));
  if (bitmap) {
    w.bytes(bitmap);
    w.pad(8);
  }
  w.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return w.finish();
}

function encodeDictionary(parts: readonly { column: StringColumn; numRows: number }[], numRows: number): EncodedColumn {
  // Map each piece's local ids to ids over the distinct values actually used, then sort those.
  const seen = new Map<string, number>();
  const distinct: string[] = [];
  const localMaps = parts.map(({ column, numRows: n }) => {
    const map = new Int32Array(column.dictionary.length).fill(-1);
    for (let r = 0; r < n; r++) {
      const id = column.ids[r]!;
      if (id < 0 || map[id] !== -1) continue;
      const s = column.dictionary[id]!;
      let g = seen.get(s);
      if (g === undefined) {
        g = distinct.length;
        distinct.push(s);
        seen.set(s, g);
      }
      map[id] = g;
    }
    return map;
  });
  const order = distinct.map((_, i) => i).sort((a, b) => compareStrings(distinct[a]!, distinct[b]!));
  const rank = new Int32Array(distinct.length);
  order.forEach((g, r) => (rank[g] = r));
  const dictionary = order.map((g) => distinct[g]!);

  const ids = new Int32Array(numRows);
  let row = 0;
  let hasNulls = false;
  parts.forEach(({ column, numRows: n }, i) => {
    const map = localMaps[i]!;
    for (let r = 0; r < n; r++, row++) {
      const id = column.ids[r]!;
      if (id < 0) {
        ids[row] = -1;
        hasNulls = true;
      } else {
        ids[row] = rank[map[id]!]!;
      }
    }
  });
  return {
    encoding: 'dictionary',
    hasNulls,
    min: Number.NaN,
    max: Number.NaN,
    blocks: [encodeStrings(dictionary), encodeIds(ids, dictionary.length), encodeBitmapIndex(ids, dictionary.length)],
  };
}

function encodeStrings(dictionary: readonly string[]): Uint8Array {
  const encoded = dictionary.map((s) => encoder.encode(s));
  const bytes = encoded.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(8 + (dictionary.length + 1) * 4 + bytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, dictionary.length, true);
  view.setUint32(4, bytes, true);
  let offset = 0;
  let at = 8 + (dictionary.length + 1) * 4;
  encoded.forEach((b, i) => {
    view.setUint32(8 + i * 4, offset, true);
    out.set(b, at);
    at += b.length;
    offset += b.length;
  });
  view.setUint32(8 + dictionary.length * 4, offset, true);
  return out;
}

/** Row-id width in bytes for a dictionary of `size` values (ids are stored plus one; 0 = null). */
function idWidth(size: number): 1 | 2 | 4 {
  return size <= 0xff ? 1 : size <= 0xffff ? 2 : 4;
}

function encodeIds(ids: Int32Array, dictSize: number): Uint8Array {
  const width = idWidth(dictSize);
  const out = new Uint8Array(4 + ids.length * width);
  out[0] = width;
  const packed = width === 1 ? out.subarray(4) : width === 2 ? new Uint16Array(out.buffer, 4, ids.length) : new Uint32Array(out.buffer, 4, ids.length);
  for (let r = 0; r < ids.length; r++) packed[r] = ids[r]! + 1;
  return out;
}

function encodeJson(parts: readonly ColumnPart[], numRows: number): EncodedColumn {
  const values = new Array<unknown>(numRows);
  let row = 0;
  let hasNulls = false;
  for (const { column, numRows: n } of parts) {
    for (let r = 0; r < n; r++) {
      const v = valueAt(column, r);
      if (v === null || v === undefined) hasNulls = true;
      values[row++] = v ?? null;
    }
  }
  const json = JSON.stringify(values, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  return { encoding: 'json', hasNulls, min: Number.NaN, max: Number.NaN, blocks: [encoder.encode(json)] };
}
