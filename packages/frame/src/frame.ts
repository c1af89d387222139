import type { RowSignature } from '@silt/common';
import { columnBuilder } from './column-builder.ts';
import { type FrameColumn, columnLength, gatherColumn, sliceColumn, valueAt } from './column.ts';
import { mergeDictionaries } from './dictionary-merge.ts';

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

/** Rows `start` (inclusive) to `end` (exclusive) of `frame`; typed arrays are views, not copies. */
export function sliceFrame(frame: Frame, start: number, end: number): Frame {
  if (start === 0 && end === frame.numRows) return frame;
  return { signature: frame.signature, numRows: end - start, columns: frame.columns.map((c) => sliceColumn(c, start, end)) };
}

/** Index of a column by name, or -1. */
export function columnIndex(frame: Frame | { signature: RowSignature }, name: string): number {
  return frame.signature.findIndex((c) => c.name === name);
}

/**
 * Concatenates frames with the same signature into one, column by column: numbers are copied as
 * typed arrays; string dictionaries are merged by `mergeDictionaries` (one hash lookup per entry
 * of each distinct dictionary array, so frames gathered from one frame merge once), then ids are
 * remapped with one array lookup per row.
 */
export function concatFrames(signature: RowSignature, frames: readonly Frame[]): Frame {
  if (frames.length === 1) return frames[0]!;
  const numRows = frames.reduce((n, f) => n + f.numRows, 0);
  const columns = signature.map((c, i) => concatColumns(frames.map((f) => f.columns[i]!), numRows, c.type));
  return { signature, numRows, columns };
}

/**
 * The named columns of `frame`, in the order given (no copy). Names the frame does not have are
 * left out, so the result's signature may be shorter than `names`.
 *
 * @example
 * ```ts
 * const keys = concatFrames(keySignature, frames.map((f) => selectColumns(f, ['__time', 'channel'])));
 * ```
 */
export function selectColumns(frame: Frame, names: readonly string[]): Frame {
  const indexes = names.map((name) => columnIndex(frame, name)).filter((i) => i >= 0);
  return { signature: indexes.map((i) => frame.signature[i]!), numRows: frame.numRows, columns: indexes.map((i) => frame.columns[i]!) };
}

function concatColumns(parts: readonly FrameColumn[], numRows: number, type: RowSignature[number]['type']): FrameColumn {
  if (parts.every((p) => p.kind === 'numeric')) {
    const values = new Float64Array(numRows);
    const nulls = parts.some((p) => p.nulls) ? new Uint8Array(numRows) : null;
    let at = 0;
    for (const p of parts) {
      values.set(p.values, at);
      if (nulls && p.nulls) nulls.set(p.nulls, at);
      at += p.values.length;
    }
    return { kind: 'numeric', values, nulls };
  }
  if (parts.every((p) => p.kind === 'string')) {
    const ids = new Int32Array(numRows);
    const { dictionary } = mergeDictionaries(parts, ids);
    return { kind: 'string', ids, dictionary };
  }
  const b = columnBuilder(type, numRows);
  for (const p of parts) for (let r = 0, n = columnLength(p); r < n; r++) b.add(valueAt(p, r));
  return b.build();
}

/** An empty frame with the given signature. */
export function emptyFrame(signature: RowSignature): Frame {
  return frameFromRows(signature, []);
}
