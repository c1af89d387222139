/**
 * Lays a segment out (format in segment-format.ts): checks the frames, encodes and compresses one
 * column at a time, and hands each stored block to a sink at its final file offset as soon as it
 * is made, the header last. A sink that writes to a file keeps no block in memory.
 */
import { type RowSignature, invalidInput } from '@silt/common';
import type { Frame } from '@silt/frame';
import { compressBlock, type StoredBlock } from './block-codec.ts';
import { align } from './byte-buffer.ts';
import { columnBlockCount, encodeColumn } from './column-encoders.ts';
import { EncodeScratch } from './encode-scratch.ts';
import { encodeHeader, headerLength, type SegmentColumnInfo, type SegmentHeader } from './segment-format.ts';
import type { SegmentMeta } from './segment-writer.ts';

/** Where laid-out bytes go. */
export interface BlockSink {
  /**
   * Places a block at `offset` from the file start (8-aligned, past the header). A block stored
   * raw (codec `stored`) may be a work array reused after the call: copy or write it now.
   */
  block(block: StoredBlock, offset: number): void;
  /** Places the header at offset 0, after every block; `size` is the file's total length. */
  finish(header: Uint8Array, size: number): void;
}

/**
 * Encodes the rows of `frames`, taken in `order` (null: as concatenated), into `sink`. Throws
 * `invalidInput` unless the frames share one signature starting with `__time` LONG that holds the
 * dimensions and metrics of `meta`. Returns the row count.
 */
export function layoutSegment(frames: readonly Frame[], order: Int32Array | null, meta: SegmentMeta, sink: BlockSink): number {
  const signature = commonSignature(frames);
  checkSegmentSignature(signature, meta);
  const numRows = countRows(frames);

  const partsOf = (i: number) => frames.map((f) => ({ column: f.columns[i]!, numRows: f.numRows }));
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
      blocks: Array.from({ length: columnBlockCount(partsOf(i)) }, () => ({ codec: 'stored', offset: 0, storedLength: 0, rawLength: 0 })),
    }),
  );
  const start = align(headerLength(header(placeholder)), 8);
  const { columns, end } = layoutColumns(frames, signature.map((_, i) => i), order, start, sink.block);
  sink.finish(encodeHeader(header(columns)), end);
  return numRows;
}

/** The signature every frame shares; throws `invalidInput` when there is no frame or they differ. */
export function commonSignature(frames: readonly Frame[]): RowSignature {
  const first = frames[0];
  if (!first) throw invalidInput('A segment needs at least one frame');
  const sigText = JSON.stringify(first.signature.map((c) => [c.name, c.type]));
  for (const f of frames) {
    if (JSON.stringify(f.signature.map((c) => [c.name, c.type])) !== sigText) {
      throw invalidInput('All frames of a segment must have the same signature');
    }
  }
  return first.signature;
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

/** The frames' total row count; throws `invalidInput` past what one segment holds. */
export function countRows(frames: readonly Frame[]): number {
  const numRows = frames.reduce((n, f) => n + f.numRows, 0);
  if (numRows > 0x7fffffff) throw invalidInput(`Too many rows for one segment: ${numRows}`);
  return numRows;
}

/** The segment header of `columns` (in file order). */
export function segmentHeader(numRows: number, meta: SegmentMeta, columns: readonly SegmentColumnInfo[]): SegmentHeader {
  return { numRows, interval: meta.interval, rollup: meta.rollup, dimensions: meta.dimensions, metrics: meta.metrics, columns };
}

/**
 * Encodes and compresses the columns at `indexes` of `frames` (taken in `order`), one at a time,
 * placing each block at the next 8-aligned offset from `start`. Returns the columns' descriptions
 * and the offset past the last block.
 */
export function layoutColumns(
  frames: readonly Frame[],
  indexes: readonly number[],
  order: Int32Array | null,
  start: number,
  place: (block: StoredBlock, offset: number) => void,
): { columns: SegmentColumnInfo[]; end: number } {
  const signature = frames[0]!.signature;
  const partsOf = (i: number) => frames.map((f) => ({ column: f.columns[i]!, numRows: f.numRows }));
  const scratch = new EncodeScratch(frames.reduce((n, f) => n + f.numRows, 0));
  let at = start;
  const columns = indexes.map((i): SegmentColumnInfo => {
    const c = signature[i]!;
    const { encoding, hasNulls, min, max, blocks } = encodeColumn(c.type, partsOf(i), order, scratch);
    return {
      name: c.name,
      type: c.type,
      encoding,
      hasNulls,
      min,
      max,
      blocks: blocks.map(({ bytes, content }) => {
        const stored = compressBlock(bytes, content);
        const offset = at;
        place(stored, offset);
        at = align(at + stored.bytes.length, 8);
        return { codec: stored.codec, offset, storedLength: stored.bytes.length, rawLength: stored.rawLength };
      }),
    };
  });
  return { columns, end: at };
}
