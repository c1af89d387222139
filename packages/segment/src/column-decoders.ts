/**
 * Decodes the raw (decompressed) blocks of one segment column back into a frame column. Layouts are
 * documented in segment-format.ts.
 */
import { type FrameColumn, type ObjectColumn, markLongValues } from '@silt/frame';
import { align, ByteReader, typedAt, unzigzag } from './byte-buffer.ts';
import type { SegmentColumnInfo } from './segment-format.ts';

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

/** Decodes a long block: mode byte (0 delta, 1 plain), null bitmap, zigzag varints. */
export function decodeLongBlock(block: Uint8Array, numRows: number, hasNulls: boolean): FrameColumn {
  const mode = block[0];
  if (mode !== 0 && mode !== 1) throw new Error(`Corrupt segment: long block mode ${String(mode)}`);
  const delta = mode === 0 ? 1 : 0;
  const values = new Float64Array(numRows);
  let nulls: Uint8Array | null = null;
  const reader = new ByteReader(block, 1);
  let prev = 0;
  if (hasNulls) {
    nulls = nullMask(block.subarray(1), numRows).nulls;
    reader.pos = 1 + Math.ceil(numRows / 8);
  }
  // Values past 2^53 may have rounded (varints and delta sums are doubles here): only a column of
  // safe integers is marked as such. None is -0: a varint's value is +0, and so is -0 + 0.
  let safe = true;
  for (let r = 0; r < numRows; r++) {
    if (nulls && nulls[r] === 1) continue;
    const z = reader.varint();
    prev = prev * delta + (z < 0x80000000 ? (z >>> 1) ^ -(z & 1) : unzigzag(z));
    values[r] = prev;
    if (prev > Number.MAX_SAFE_INTEGER || prev < -Number.MAX_SAFE_INTEGER) safe = false;
  }
  reader.checkInBounds('long column');
  return { kind: 'numeric', values: safe ? markLongValues(values) : values, nulls };
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

/** Decodes a JSON block (one array element per row). */
export function decodeJsonBlock(block: Uint8Array, numRows: number): ObjectColumn {
  const values = JSON.parse(Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('utf8')) as unknown[];
  if (!Array.isArray(values) || values.length !== numRows) throw new Error('Corrupt segment: JSON column row count');
  return { kind: 'object', values };
}

/** The number of blocks each encoding uses. */
export function expectedBlocks(info: SegmentColumnInfo): number {
  return info.encoding === 'dictionary' ? 3 : 1;
}
