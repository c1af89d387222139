/**
 * Where a segment writer takes its rows from: one column at a time. The writer asks for a
 * column's pieces (one per frame), encodes them and drops them before asking for the next, so a
 * source that reads each column from disk on demand (the segment generator's run files) keeps
 * one column of the partition in memory, not the partition.
 */
import { type RowSignature, invalidInput } from '@silt/common';
import type { Frame, FrameColumn } from '@silt/frame';
import type { ColumnPart } from './column-encoders.ts';
import type { StringPieces } from './sorted-dictionary.ts';

/** A segment's rows as frames ("pieces") read column by column. */
export interface ColumnSource {
  /** The signature every piece shares. */
  readonly signature: RowSignature;
  /** Rows of each piece, in row order. */
  readonly pieceRows: readonly number[];
  /** The kind of column `column` (index in the signature) in each piece. */
  kinds(column: number): readonly FrameColumn['kind'][];
  /** Column `column` of each piece; the source need not keep what it returns. */
  pieces(column: number): ColumnPart[];
  /**
   * A STRING column (every piece's kind `string`), piece by piece, each with its dictionary as
   * UTF-8 and ids cut to the piece's rows. Sources that read frame files give it without making a
   * string per value, reading a piece when it is asked for; without it the writer encodes `pieces`.
   */
  stringBytes?(column: number): StringPieces;
}

/** The columns of frames held in memory; throws `invalidInput` when there is no frame or their signatures differ. */
export function frameColumnSource(frames: readonly Frame[]): ColumnSource {
  return {
    signature: commonSignature(frames.map((f) => f.signature)),
    pieceRows: frames.map((f) => f.numRows),
    kinds: (column) => frames.map((f) => f.columns[column]!.kind),
    pieces: (column) => frames.map((f) => ({ column: f.columns[column]!, numRows: f.numRows })),
  };
}

/** A column source as is, or the one of in-memory frames. */
export function toColumnSource(rows: readonly Frame[] | ColumnSource): ColumnSource {
  return isFrames(rows) ? frameColumnSource(rows) : rows;
}

function isFrames(rows: readonly Frame[] | ColumnSource): rows is readonly Frame[] {
  return Array.isArray(rows);
}

/** The signature all `signatures` equal; throws `invalidInput` when there is none or they differ. */
export function commonSignature(signatures: readonly RowSignature[]): RowSignature {
  const first = signatures[0];
  if (!first) throw invalidInput('A segment needs at least one frame');
  const sigText = JSON.stringify(first.map((c) => [c.name, c.type]));
  for (const s of signatures) {
    if (JSON.stringify(s.map((c) => [c.name, c.type])) !== sigText) {
      throw invalidInput('All frames of a segment must have the same signature');
    }
  }
  return first;
}

/** The source's total row count; throws `invalidInput` past what one segment holds. */
export function countRows(source: ColumnSource): number {
  const numRows = source.pieceRows.reduce((n, r) => n + r, 0);
  if (numRows > 0x7fffffff) throw invalidInput(`Too many rows for one segment: ${numRows}`);
  return numRows;
}

/** The columns named `names` of `source`, in that order (others are never read). */
export function selectSourceColumns(source: ColumnSource, names: readonly string[]): ColumnSource {
  const indexes = names.map((name) => {
    const i = source.signature.findIndex((c) => c.name === name);
    if (i < 0) throw invalidInput(`Segment column [${name}] is not in the frames' signature`);
    return i;
  });
  return {
    signature: indexes.map((i) => source.signature[i]!),
    pieceRows: source.pieceRows,
    kinds: (column) => source.kinds(indexes[column]!),
    pieces: (column) => source.pieces(indexes[column]!),
    ...(source.stringBytes && { stringBytes: (column: number) => source.stringBytes!(indexes[column]!) }),
  };
}
