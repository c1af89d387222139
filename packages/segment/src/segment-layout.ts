/**
 * Lays a segment out (format in segment-format.ts): checks the frames, encodes and compresses one
 * column at a time, and hands each stored block to a sink at its final file offset as soon as it
 * is made, the header last. A sink that writes to a file keeps no block in memory.
 */
import { type RowSignature, invalidInput } from '@silt/common';
import { type StoredBlock, storePieces } from './block-codec.ts';
import { align } from './byte-buffer.ts';
import { type RowOrder, columnBlockCount, encodeColumn, encodeStringColumn } from './column-encoders.ts';
import { type ColumnSource, countRows } from './column-source.ts';
import { EncodeScratch } from './encode-scratch.ts';
import { encodeHeader, headerLength, type SegmentColumnInfo, type SegmentHeader } from './segment-format.ts';
import type { SegmentMeta } from './segment-writer.ts';

/** Where laid-out bytes go. */
export interface BlockSink {
  /**
   * Places a block, or a piece of one, at `offset` from the file start (past the header; a block
   * starts 8-aligned). Bytes stored raw (codec `stored`) may be a work array reused after the
   * call: copy or write them now.
   */
  block(block: StoredBlock, offset: number): void;
  /** Places the header at offset 0, after every block; `size` is the file's total length. */
  finish(header: Uint8Array, size: number): void;
}

/**
 * Encodes the rows of `source`, taken in `order` (null: as concatenated), into `sink`. Throws
 * `invalidInput` unless the source's signature starts with `__time` LONG and holds the dimensions
 * and metrics of `meta`. Returns the row count.
 */
export function layoutSegment(source: ColumnSource, order: Int32Array | null, meta: SegmentMeta, sink: BlockSink): number {
  const { signature } = source;
  checkSegmentSignature(signature, meta);
  const numRows = countRows(source);

  const header = (columns: readonly SegmentColumnInfo[]) => segmentHeader(numRows, meta, columns);
  // The header's length depends only on names, types and block counts, so blocks can be placed
  // before it is written.
  const placeholder = signature.map(
    (c, i): SegmentColumnInfo => ({
      name: c.name,
      type: c.type,
      encoding: 'long',
      hasNulls: false,
      min: 0,
      max: 0,
      blocks: Array.from({ length: columnBlockCount(source.kinds(i)) }, () => ({ codec: 'stored', offset: 0, storedLength: 0, rawLength: 0 })),
    }),
  );
  const start = align(headerLength(header(placeholder)), 8);
  const { columns, end } = layoutColumns(source, signature.map((_, i) => i), order, start, sink.block);
  sink.finish(encodeHeader(header(columns)), end);
  return numRows;
}

/** Throws `invalidInput` unless `signature` starts with `__time` LONG and holds `meta`'s columns. */
export function checkSegmentSignature(signature: RowSignature, meta: SegmentMeta): void {
  if (signature[0]?.name !== '__time' || signature[0].type !== 'LONG') {
    throw invalidInput('The first column of a segment must be __time of type LONG');
  }
  const names = new Set(signature.map((c) => c.name));
  for (const name of [...meta.dimensions, ...meta.metrics]) {
    if (!names.has(name)) throw invalidInput(`Segment column [${name}] is not in the frames' signature`);
  }
}

/** The segment header of `columns` (in file order). */
export function segmentHeader(numRows: number, meta: SegmentMeta, columns: readonly SegmentColumnInfo[]): SegmentHeader {
  return { numRows, interval: meta.interval, rollup: meta.rollup, dimensions: meta.dimensions, metrics: meta.metrics, columns };
}

/**
 * Encodes and compresses the columns at `indexes` of `source` (rows taken in `order`), one at a
 * time in that order (each column's pieces and dictionary are dropped before the next is asked
 * for; row-sized work arrays are reused), placing each block at the next 8-aligned offset from
 * `start`. The next index is asked for only once the column before is placed. Returns the
 * columns' descriptions and the offset past the last block.
 */
export function layoutColumns(
  source: ColumnSource,
  indexes: Iterable<number>,
  order: RowOrder,
  start: number,
  place: (block: StoredBlock, offset: number) => void,
): { columns: SegmentColumnInfo[]; end: number } {
  const { signature } = source;
  const scratch = new EncodeScratch(countRows(source));
  let at = start;
  const columns: SegmentColumnInfo[] = [];
  for (const i of indexes) {
    const c = signature[i]!;
    const kinds = source.kinds(i);
    const strings = source.stringBytes && kinds.length > 0 && kinds.every((k) => k === 'string');
    const { encoding, hasNulls, min, max, blocks } = strings
      ? encodeStringColumn(source.stringBytes!(i), order, scratch)
      : encodeColumn(c.type, source.pieces(i), order, scratch);
    columns.push({
      name: c.name,
      type: c.type,
      encoding,
      hasNulls,
      min,
      max,
      blocks: blocks.map((make) => {
        const offset = at;
        const raw = make();
        const { codec, storedLength, rawLength } = storePieces(raw instanceof Uint8Array ? [raw] : raw, (piece, from) => place(piece, offset + from));
        at = align(offset + storedLength, 8);
        return { codec, offset, storedLength, rawLength };
      }),
    });
  }
  return { columns, end: at };
}
