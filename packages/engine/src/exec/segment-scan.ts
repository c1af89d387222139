import type { Interval, RowSignature } from '@silt/common';
import type { Expr } from '@silt/expr';
import { type Frame, columnIndex, gatherFrame, nullColumn, sliceFrame } from '@silt/frame';
import type { SegmentFile } from '@silt/segment';
import type { FrameOp } from '../query-definition.ts';
import { SegmentCache } from './segment-cache.ts';

/**
 * Decoded segment columns each pool thread keeps between queries. Per thread, so the process holds
 * up to this times the pool's threads; a 1M-row segment's usual query columns take about 30 MiB.
 */
const SEGMENT_CACHE_BYTES = 128 * 1024 * 1024;
const segmentCache = new SegmentCache(SEGMENT_CACHE_BYTES);

/** The rows of a segment a scan processes, and the scan ops still to apply to them. */
export interface SegmentRows {
  readonly frame: Frame;
  readonly ops: readonly FrameOp[];
  /** Rows within the visible intervals, before any filter: the scan's input rows. */
  readonly visibleRows: number;
}

/** Rows `start` (inclusive) to `end` (exclusive) of a segment: the part of it one task reads. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Reads `columns` of a segment (columns an older segment lacks come back as nulls), or of the
 * `part` of its rows given, and keeps the rows within the visible intervals. When the scan's first
 * op filters a STRING column on `= 'v'` or `IN ('a', …)`, the segment's bitmap index picks the
 * rows instead of evaluating the filter on every row; the op is dropped when it was only that test.
 */
export function readSegmentRows(path: string, columns: RowSignature, intervals: readonly Interval[], ops: readonly FrameOp[], part?: RowRange): SegmentRows {
  const file = segmentCache.open(path);
  const whole = readColumns(file, columns);
  segmentCache.trim();
  const start = part?.start ?? 0;
  const all = part ? sliceFrame(whole, start, part.end) : whole;
  const { min, max } = file.timeRange();
  const visible = intervals.some((i) => min >= i.start && max < i.end) ? null : visibleRowsOf(all, intervals);
  const visibleRows = visible ? visible.length : all.numRows;
  const indexed = ops[0]?.type === 'filter' ? indexedTest(file, ops[0].condition) : null;
  if (!indexed) return { frame: visible ? gatherFrame(all, visible) : all, ops, visibleRows };
  const matching = rowsWithin(file.rowsMatching(indexed.column, indexed.values), start, start + all.numRows);
  const rows = visible ? intersectSorted(visible, matching) : matching;
  return { frame: rows.length === all.numRows ? all : gatherFrame(all, rows), ops: indexed.wholeCondition ? ops.slice(1) : ops, visibleRows };
}

/** Every row of `columns` of a segment, as decoded (and kept) by this thread's segment cache. */
export function readSegmentColumns(path: string, columns: RowSignature): Frame {
  const frame = readColumns(segmentCache.open(path), columns);
  segmentCache.trim();
  return frame;
}

/** A column's least and greatest values in a segment (NaN when it holds no number). */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/** The least and greatest values of each column of the segment at `path`, from its header. */
export function segmentValueRanges(path: string): Map<string, ValueRange> {
  return new Map(segmentCache.open(path).columns.map((c) => [c.name, { min: c.min, max: c.max }]));
}

function readColumns(file: SegmentFile, columns: RowSignature): Frame {
  const present = new Set(file.signature.map((c) => c.name));
  const frame = file.readColumns(columns.filter((c) => present.has(c.name)).map((c) => c.name));
  const byName = new Map(frame.signature.map((c, i) => [c.name, frame.columns[i]!]));
  return { signature: columns, numRows: frame.numRows, columns: columns.map((c) => byName.get(c.name) ?? nullColumn(c.type, frame.numRows)) };
}

/** Rows (ascending) whose `__time` lies in one of the visible intervals; null when every row does (or there is no `__time`). */
function visibleRowsOf(frame: Frame, intervals: readonly Interval[]): Int32Array | null {
  const col = frame.columns[columnIndex(frame, '__time')];
  if (!col || col.kind !== 'numeric') return null;
  const keep = new Int32Array(frame.numRows);
  let n = 0;
  for (let r = 0; r < frame.numRows; r++) {
    const v = col.values[r]!;
    if (intervals.some((i) => v >= i.start && v < i.end)) keep[n++] = r;
  }
  return n === frame.numRows ? null : keep.subarray(0, n);
}

/**
 * A test a bitmap index answers exactly: a dictionary-encoded STRING column of the segment equal to
 * one of some string literals. Found as the whole condition or as one conjunct of an AND (then the
 * op still runs, on the rows the index picked).
 */
function indexedTest(file: SegmentFile, condition: Expr): { column: string; values: string[]; wholeCondition: boolean } | null {
  const whole = stringEquality(file, condition);
  if (whole) return { ...whole, wholeCondition: true };
  if (condition.kind !== 'call' || condition.fn !== 'AND') return null;
  for (const conjunct of condition.args) {
    const test = stringEquality(file, conjunct);
    if (test) return { ...test, wholeCondition: false };
  }
  return null;
}

function stringEquality(file: SegmentFile, e: Expr): { column: string; values: string[] } | null {
  if (e.kind !== 'call' || (e.fn !== '=' && e.fn !== 'IN') || e.args.length < 2) return null;
  const [first, ...rest] = e.args;
  // `'v' = col` reads the same as `col = 'v'`.
  const [column, literals] = e.fn === '=' && first!.kind === 'literal' ? [rest[0]!, [first!]] : [first!, rest];
  if (column.kind !== 'column' || column.type !== 'STRING') return null;
  const values: string[] = [];
  for (const l of literals) {
    if (l.kind !== 'literal' || typeof l.value !== 'string') return null;
    values.push(l.value);
  }
  const info = file.columns.find((c) => c.name === column.name);
  return info?.encoding === 'dictionary' ? { column: column.name, values } : null;
}

/** The ascending `rows` that lie in `start` … `end`, counted from `start`. */
function rowsWithin(rows: Int32Array, start: number, end: number): Int32Array {
  if (start === 0 && (rows.length === 0 || rows[rows.length - 1]! < end)) return rows;
  const from = firstAtLeast(rows, start);
  const within = rows.slice(from, firstAtLeast(rows, end));
  for (let i = 0; i < within.length; i++) within[i]! -= start;
  return within;
}

/** Index of the first of the ascending `rows` that is at least `row` (their length if none is). */
function firstAtLeast(rows: Int32Array, row: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]! < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Values in both ascending arrays. */
function intersectSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out[n++] = a[i]!;
      i++;
      j++;
    }
  }
  return out.subarray(0, n);
}
