import { randomUUID } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Interval } from '@silt/common';
import type { Frame } from '@silt/frame';
import { type ColumnSource, countRows, frameColumnSource, toColumnSource } from './column-source.ts';
import { layoutSegment } from './segment-layout.ts';

/** What a segment records besides its rows. */
export interface SegmentMeta {
  /** The segment's time chunk. */
  readonly interval: Interval;
  /** Dimension column names, in segment order. */
  readonly dimensions: readonly string[];
  /** Metric column names. */
  readonly metrics: readonly string[];
  /** Whether rollup was applied when the rows were produced. */
  readonly rollup: boolean;
}

/**
 * Encodes frames into a segment file's bytes (format in segment-format.ts). Pure and synchronous,
 * so it runs in worker threads. The frames must share one signature whose first column is
 * `__time` LONG, and be in the segment's sort order already (this function does not sort; see
 * {@link encodeSegmentSorted} to encode unsorted frames through a row order). Throws
 * `invalidInput` when those conditions or the dimension/metric names do not hold.
 *
 * @example
 * ```ts
 * const bytes = encodeSegment([frame], { interval, dimensions: ['page'], metrics: ['added'], rollup: false });
 * const segment = decodeSegment(bytes);
 * ```
 */
export function encodeSegment(frames: readonly Frame[], meta: SegmentMeta): Uint8Array {
  return encode(frames, null, meta);
}

/**
 * Encodes the rows of `frames` taken in `order` into a segment file's bytes, without first
 * concatenating or gathering the frames: `order[i]` is the row, counted over the frames back to
 * back, that becomes the segment's row i (a permutation of 0 … total rows − 1, e.g. a sort
 * permutation computed over the concatenated key columns only). Each column is merged (string
 * dictionaries straight into the segment's sorted dictionary), gathered, encoded and compressed
 * on its own. Same checks as {@link encodeSegment}; throws when `order` is not a permutation.
 *
 * @example
 * ```ts
 * const keys = concatFrames(keySignature, frames.map((f) => selectColumns(f, sortColumns)));
 * const bytes = encodeSegmentSorted(frames, segmentSortPermutation(keys, sortColumns), meta);
 * ```
 */
export function encodeSegmentSorted(frames: readonly Frame[], order: Int32Array, meta: SegmentMeta): Uint8Array {
  checkOrder(order, frames.reduce((n, f) => n + f.numRows, 0));
  return encode(frames, order, meta);
}

function encode(frames: readonly Frame[], order: Int32Array | null, meta: SegmentMeta): Uint8Array {
  const blocks: { bytes: Uint8Array; offset: number }[] = [];
  let out = new Uint8Array(0);
  layoutSegment(frameColumnSource(frames), order, meta, {
    block: ({ codec, bytes }, offset) => blocks.push({ bytes: codec === 'stored' ? bytes.slice() : bytes, offset }),
    finish: (header, size) => {
      out = new Uint8Array(size);
      out.set(header, 0);
      for (const b of blocks.splice(0)) out.set(b.bytes, b.offset);
    },
  });
  return out;
}

/** Checks that `order` is a permutation of 0 … numRows − 1. */
function checkOrder(order: Int32Array, numRows: number): void {
  if (order.length !== numRows) throw new Error(`Row order has ${order.length} rows, the frames ${numRows}`);
  const seen = new Uint8Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const r = order[i]!;
    if (!(r >= 0 && r < numRows) || seen[r] === 1) throw new Error(`Row order is not a permutation (row ${r} at ${i})`);
    seen[r] = 1;
  }
}

/**
 * Writes the segment file of `rows` (frames, or a source that reads them column by column) taken
 * in `order` (see {@link encodeSegmentSorted}; null keeps the rows' order, as
 * {@link encodeSegment}) at `path`, synchronously, for worker threads. Each block goes to disk as
 * soon as its column is encoded, so no copy of the file is held in memory, and a column source is
 * asked for one column at a time. Written to a temporary file renamed into place. Returns the
 * file size and row count.
 *
 * @example
 * ```ts
 * const { size } = writeSegmentFileSync(outPath, frames, segmentSortPermutation(keys, sortColumns), meta);
 * ```
 */
export function writeSegmentFileSync(path: string, rows: readonly Frame[] | ColumnSource, order: Int32Array | null, meta: SegmentMeta): { size: number; numRows: number } {
  const source = toColumnSource(rows);
  const numRows = countRows(source);
  if (order) checkOrder(order, numRows);
  let size = 0;
  writeFileAtomicallySync(path, (fd) =>
    layoutSegment(source, order, meta, {
      block: ({ bytes }, offset) => writeAllSync(fd, bytes, offset),
      finish: (header, total) => {
        writeAllSync(fd, header, 0);
        ftruncateSync(fd, total);
        size = total;
      },
    }),
  );
  return { size, numRows };
}

/**
 * Writes the file at `path` through `write` (given the open file), atomically: into a temporary
 * file renamed into place, which is removed when `write` throws.
 */
export function writeFileAtomicallySync(path: string, write: (fd: number) => void): void {
  const tmp = `${path}.${randomUUID()}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    write(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Writes all of `bytes` at `position` of the open file `fd`. */
export function writeAllSync(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/**
 * Encodes frames (see {@link encodeSegment}) and writes the segment file at `path`, atomically
 * (a temporary file renamed into place). Returns the file size and row count.
 */
export async function writeSegmentFile(path: string, frames: readonly Frame[], meta: SegmentMeta): Promise<{ size: number; numRows: number }> {
  const bytes = encodeSegment(frames, meta);
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { size: bytes.length, numRows: frames.reduce((n, f) => n + f.numRows, 0) };
}
