import type { RowSignature } from '@silt/common';
import { columnBuilder } from './column-builder.ts';
import { type FrameColumn, gatherColumn, valueAt } from './column.ts';

/**
 * A frame: a batch of rows held column by column, with the signature that names and types them.
 * Frames are immutable once built; operators make new ones.
 */
export interface Frame {
  readonly signature: RowSignature;
  readonly numRows: number;
  readonly columns: readonly FrameColumn[];
}

/** A frame from row arrays (values in signature order). For small inputs and tests; hot paths build columns. */
export function frameFromRows(signature: RowSignature, rows: readonly (readonly unknown[])[]): Frame {
  const builders = signature.map((c) => columnBuilder(c.type, rows.length));
  for (const row of rows) for (let c = 0; c < builders.length; c++) builders[c]!.add(row[c]);
  return { signature, numRows: rows.length, columns: builders.map((b) => b.build()) };
}

/** The frame's rows as arrays of plain values, in signature order. */
export function frameToRows(frame: Frame): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 0; r < frame.numRows; r++) rows.push(frame.columns.map((c) => valueAt(c, r)));
  return rows;
}

/** A frame holding the given rows of `frame`, in the given order. */
export function gatherFrame(frame: Frame, rows: Int32Array | readonly number[]): Frame {
  return { signature: frame.signature, numRows: rows.length, columns: frame.columns.map((c) => gatherColumn(c, rows)) };
}

/** Index of a column by name, or -1. */
export function columnIndex(frame: Frame | { signature: RowSignature }, name: string): number {
  return frame.signature.findIndex((c) => c.name === name);
}

/** Concatenates frames with the same signature into one (string dictionaries are merged). */
export function concatFrames(signature: RowSignature, frames: readonly Frame[]): Frame {
  if (frames.length === 1) return frames[0]!;
  const numRows = frames.reduce((n, f) => n + f.numRows, 0);
  const builders = signature.map((c) => columnBuilder(c.type, numRows));
  for (const f of frames) {
    for (let c = 0; c < builders.length; c++) {
      const col = f.columns[c]!;
      const b = builders[c]!;
      for (let r = 0; r < f.numRows; r++) b.add(valueAt(col, r));
    }
  }
  return { signature, numRows, columns: builders.map((b) => b.build()) };
}

/** An empty frame with the given signature. */
export function emptyFrame(signature: RowSignature): Frame {
  return frameFromRows(signature, []);
}
