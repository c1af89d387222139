/**
 * The work the processing pool does. Each task reads its input (a chunk of records, a segment
 * file, shuffle files), processes it, and writes its output files itself, returning only counts,
 * key statistics and parse errors — so data never crosses back to the main thread, which only
 * coordinates. Tasks are synchronous; the only state a thread keeps between them is its cache of
 * decoded segment columns (segment-cache.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Fault, type Granularity, type Interval, type RowSignature, formatInstant, toFault } from '@silt/common';
import { type Frame, columnIndex, concatFrames, decodeFrame, emptyFrame, encodeFrame, gatherFrame, readEncodedFramesSync, readFrameFileSync, valueAt, writeFrameFileSync } from '@silt/frame';
import { type ParseError, type ParseOptions, type PartialRowError, type RecordChunk, dataRowNumber, parseRecordChunk, unparseableTimestampError } from '@silt/input';
import { type SegmentMeta, type SegmentPart, assembleSegmentFileSync } from '@silt/segment';
import type { FrameOp, GroupByCompletion, GroupBySpec, JoinSpec, TopRows } from '../query-definition.ts';
import { applyOps, sortedSlice } from './frame-ops.ts';
import { hashJoin } from './hash-join.ts';
import { GroupByTable } from './group-by.ts';
import { completedRows, mergedGroups } from './group-completion.ts';
import { hashPartitionKey, murmur3Buckets } from './hash-partition-key.ts';
import { type BucketPartitions, type PartitionBoundaries, partitionOfKey } from './key-statistics.ts';
import type { OutputResult, OutputSpec } from './output-spec.ts';
import { timeBuckets, writeOutput } from './output-writer.ts';
import { type NullBytePolicy, applyNullBytePolicy, firstInputRowWithNullByte } from './null-bytes.ts';
import { partsCombineCheaply } from './one-task-group-by.ts';
import { buildSegment, buildSegmentPart, sortSegmentRows } from './segment-build.ts';
import { checkRowSizes } from './row-size.ts';
import { type RowRange, readSegmentColumns, readSegmentRows, segmentValueRanges } from './segment-scan.ts';
import { partitionFile } from './shuffle-layout.ts';

/** A scan's processing after parsing: row ops, then an optional partial aggregation. */
export interface ScanProcessing {
  readonly ops: readonly FrameOp[];
  /** Files of each broadcast input the ops join with (by stage-input index). */
  readonly broadcast: readonly { readonly input: number; readonly files: readonly string[] }[];
  readonly partialAggregate: GroupBySpec | null;
  /** Signature of partial-aggregate frames (keys, then intermediate columns). */
  readonly partialSignature: RowSignature;
  /**
   * Native batch: rows whose `__time` is null after the first op (the timestamp projection) are
   * unparseable, as Druid counts them, not a failure; `rawColumn` is the input timestamp column.
   */
  readonly unparseableTime?: { readonly rawColumn: string };
  /** Largest row the stage's frames take (Druid's maxFrameSize; RowTooLarge beyond). */
  readonly maxFrameSize: number;
  /** What the rows written do with strings holding U+0000. */
  readonly nullBytes: NullBytePolicy;
  /** This task reads every row of the GROUP BY: it writes the query's result rows, not partials. */
  readonly completeAggregate?: GroupByCompletion;
}

export type PoolTask =
  | { kind: 'scanChunk'; chunk: RecordChunk; inputFormat: Readonly<Record<string, unknown>>; signature: RowSignature; parseOptions: ParseOptions; processing: ScanProcessing; output: OutputSpec }
  | { kind: 'scanSegment'; path: string; columns: RowSignature; intervals: readonly Interval[]; rows?: RowRange; processing: ScanProcessing; output: OutputSpec }
  | { kind: 'scanFrame'; frame: Uint8Array; processing: ScanProcessing; output: OutputSpec }
  | { kind: 'scanFiles'; files: readonly string[]; processing: ScanProcessing; output: OutputSpec }
  | { kind: 'joinPartition'; leftFiles: readonly string[]; rightFiles: readonly string[]; join: JoinSpec; ops: readonly FrameOp[]; nullBytes: NullBytePolicy; output: OutputSpec }
  | { kind: 'exportCsv'; files: readonly string[]; path: string; sqlTypeNames: readonly string[] }
  | {
      kind: 'splitRun';
      file: string;
      runIndex: number;
      boundaries: PartitionBoundaries;
      granularity: Granularity;
      clusterBy: readonly string[];
      hash: { readonly partitionDimensions: readonly string[]; readonly dimensions: readonly string[] } | null;
      dir: string;
      stage: number;
      worker: number;
    }
  | { kind: 'mergeGroups'; files: readonly string[]; groupBy: GroupBySpec; ops: readonly FrameOp[]; top?: TopRows; nullBytes: NullBytePolicy; output: OutputSpec }
  | { kind: 'buildSegment'; files: readonly string[]; sortColumns: readonly string[]; meta: SegmentMeta; outPath: string }
  | { kind: 'sortSegmentRows'; files: readonly string[]; sortColumns: readonly string[]; outPath: string }
  | { kind: 'buildSegmentPart'; files: readonly string[]; orderPath: string; sortColumns: readonly string[]; meta: SegmentMeta; claims: Int32Array; outPath: string }
  | { kind: 'assembleSegment'; parts: readonly SegmentPart[]; signature: RowSignature; meta: SegmentMeta; outPath: string };

/** What a task reports back. A fault is returned, not thrown, so its fields survive the thread hop. */
export interface TaskOutcome {
  readonly fault?: Fault;
  readonly output?: OutputResult;
  /** Rows and bytes read (scan tasks). */
  readonly inputRows?: number;
  readonly inputBytes?: number;
  readonly errors?: readonly ParseError[];
  /** Scan tasks with `partialRows` parse options: rows kept with values that could not be converted. */
  readonly partialRowErrors?: readonly PartialRowError[];
  /** buildSegment / assembleSegment: what was written. */
  readonly segment?: { readonly numRows: number; readonly size: number; readonly signature: RowSignature };
  /** buildSegmentPart: the part written, and the segment's signature. */
  readonly part?: { readonly part: SegmentPart; readonly signature: RowSignature };
  /** Scan tasks: rows the row ops filtered out (Druid's thrownAway). */
  readonly thrownAway?: number;
  /** splitRun: rows and bytes written to partition files, and files written. */
  readonly shuffled?: { readonly rows: number; readonly bytes: number; readonly frames: number };
  /** scanSegment of a row range: this part read every row and finished the GROUP BY (see `scanSegmentPart`). */
  readonly finished?: boolean;
  /** scanChunk: the chunk's buffer, moved back once parsed so the reader can read the next chunk into it. */
  readonly spentInput?: ArrayBuffer;
}

/** Runs one task; any error becomes the outcome's fault. */
export function runPoolTask(task: PoolTask): TaskOutcome {
  try {
    return run(task);
  } catch (e) {
    return { fault: toFault(e) };
  }
}

function run(task: PoolTask): TaskOutcome {
  switch (task.kind) {
    case 'scanChunk': {
      const rowRecords = task.processing.unparseableTime !== undefined;
      const parsed = parseRecordChunk(task.chunk, task.inputFormat, task.signature, { ...task.parseOptions, rowRecords });
      // Data row numbers are only needed for an InvalidNullByte fault: the chunk is parsed again then.
      const rowNumberOf = (row: number) => {
        const records = parsed.rowRecords ?? parseRecordChunk(task.chunk, task.inputFormat, task.signature, { ...task.parseOptions, rowRecords: true }).rowRecords!;
        return dataRowNumber(task.inputFormat, records[row]!);
      };
      const { output, thrownAway, timeErrors, timeErrorRows } = process(parsed.frame, task.processing, task.output, { source: task.chunk.source, rowRecords: parsed.rowRecords, rowNumberOf });
      // A row dropped for its timestamp is unparseable only, as Druid never gets to convert its values.
      const partialRowErrors = parsed.partialRowErrors?.filter((e) => !timeErrorRows.has(e.row));
      return {
        output,
        thrownAway,
        // Rows read: a row whose timestamp cannot be parsed is a bad record, as in Druid's readers.
        inputRows: parsed.records - parsed.errors.length - timeErrors.length,
        inputBytes: task.chunk.bytes.byteLength,
        errors: [...parsed.errors, ...timeErrors],
        ...(partialRowErrors?.length ? { partialRowErrors } : {}),
      };
    }
    case 'scanSegment':
      return task.rows ? scanSegmentPart(task, task.rows) : scanSegment(task, task.processing);
    case 'scanFrame':
      return { output: process(decodeFrame(task.frame), task.processing, task.output, { source: 'frame' }).output };
    case 'scanFiles': {
      const frame = readAll(task.files);
      return { output: frame ? process(frame, task.processing, task.output, { source: 'shuffle' }).output : undefined, inputRows: frame?.numRows ?? 0 };
    }
    case 'joinPartition': {
      const left = readAll(task.leftFiles) ?? emptyFrame(task.join.signature.slice(0, task.join.signature.length - task.join.rightSignature.length));
      const right = readAll(task.rightFiles) ?? emptyFrame(task.join.rightSignature);
      const joined = applyNullBytePolicy(applyOps(hashJoin(left, right, task.join), task.ops), task.nullBytes);
      return { output: writeOutput(joined, task.output), inputRows: left.numRows + right.numRows };
    }
    case 'exportCsv': {
      const frame = readAll(task.files);
      if (!frame) return { inputRows: 0 };
      mkdirSync(dirname(task.path), { recursive: true });
      writeFileSync(task.path, toCsv(frame, task.sqlTypeNames));
      return { inputRows: frame.numRows };
    }
    case 'splitRun':
      return { shuffled: splitRun(task) };
    case 'mergeGroups': {
      const table = new GroupByTable(task.groupBy);
      for (const file of task.files) for (const f of readFrameFileSync(file)) table.combine(f);
      const groups = mergedGroups(table, task.ops, task.nullBytes);
      return { output: writeOutput(task.top ? topRows(groups, task.top) : groups, task.output) };
    }
    case 'buildSegment':
      return { segment: buildSegment(task.files, task.sortColumns, task.meta, task.outPath) };
    case 'sortSegmentRows':
      sortSegmentRows(task.files, task.sortColumns, task.outPath);
      return {};
    case 'buildSegmentPart':
      return { part: buildSegmentPart(task.files, task.orderPath, task.sortColumns, task.meta, task.claims, task.outPath) };
    case 'assembleSegment':
      return { segment: { ...assembleSegmentFileSync(task.outPath, task.parts, task.signature, task.meta), signature: task.signature } };
  }
}

type ScanSegmentTask = Extract<PoolTask, { kind: 'scanSegment' }>;

function scanSegment(task: ScanSegmentTask, processing: ScanProcessing, rows?: RowRange): TaskOutcome {
  const { frame, ops, visibleRows } = readSegmentRows(task.path, task.columns, task.intervals, processing.ops, rows);
  const { output, thrownAway, timeErrors } = process(frame, { ...processing, ops }, task.output, { source: task.path });
  // Rows a bitmap index left out were filtered, as if the filter op had run.
  return { output, thrownAway: thrownAway + visibleRows - frame.numRows, inputRows: visibleRows - timeErrors.length, errors: timeErrors };
}

/**
 * One row range of a GROUP BY that one task could finish (see `rowParts`): the range's partial
 * groups, when the parts' groups are few enough to combine cheaply; otherwise the first part reads
 * every row and finishes the GROUP BY (`finished`), and the others read nothing.
 */
function scanSegmentPart(task: ScanSegmentTask, rows: RowRange): TaskOutcome {
  const { completeAggregate, ...rest } = task.processing;
  const spec = rest.partialAggregate;
  if (!completeAggregate || !spec) throw new Error('A segment is read in parts only for a GROUP BY one task could finish');
  const keys = new Set(spec.keys.flatMap(({ expr }) => (expr.kind === 'column' ? [expr.name] : [])));
  if (partsCombineCheaply(spec, readSegmentColumns(task.path, task.columns.filter((c) => keys.has(c.name))), segmentValueRanges(task.path))) {
    return scanSegment(task, { ...rest, partialSignature: completeAggregate.partialSignature }, rows);
  }
  return rows.start === 0 ? { ...scanSegment(task, task.processing), finished: true } : {};
}

interface Processed {
  readonly output: OutputResult;
  readonly thrownAway: number;
  readonly timeErrors: ParseError[];
  /** Indexes (in the input frame) of the rows of {@link timeErrors}. */
  readonly timeErrorRows: ReadonlySet<number>;
}

/**
 * Where a frame's rows come from, for their errors: the source, each row's record number when known,
 * and how to get a row's 1-based row number in its source (its position in the frame by default).
 */
interface RowsOrigin {
  readonly source: string;
  readonly rowRecords?: Int32Array;
  readonly rowNumberOf?: (row: number) => number;
}

function process(frame: Frame, p: ScanProcessing, output: OutputSpec, { source, rowRecords, rowNumberOf = (row) => row + 1 }: RowsOrigin): Processed {
  const broadcast = loadBroadcast(p.broadcast);
  let rows = frame;
  let ops = p.ops;
  const timeErrors: ParseError[] = [];
  const timeErrorRows = new Set<number>();
  // The input frame's row of each row of `rows` (null: the same row).
  let inputRowOf: readonly number[] | null = null;
  if (p.unparseableTime && ops.length > 0) {
    const projected = applyOps(rows, ops.slice(0, 1), broadcast);
    const time = projected.columns[columnIndex(projected, '__time')];
    const raw = rows.columns[columnIndex(rows, p.unparseableTime.rawColumn)];
    const keep: number[] = [];
    for (let r = 0; r < projected.numRows; r++) {
      if (time && valueAt(time, r) !== null) keep.push(r);
      else {
        const value = raw ? valueAt(raw, r) : null;
        timeErrorRows.add(r);
        timeErrors.push(unparseableTimestampError(source, rowRecords ? rowRecords[r]! : r + 1, value));
      }
    }
    rows = keep.length === projected.numRows ? projected : gatherFrame(projected, keep);
    inputRowOf = keep;
    ops = ops.slice(1);
  }
  const input = rows;
  const produce = (f: Frame) => applyOps(f, ops, broadcast);
  rows = produce(input);
  checkRowSizes(rows, p.maxFrameSize);
  const thrownAway = frame.numRows - timeErrors.length - rows.numRows;
  if (!p.partialAggregate) {
    // Druid names the input row of the first value holding a null byte.
    const origin = () => {
      const row = firstInputRowWithNullByte(input, produce);
      return { source, rowNumber: rowNumberOf(inputRowOf ? inputRowOf[row]! : row) };
    };
    return { output: writeOutput(applyNullBytePolicy(rows, p.nullBytes, origin), output), thrownAway, timeErrors, timeErrorRows };
  }
  const complete = p.completeAggregate;
  const table = new GroupByTable(complete ? complete.groupBy : p.partialAggregate);
  table.aggregate(rows);
  // A GROUP BY writes grouped rows: a null byte is found in them, with no input row to name.
  const grouped = complete ? completedRows(table, complete, p.nullBytes) : applyNullBytePolicy(table.partialFrame(p.partialSignature), p.nullBytes);
  return { output: writeOutput(grouped, output), thrownAway, timeErrors, timeErrorRows };
}

/** Splits one run by the controller's boundaries into partition files (PRESHUFFLE_WRITING_OUTPUT). */
function splitRun(t: Extract<PoolTask, { kind: 'splitRun' }>): { rows: number; bytes: number; frames: number } {
  const byBucket = new Map(t.boundaries.buckets.map((b) => [b.bucket, b]));
  const seen = new Map<number, number>();
  // Only the columns that place rows are decoded; a frame whose rows all go to one partition is
  // written on as it is (one time chunk in one segment is the common case).
  const placing = new Set(['__time', ...t.clusterBy, ...(t.hash ? (t.hash.partitionDimensions.length ? t.hash.partitionDimensions : t.hash.dimensions) : [])]);
  let rows = 0;
  let bytes = 0;
  let frames = 0;
  for (const body of readEncodedFramesSync(t.file)) {
    const frame = decodeFrame(body, placing);
    const buckets = timeBuckets(frame, t.granularity);
    const keyCols = t.clusterBy.map((name) => frame.columns[columnIndex(frame, name)]!);
    const hashes = t.hash ? hashBucketsOf(frame, buckets, byBucket, t.hash) : null;
    const rowsByPartition = new Map<number, number[]>();
    for (let r = 0; r < frame.numRows; r++) {
      const b = byBucket.get(buckets[r]!)!;
      let p: number;
      if (hashes) {
        p = b.firstPartition + hashes[r]!;
      } else if (b.keyBoundaries) {
        p = b.firstPartition + partitionOfKey(b.keyBoundaries, keyCols.map((c) => valueAt(c, r)));
      } else {
        const n = seen.get(b.bucket) ?? 0;
        seen.set(b.bucket, n + 1);
        const perPartition = Math.ceil(b.rows / b.numPartitions);
        p = b.firstPartition + Math.min(b.numPartitions - 1, Math.floor((b.runOffsets[t.runIndex]! + n) / perPartition));
      }
      let list = rowsByPartition.get(p);
      if (!list) rowsByPartition.set(p, (list = []));
      list.push(r);
    }
    const whole = rowsByPartition.size === 1 ? null : decodeFrame(body);
    for (const [p, list] of rowsByPartition) {
      const encoded = whole ? encodeFrame(gatherFrame(whole, list)) : body;
      bytes += writeFrameFileSync(partitionFile(t.dir, t.stage, p, t.worker, t.runIndex), [encoded]);
      rows += list.length;
      frames++;
    }
  }
  return { rows, bytes, frames };
}

/**
 * Druid's hashed partitioning: each row's bucket within its time chunk, murmur3_32_abs of its
 * partition key (`__time` here is already truncated to the query granularity).
 */
function hashBucketsOf(
  frame: Frame,
  buckets: Float64Array,
  byBucket: ReadonlyMap<number, BucketPartitions>,
  hash: { readonly partitionDimensions: readonly string[]; readonly dimensions: readonly string[] },
): Int32Array {
  const names = hash.partitionDimensions.length ? hash.partitionDimensions : hash.dimensions;
  const cols = names.map((n) => [n, frame.columns[columnIndex(frame, n)]] as const);
  const time = frame.columns[columnIndex(frame, '__time')];
  const out = new Int32Array(frame.numRows);
  const keys: Uint8Array[] = [];
  for (let r = 0; r < frame.numRows; r++) {
    const row: Record<string, unknown> = {};
    for (const [n, c] of cols) row[n] = c ? valueAt(c, r) : null;
    keys.push(hashPartitionKey(time ? Number(valueAt(time, r)) : 0, row, hash.partitionDimensions, hash.dimensions));
  }
  // Chunks may have different bucket counts; hash once, then take each row's chunk's modulus.
  const byCount = new Map<number, number[]>();
  for (let r = 0; r < frame.numRows; r++) {
    const n = byBucket.get(buckets[r]!)!.numPartitions;
    const list = byCount.get(n) ?? [];
    list.push(r);
    byCount.set(n, list);
  }
  for (const [n, rows] of byCount) {
    const b = murmur3Buckets(rows.map((r) => keys[r]!), n);
    rows.forEach((r, i) => (out[r] = b[i]!));
  }
  return out;
}

/** The first `top.rows` rows of a frame in `top.sort` order (all of them, unsorted, when there are no more). */
function topRows(frame: Frame, top: TopRows): Frame {
  return frame.numRows <= top.rows ? frame : sortedSlice(frame, top.sort, 0, top.rows);
}

/** Every frame of some shuffle files as one frame, or null when there are none. */
function readAll(files: readonly string[]): Frame | null {
  const frames = files.flatMap((f) => readFrameFileSync(f));
  return frames.length ? concatFrames(frames[0]!.signature, frames) : null;
}

/**
 * Broadcast inputs, loaded once per thread: every scan task of a stage joins with the same files,
 * so the last loaded set is kept.
 */
let broadcastCache: { key: string; frames: Map<number, Frame> } | null = null;

function loadBroadcast(inputs: ScanProcessing['broadcast']): Map<number, Frame> {
  if (inputs.length === 0) return new Map();
  const key = JSON.stringify(inputs);
  if (broadcastCache?.key !== key) {
    const frames = new Map<number, Frame>();
    for (const { input, files } of inputs) {
      const frame = readAll(files);
      if (frame) frames.set(input, frame);
    }
    broadcastCache = { key, frames };
  }
  return broadcastCache.frames;
}

/** Rows as CSV with a header line (RFC 4180 quoting; TIMESTAMP columns as ISO-8601). */
function toCsv(frame: Frame, sqlTypeNames: readonly string[]): string {
  const field = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [frame.signature.map((c) => field(c.name)).join(',')];
  for (let r = 0; r < frame.numRows; r++) {
    lines.push(frame.columns.map((c, i) => {
      const v = valueAt(c, r);
      return field(sqlTypeNames[i] === 'TIMESTAMP' && typeof v === 'number' ? formatInstant(v) : v);
    }).join(','));
  }
  return `${lines.join('\n')}\n`;
}
