/**
 * Building a segment from a partition's sorted runs, in pool threads: whole (one task), or in column
 * groups that several threads encode at once (each task sorts the keys itself, so no task waits for
 * another) and one task then assembles.
 */
import type { RowSignature } from '@silt/common';
import { type Frame, columnIndex, concatFrames, readFrameFileSync, selectColumns } from '@silt/frame';
import { type SegmentMeta, type SegmentPart, writeSegmentFileSync, writeSegmentPartSync } from '@silt/segment';
import { segmentSortPermutation } from './segment-sort.ts';

/** Builds the whole segment of `files` at `outPath`. */
export function buildSegment(files: readonly string[], sortColumns: readonly string[], meta: SegmentMeta, outPath: string): { numRows: number; size: number; signature: RowSignature } {
  // Only the sort keys are concatenated; the writer encodes each column straight from the runs
  // through the permutation, so the partition is never copied whole.
  const frames = files.flatMap((f) => readFrameFileSync(f));
  const order = sortOrder(frames, sortColumns);
  const columns = segmentColumns(frames[0]!.signature, meta);
  const written = columns.length === frames[0]!.signature.length ? frames : frames.map((f) => selectColumns(f, columns.map((c) => c.name)));
  const { numRows, size } = writeSegmentFileSync(outPath, written, order, meta);
  return { numRows, size, signature: columns };
}

/**
 * The columns a segment holds, in the frames' order: `__time`, the dimensions and the metrics. The
 * frames may carry more (hidden CLUSTERED BY columns the rows were sorted on), which are not written.
 */
export function segmentColumns(signature: RowSignature, meta: SegmentMeta): RowSignature {
  const kept = new Set(['__time', ...meta.dimensions, ...meta.metrics]);
  return signature.filter((c) => kept.has(c.name));
}

/**
 * Encodes column group `group` of `groups` of the segment of `files` into the part file `outPath`,
 * reading only the group's columns and the sort keys. Every part task cuts the same groups, from the
 * costs of the first run (see {@link columnGroups}).
 */
export function buildSegmentPart(
  files: readonly string[],
  sortColumns: readonly string[],
  meta: SegmentMeta,
  group: number,
  groups: number,
  outPath: string,
): { part: SegmentPart; signature: RowSignature } {
  const sample = readFrameFileSync(files[0]!)[0]!;
  const signature = segmentColumns(sample.signature, meta);
  const costs = encodingCosts(sample);
  // With fewer columns than groups, the last groups are empty parts.
  const columns = columnGroups(signature, signature.map((c) => costs[columnIndex(sample, c.name)]!), groups)[group] ?? [];
  const wanted = new Set([...columns, ...sortColumns]);
  const frames = files.flatMap((f) => readFrameFileSync(f, wanted));
  return { part: writeSegmentPartSync(outPath, frames, sortOrder(frames, sortColumns), columns), signature };
}

function sortOrder(frames: readonly Frame[], sortColumns: readonly string[]): Int32Array {
  const keyFrames = frames.map((f) => selectColumns(f, sortColumns));
  return segmentSortPermutation(concatFrames(keyFrames[0]!.signature, keyFrames), sortColumns);
}

/**
 * Relative cost of encoding each column, from a sample frame: every value costs 1, and string
 * columns cost their dictionary's text besides (segment dictionaries merge, sort and compress it;
 * measured on wikipedia rows, 1M ISO timestamps take 8x an integer column), JSON values are parsed
 * and re-serialised.
 */
export function encodingCosts(sample: Frame): number[] {
  return sample.columns.map((c) => {
    if (c.kind === 'string') return sample.numRows + 1.5 * c.dictionary.reduce((n, s) => n + s.length, 0);
    return c.kind === 'object' ? 5 * sample.numRows : sample.numRows;
  });
}

/**
 * Splits a segment's columns into at most `count` groups of about equal total `costs`: the costliest
 * column first, each into the group that costs least so far; each group lists its columns in
 * signature order. No empty group is returned.
 */
export function columnGroups(signature: RowSignature, costs: readonly number[], count: number): string[][] {
  const n = Math.max(1, Math.min(count, signature.length));
  const totals = new Array<number>(n).fill(0);
  const groupOf = new Array<number>(signature.length);
  const byCost = signature.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
  for (const i of byCost) {
    const g = totals.indexOf(Math.min(...totals));
    groupOf[i] = g;
    totals[g]! += costs[i]!;
  }
  return totals.map((_, g) => signature.filter((_, i) => groupOf[i] === g).map((c) => c.name));
}
