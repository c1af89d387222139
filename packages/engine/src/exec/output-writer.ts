import { type Granularity, FaultError, bucketStart, fault } from '@silt/common';
import { type Frame, columnIndex, encodeFrame, gatherFrame, valueAt, writeFrameFileSync } from '@silt/frame';
import { loadKernelsSync } from '@silt/kernels';
import type { OutputResult, OutputSpec, RunStatistics } from './output-spec.ts';

/** Sampled CLUSTERED BY keys kept per time bucket per run. */
const RUN_SAMPLE = 256;

/**
 * Writes a task's output frame where `spec` says (runs in pool threads; synchronous file writes,
 * each file written once by this task). Raises InsertTimeNull for runs.
 */
export function writeOutput(frame: Frame, spec: OutputSpec): OutputResult {
  switch (spec.type) {
    case 'frame': {
      const bytes = encodeFrame(frame);
      return { rows: frame.numRows, bytes: 0, frames: 1, frame: bytes };
    }
    case 'mix':
      if (frame.numRows === 0) return { rows: 0, bytes: 0, frames: 0 };
      return { rows: frame.numRows, bytes: writeFrameFileSync(spec.file, [encodeFrame(frame)]), frames: 1 };
    case 'hash':
      return writeHashed(frame, spec.columns, spec.files);
    case 'run': {
      if (frame.numRows === 0) return { rows: 0, bytes: 0, frames: 0, stats: [] };
      if (spec.singleValueKeys) checkSingleValueKeys(frame, spec.clusterBy);
      const stats = runStatistics(frame, spec.granularity, spec.clusterBy);
      return { rows: frame.numRows, bytes: writeFrameFileSync(spec.file, [encodeFrame(frame)]), frames: 1, stats };
    }
  }
}

const encoder = new TextEncoder();

/** Splits rows by murmur3_32_abs of their key (the WASM kernel) and writes one file per non-empty partition. */
function writeHashed(frame: Frame, columns: readonly string[], files: readonly string[]): OutputResult {
  if (frame.numRows === 0) return { rows: 0, bytes: 0, frames: 0 };
  if (files.length === 1) return { rows: frame.numRows, bytes: writeFrameFileSync(files[0]!, [encodeFrame(frame)]), frames: 1 };
  const keyCols = columns.map((name) => frame.columns[columnIndex(frame, name)]!);
  const parts: Uint8Array[] = [];
  const offsets = new Int32Array(frame.numRows + 1);
  let total = 0;
  for (let r = 0; r < frame.numRows; r++) {
    const bytes = encoder.encode(JSON.stringify(keyCols.map((c) => valueAt(c, r))));
    parts.push(bytes);
    total += bytes.length;
    offsets[r + 1] = total;
  }
  const all = new Uint8Array(total);
  parts.forEach((p, r) => all.set(p, offsets[r]!));
  const buckets = loadKernelsSync().hashBuckets(all, offsets, files.length);
  const byPartition: number[][] = Array.from({ length: files.length }, () => []);
  for (let r = 0; r < frame.numRows; r++) byPartition[buckets[r]!]!.push(r);
  let bytes = 0;
  let frames = 0;
  byPartition.forEach((rows, p) => {
    if (rows.length === 0) return;
    bytes += writeFrameFileSync(files[p]!, [encodeFrame(gatherFrame(frame, rows))]);
    frames++;
  });
  return { rows: frame.numRows, bytes, frames };
}

/** Native range partitioning: Druid fails the job on a row with several values in a partition dimension. */
function checkSingleValueKeys(frame: Frame, clusterBy: readonly string[]): void {
  for (const name of clusterBy) {
    const column = frame.columns[columnIndex(frame, name)]!;
    // Only object columns hold multi-value rows.
    if (column.kind !== 'object') continue;
    for (let r = 0; r < frame.numRows; r++) {
      const value = column.values[r];
      if (!Array.isArray(value) || value.length <= 1) continue;
      const row = Object.fromEntries(frame.signature.map((c, i) => [c.name, valueAt(frame.columns[i]!, r)]));
      throw new FaultError(fault('UnknownError', { message: `Cannot partition on multi-value dimension [${name}] for input row [${JSON.stringify(row)}]` }));
    }
  }
}

/** Per-bucket row counts and a key sample; fails rows without a time. */
function runStatistics(frame: Frame, granularity: Granularity, clusterBy: readonly string[]): RunStatistics {
  const keyCols = clusterBy.map((name) => frame.columns[columnIndex(frame, name)]!);
  const byBucket = countAndSample(timeBuckets(frame, granularity), (r) => keyCols.map((c) => valueAt(c, r)), keyCols.length > 0);
  return [...byBucket].map(([bucket, b]) => ({ bucket, count: b.count, sample: b.sample }));
}

/**
 * Counts the rows of each bucket and keeps a reservoir sample of `key(r)` per bucket when
 * `sampled` (only rows that enter the sample build a key). A function that ends with its row loop:
 * otherwise V8's on-the-fly compilation of the loop bails out after it on every call
 * (docs/performance.md, "V8 pitfalls").
 */
function countAndSample(buckets: Float64Array, key: (r: number) => unknown[], sampled: boolean): Map<number, { count: number; sample: unknown[][] }> {
  const byBucket = new Map<number, { count: number; sample: unknown[][] }>();
  let lastBucket = Number.NaN;
  let b = { count: 0, sample: [] as unknown[][] };
  for (let r = 0; r < buckets.length; r++) {
    // Rows of a bucket mostly come together: look the bucket up only when it changes.
    if (buckets[r] !== lastBucket) {
      lastBucket = buckets[r]!;
      const known = byBucket.get(lastBucket);
      if (known) b = known;
      else byBucket.set(lastBucket, (b = { count: 0, sample: [] }));
    }
    b.count++;
    if (!sampled) continue;
    if (b.sample.length < RUN_SAMPLE) b.sample.push(key(r));
    else {
      const j = Math.floor(Math.random() * b.count);
      if (j < RUN_SAMPLE) b.sample[j] = key(r);
    }
  }
  return byBucket;
}

/** Time bucket of every row (by `__time`; no `__time` column = the epoch's bucket). */
export function timeBuckets(frame: Frame, granularity: Granularity): Float64Array {
  const t = columnIndex(frame, '__time');
  const out = new Float64Array(frame.numRows);
  const col = t >= 0 ? frame.columns[t]! : null;
  if (!col) return out.fill(bucketStart(granularity, 0));
  if (col.kind !== 'numeric') throw new FaultError(fault('InsertTimeNull'));
  const { values, nulls } = col;
  let last = Number.NaN;
  let lastBucket = 0;
  for (let r = 0; r < frame.numRows; r++) {
    if (nulls && nulls[r] === 1) throw new FaultError(fault('InsertTimeNull'));
    const v = values[r]!;
    if (v !== last) {
      last = v;
      lastBucket = bucketStart(granularity, v);
    }
    out[r] = lastBucket;
  }
  return out;
}
