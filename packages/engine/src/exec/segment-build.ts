/**
 * Building a segment from a partition's sorted runs, in pool threads: whole (one task), or in parts
 * that several threads encode at once, each claiming columns as it goes, beside one task that sorts
 * the rows and writes their order to a file, and before one task assembles the parts. The runs are read column by column from
 * disk (`run-column-source.ts`): a task holds the row order and the column it encodes, not the
 * partition.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { RowSignature } from '@silt/common';
import { type Frame, type FrameFileIndex, columnIndex, indexFrameFileSync, readFrameFileColumnSync } from '@silt/frame';
import { type ColumnSource, type SegmentMeta, type SegmentPart, selectSourceColumns, writeSegmentFileSync, writeSegmentPartSync } from '@silt/segment';
import { runColumnSource, sortKeyFrame } from './run-column-source.ts';
import { segmentSortPermutation } from './segment-sort.ts';

/** Run bytes from which a segment's columns are encoded by every thread (about 80k wikipedia rows). */
export const LARGE_SEGMENT_RUN_BYTES = 16 << 20;

/**
 * Into how many parts (each a task claiming columns) a segment whose runs hold `runBytes` is
 * split, on a pool of `threads` while the stage builds `partitionsInFlight` segments at once (1:
 * built whole). A large segment is split over every thread whatever the other workers build: a
 * worker cannot tell whether their segments are as large, and a thread left idle beside one large
 * segment's build doubles its time. Smaller ones share the threads left to them.
 */
export function segmentBuildParts(runBytes: number, threads: number, partitionsInFlight: number): number {
  if (runBytes >= LARGE_SEGMENT_RUN_BYTES) return threads;
  return Math.max(1, Math.floor(threads / Math.max(1, partitionsInFlight)));
}

/** Builds the whole segment of `files` at `outPath`. */
export function buildSegment(files: readonly string[], sortColumns: readonly string[], meta: SegmentMeta, outPath: string): { numRows: number; size: number; signature: RowSignature } {
  const source = runColumnSource(files);
  const order = sortOrder(source, sortColumns);
  const columns = segmentColumns(source.signature, meta);
  const written = columns.length === source.signature.length ? source : selectSourceColumns(source, columns.map((c) => c.name));
  const { numRows, size } = writeSegmentFileSync(outPath, written, order, meta);
  return { numRows, size, signature: columns };
}

/**
 * The columns a segment holds, in the runs' order: `__time`, the dimensions and the metrics. The
 * runs may carry more (hidden CLUSTERED BY columns the rows were sorted on), which are not written.
 */
export function segmentColumns(signature: RowSignature, meta: SegmentMeta): RowSignature {
  const kept = new Set(['__time', ...meta.dimensions, ...meta.metrics]);
  return signature.filter((c) => kept.has(c.name));
}

/**
 * Sorts the rows of the segment of `files` and writes their order to the file `outPath` (one int32
 * per row, see {@link segmentSortPermutation}) for the tasks that encode its columns in parts: the sort
 * is done once, and its memory is free again before any column is encoded.
 */
export function sortSegmentRows(files: readonly string[], sortColumns: readonly string[], outPath: string): { numRows: number } {
  const order = sortOrder(runColumnSource(files), sortColumns);
  // Written whole, then renamed: a part task that finds the file finds all of it.
  writeFileSync(`${outPath}.tmp`, new Uint8Array(order.buffer, order.byteOffset, order.byteLength));
  renameSync(`${outPath}.tmp`, outPath);
  return { numRows: order.length };
}

/**
 * Encodes columns of the segment of `files` into the part file `outPath`, rows taken in the order
 * written at `orderPath` by {@link sortSegmentRows}: as many as it can claim. The part tasks of
 * one segment share `claims` (an int32 in shared memory, starting at 0) and each takes, one at a
 * time, the next column of the same list, the costliest first (see {@link costliestFirst}), until
 * none is left: a thread whose columns went faster than estimated takes more, so the parts end
 * within about one column's time of each other whatever the estimate got wrong. A part may start
 * while the rows are still being sorted: a STRING column asks for their order only once its
 * dictionary block is written (see `RowOrder`), and a part that needs the order before the file
 * is there sorts the rows itself. A part that claims nothing is an empty part file.
 */
export function buildSegmentPart(
  files: readonly string[],
  orderPath: string,
  sortColumns: readonly string[],
  meta: SegmentMeta,
  claims: Int32Array,
  outPath: string,
): { part: SegmentPart; signature: RowSignature } {
  const indexes = files.map((f) => indexFrameFileSync(f));
  const source = runColumnSource(indexes);
  const signature = segmentColumns(source.signature, meta);
  const sample = firstFrame(indexes[0]!);
  const sampleCosts = encodingCosts(sample);
  const columns = costliestFirst(signature, signature.map((c) => sampleCosts[columnIndex(sample, c.name)]!));
  function* claimed(): Generator<string> {
    for (let next = Atomics.add(claims, 0, 1); next < columns.length; next = Atomics.add(claims, 0, 1)) yield columns[next]!;
  }
  let order: Int32Array | null = null;
  const lateOrder = () => (order ??= existsSync(orderPath) ? readRowOrder(orderPath) : sortOrder(source, sortColumns));
  return { part: writeSegmentPartSync(outPath, source, lateOrder, claimed()), signature };
}

/** The row order written by {@link sortSegmentRows}. */
function readRowOrder(path: string): Int32Array {
  const bytes = readFileSync(path);
  return bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) : new Int32Array(new Uint8Array(bytes).buffer);
}

/** The first frame of the frame file of `index`, read alone (a run may hold many). */
function firstFrame(index: FrameFileIndex): Frame {
  const first = { path: index.path, frames: index.frames.slice(0, 1) };
  const frame = first.frames[0];
  if (!frame) throw new Error(`Run file [${index.path}] holds no frame`);
  return { signature: frame.signature, numRows: frame.numRows, columns: frame.signature.map((_, i) => readFrameFileColumnSync(first, i)[0]!) };
}

/** The segment's row order, from the sort key columns only. */
function sortOrder(source: ColumnSource, sortColumns: readonly string[]): Int32Array {
  return segmentSortPermutation(sortKeyFrame(source, sortColumns), sortColumns);
}

/**
 * Relative cost of encoding each column, from a sample frame: every value costs 1, and string
 * columns cost their dictionary's text besides (segment dictionaries deduplicate, sort and compress
 * it), JSON values are parsed and re-serialised. A dictionary that already ascends (ISO timestamps of
 * time-sorted rows) is kept as it is, with no hash or sort: per character it cost 2.5x less than the
 * others on wikipedia rows (1M rows: `time` 0.36 s; `comment`, `page`, `user` 1.58 / 0.61 / 0.29 s
 * for 2.6 / 1.0 / 0.5 times its text), so it counts 0.6 per character instead of 1.5.
 */
export function encodingCosts(sample: Frame): number[] {
  return sample.columns.map((c) => {
    if (c.kind === 'string') return sample.numRows + (ascends(c.dictionary) ? 0.6 : 1.5) * c.dictionary.reduce((n, s) => n + s.length, 0);
    return c.kind === 'object' ? 5 * sample.numRows : sample.numRows;
  });
}

function ascends(dictionary: readonly string[]): boolean {
  for (let i = 1; i < dictionary.length; i++) if (!(dictionary[i - 1]! < dictionary[i]!)) return false;
  return true;
}

/**
 * The names of `signature`'s columns, the costliest first (by `costs`, one per column), columns of
 * equal cost in signature order: the order in which a segment's part tasks claim them, so that the
 * cheap ones come last and even out where the parts end.
 */
export function costliestFirst(signature: RowSignature, costs: readonly number[]): string[] {
  return signature.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b).map((i) => signature[i]!.name);
}
