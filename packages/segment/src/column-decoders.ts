/**
 * Decodes the raw (inflated) blocks of one segment column back into a frame column. Layouts are
 * documented in segment-format.ts.
 */
import type { FrameColumn, ObjectColumn } from '@silt/frame';
import { align, ByteReader, typedAt, unzigzag } from './byte-buffer.ts';
import type { SegmentColumnInfo } from './segment-format.ts';

const decoder = new TextDecoder();

/** Expands a null bitmap (bit per row) into the frame's byte mask (1 = null). */
function nullMask(block: Uint8Array, numRows: number): { nulls: Uint8Array; nullCount: number } {
  const bytes = Math.ceil(numRows / 8);
  if (block.length < bytes) throw new Error('Corrupt segment: null bitmap overruns its block');
  const nulls = new Uint8Array(numRows);
  let nullCount = 0;
  for (let r = 0; r < numRows; r++) {
    const bit = (block[r >>> 3]! >>> (r & 7)) & 1;
    nulls[r] = bit;
    nullCount += bit;
  }
  return { nulls, nullCount };
}

/** Decodes a long (delta/zigzag varint) block. */
export function decodeLongBlock(block: Uint8Array, numRows: number, hasNulls: boolean): FrameColumn {
  const values = new Float64Array(numRows);
  let nulls: Uint8Array | null = null;
  const reader = new ByteReader(block, 0);
  let prev = 0;
  if (hasNulls) {
    nulls = nullMask(block, numRows).nulls;
    reader.pos = Math.ceil(numRows / 8);
    for (let r = 0; r < numRows; r++) {
      if (nulls[r] === 1) continue;
      prev += unzigzag(reader.varint());
      values[r] = prev;
    }
  } else {
    for (let r = 0; r < numRows; r++) {
      const z = reader.varint();
      prev += z < 0x80000000 ? (z >>> 1) ^ -(z & 1) : unzigzag(z);
      values[r] = prev;
    }
  }
  reader.checkInBounds('long column');
  return { kind: 'numeric', values, nulls };
}

/** Decodes an f64 (`double`) or f32 (`float`) block. */
export function decodeFixedBlock(block: Uint8Array, numRows: number, hasNulls: boolean, width: 4 | 8): FrameColumn {
  let nulls: Uint8Array | null = null;
  let nullCount = 0;
  let at = 0;
  if (hasNulls) {
    ({ nulls, nullCount } = nullMask(block, numRows));
    at = align(Math.ceil(numRows / 8), 8);
  }
  const count = numRows - nullCount;
  const stored = width === 8 ? typedAt(Float64Array, block, at, count) : typedAt(Float32Array, block, at, count);
  if (!nulls) return { kind: 'numeric', values: stored instanceof Float64Array ? stored : Float64Array.from(stored), nulls: null };
  const values = new Float64Array(numRows);
  let k = 0;
  for (let r = 0; r < numRows; r++) if (nulls[r] === 0) values[r] = stored[k++]!;
  return { kind: 'numeric', values, nulls };
}

/** Decodes a dictionary block into its sorted values. */
export function decodeDictionaryBlock(block: Uint8Array): string[] {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const size = view.getUint32(0, true);
  const byteLength = view.getUint32(4, true);
  const dataAt = 8 + (size + 1) * 4;
  if (dataAt + byteLength > block.length) throw new Error('Corrupt segment: dictionary overruns its block');
  const data = block.subarray(dataAt, dataAt + byteLength);
  const offsets = typedAt(Uint32Array, block, 8, size + 1);
  const dictionary = new Array<string>(size);
  // Pure ASCII (the common case): decode once and slice, byte offsets being character offsets.
  let ascii = true;
  for (let i = 0; i < data.length; i++) {
    if (data[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    const all = decoder.decode(data);
    for (let i = 0; i < size; i++) dictionary[i] = all.slice(offsets[i]!, offsets[i + 1]!);
  } else {
    for (let i = 0; i < size; i++) dictionary[i] = decoder.decode(data.subarray(offsets[i]!, offsets[i + 1]!));
  }
  return dictionary;
}

/** Decodes a row-id block into dictionary ids (-1 = null). */
export function decodeIdsBlock(block: Uint8Array, numRows: number): Int32Array {
  const width = block[0];
  const packed =
    width === 1
      ? block.subarray(4, 4 + numRows)
      : width === 2
        ? typedAt(Uint16Array, block, 4, numRows)
        : width === 4
          ? typedAt(Uint32Array, block, 4, numRows)
          : null;
  if (!packed || packed.length !== numRows) throw new Error('Corrupt segment: bad row-id block');
  const ids = new Int32Array(numRows);
  for (let r = 0; r < numRows; r++) ids[r] = packed[r]! - 1;
  return ids;
}

/** Decodes a JSON block (one array element per row). */
export function decodeJsonBlock(block: Uint8Array, numRows: number): ObjectColumn {
  const values = JSON.parse(decoder.decode(block)) as unknown[];
  if (!Array.isArray(values) || values.length !== numRows) throw new Error('Corrupt segment: JSON column row count');
  return { kind: 'object', values };
}

/** The number of blocks each encoding uses. */
export function expectedBlocks(info: SegmentColumnInfo): number {
  return info.encoding === 'dictionary' ? 3 : 1;
}
