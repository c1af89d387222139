/**
 * A partition's run files as a segment column source: each column is read from disk when the
 * segment writer asks for it (one positional read per frame), so building a segment holds the
 * row order and one column of the partition, never every column of every run at once. A STRING
 * column is read one frame at a time, as the segment's dictionary takes it in.
 */
import { type FrameFileIndex, concatFrames, indexFrameFileSync, ReadBuffer, readFrameFileColumnSync, readFrameFileStringBytesSync, type Frame } from '@silt/frame';
import { type ColumnSource, commonSignature } from '@silt/segment';

/**
 * The column source of the frame files `files` (in row order), or of their indexes when the caller
 * has them; throws when they hold no frame or differ in signature.
 */
export function runColumnSource(files: readonly string[] | readonly FrameFileIndex[]): ColumnSource {
  const indexes = files.map((f) => (typeof f === 'string' ? indexFrameFileSync(f) : f));
  const frames = indexes.flatMap((ix) => ix.frames);
  const signature = commonSignature(frames.map((f) => f.signature));
  const pieceRows = frames.map((f) => f.numRows);
  return {
    signature,
    pieceRows,
    kinds: (column) => frames.map((f) => f.blocks[column]!.kind),
    pieces: (column) => indexes.flatMap((ix) => readFrameFileColumnSync(ix, column)).map((c, k) => ({ column: c, numRows: pieceRows[k]! })),
    stringBytes: (column) => ({
      pieces: (function* () {
        const buffer = new ReadBuffer();
        for (const ix of indexes) yield* readFrameFileStringBytesSync(ix, column, buffer);
      })(),
      // A block's bytes bound its dictionary's.
      maxBytes: frames.reduce((n, f) => n + f.blocks[column]!.length, 0),
    }),
  };
}

/** The columns named `names` of `source` as one concatenated frame (the segment's sort keys). */
export function sortKeyFrame(source: ColumnSource, names: readonly string[]): Frame {
  const indexes = names.map((name) => source.signature.findIndex((c) => c.name === name)).filter((i) => i >= 0);
  const signature = indexes.map((i) => source.signature[i]!);
  const columns = indexes.map((i) => source.pieces(i));
  const frames = source.pieceRows.map((numRows, k): Frame => ({ signature, numRows, columns: columns.map((pieces) => pieces[k]!.column) }));
  return concatFrames(signature, frames);
}
