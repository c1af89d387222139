import { FaultError, fault } from '@silt/common';
import type { Frame, StringColumn } from '@silt/frame';

const NUMBER_BYTES = 8;

/**
 * Druid's RowTooLarge: every row must fit in one frame of `maxFrameSize` bytes. A row's size is its
 * values' bytes (8 per number, UTF-8 per string, JSON text otherwise). The per-row pass runs only when
 * a row made of each column's widest value could pass the limit, so ordinary frames cost one look at
 * their dictionaries.
 */
export function checkRowSizes(frame: Frame, maxFrameSize: number): void {
  if (!Number.isFinite(maxFrameSize) || frame.numRows === 0 || widestRowBound(frame) <= maxFrameSize) return;
  const sizes = new Float64Array(frame.numRows);
  for (const column of frame.columns) {
    if (column.kind === 'numeric') {
      for (let r = 0; r < frame.numRows; r++) sizes[r]! += NUMBER_BYTES;
    } else if (column.kind === 'string') {
      const bytes = new Map<number, number>();
      const offsets = column.utf8?.offsets;
      for (let r = 0; r < frame.numRows; r++) {
        const id = column.ids[r]!;
        if (id < 0) continue;
        let b = bytes.get(id);
        if (b === undefined) bytes.set(id, (b = offsets ? offsets[id + 1]! - offsets[id]! : Buffer.byteLength(column.dictionary[id]!)));
        sizes[r]! += b;
      }
    } else {
      for (let r = 0; r < frame.numRows; r++) sizes[r]! += valueBytes(column.values[r]);
    }
  }
  for (const size of sizes) if (size > maxFrameSize) throw new FaultError(fault('RowTooLarge', { maxFrameSize }));
}

/** An upper bound of any row's size. */
function widestRowBound(frame: Frame): number {
  let bound = 0;
  for (const column of frame.columns) {
    if (column.kind === 'numeric') bound += NUMBER_BYTES;
    else if (column.kind === 'string') bound += longestValueBytes(column);
    else return Infinity;
  }
  return bound;
}

/** An upper bound of a string column's value bytes: exact from a UTF-8 dictionary, else UTF-16 length × 3. */
function longestValueBytes(column: StringColumn): number {
  let longest = 0;
  if (column.utf8) {
    const { offsets } = column.utf8;
    for (let i = 0; i + 1 < offsets.length; i++) longest = Math.max(longest, offsets[i + 1]! - offsets[i]!);
    return longest;
  }
  for (const s of column.dictionary) if (s.length > longest) longest = s.length;
  return longest * 3;
}

function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value);
  return Buffer.byteLength(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? '');
}
