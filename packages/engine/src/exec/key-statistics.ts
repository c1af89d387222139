import { FaultError, fault } from '@silt/common';
import { compareValues } from '@silt/frame';
import { LIMITS } from '../limits.ts';
import type { RunStatistics } from './output-spec.ts';

/** Keys kept per bucket when the controller merges every run's sample. */
export const SAMPLE_SIZE = 4096;

/** Where one bucket's rows go: `numPartitions` partitions starting at `firstPartition`. */
export interface BucketPartitions {
  readonly bucket: number;
  readonly firstPartition: number;
  readonly numPartitions: number;
  /** CLUSTERED BY keys splitting the bucket (numPartitions - 1 of them), or null to split by row count. */
  readonly keyBoundaries: readonly unknown[][] | null;
  /** Hashed partitioning: rows go to murmur3 bucket `hash(key) % numPartitions`. */
  readonly hashed: boolean;
  /** For row-count splitting: rows of this bucket in all runs before each run (by global run index). */
  readonly runOffsets: readonly number[];
  readonly rows: number;
}

/**
 * Partition boundaries for a whole stage (Druid's ClusterByPartitions), in bucket order; partition
 * numbers are global. `firstRunOfWorker[w]` is the global index of worker w's first run.
 */
export interface PartitionBoundaries {
  readonly buckets: readonly BucketPartitions[];
  readonly partitionCount: number;
  readonly firstRunOfWorker: readonly number[];
}

/**
 * Picks partition boundaries from the statistics of every run (all workers' runs, in worker then
 * run order): each time bucket gets ceil(rows / targetSize) partitions, split at sampled CLUSTERED
 * BY quantiles when there are clustering keys, or by row counts otherwise, so segments hold about
 * `targetSize` rows (the MERGING_STATISTICS phase).
 */
export function decideBoundaries(
  runsByWorker: readonly (readonly RunStatistics[])[],
  targetSize: number,
  clustered: boolean,
  hash: { readonly numShards: number | null } | null = null,
): PartitionBoundaries {
  const runs = runsByWorker.flat();
  const firstRunOfWorker: number[] = [];
  let n = 0;
  for (const w of runsByWorker) {
    firstRunOfWorker.push(n);
    n += w.length;
  }
  const perBucket = new Map<number, { counts: number[]; samples: { count: number; sample: readonly unknown[][] }[] }>();
  runs.forEach((run, i) => {
    for (const b of run) {
      let e = perBucket.get(b.bucket);
      if (!e) perBucket.set(b.bucket, (e = { counts: new Array<number>(runs.length).fill(0), samples: [] }));
      e.counts[i] = b.count;
      if (b.sample.length) e.samples.push({ count: b.count, sample: b.sample });
    }
  });
  const buckets: BucketPartitions[] = [];
  let next = 0;
  for (const bucket of [...perBucket.keys()].sort((a, b) => a - b)) {
    const { counts, samples } = perBucket.get(bucket)!;
    const rows = counts.reduce((a, b) => a + b, 0);
    let numPartitions = hash?.numShards ?? Math.max(1, Math.ceil(rows / targetSize));
    const runOffsets: number[] = [];
    let acc = 0;
    for (const c of counts) {
      runOffsets.push(acc);
      acc += c;
    }
    let keyBoundaries: unknown[][] | null = null;
    if (clustered && !hash && numPartitions > 1) {
      keyBoundaries = quantileBoundaries(weightedSample(samples, rows).sort(compareKeys), numPartitions);
      numPartitions = keyBoundaries.length + 1;
    }
    buckets.push({ bucket, firstPartition: next, numPartitions, keyBoundaries, hashed: hash !== null, runOffsets, rows });
    next += numPartitions;
  }
  if (buckets.length > LIMITS.maxBuckets) throw new FaultError(fault('TooManyBuckets', { maxBuckets: LIMITS.maxBuckets }));
  if (next > LIMITS.maxPartitions) throw new FaultError(fault('TooManyPartitions', { maxPartitions: LIMITS.maxPartitions }));
  return { buckets, partitionCount: next, firstRunOfWorker };
}

/**
 * Up to n-1 distinct keys splitting a sorted sample into n parts. Every boundary is a sampled key
 * (so it exists in the data) greater than the smallest one, hence no partition is empty; a skewed
 * key yields fewer, larger partitions rather than empty ones.
 */
function quantileBoundaries(sorted: readonly unknown[][], n: number): unknown[][] {
  const out: unknown[][] = [];
  for (let p = 1; p < n; p++) {
    const key = sorted[Math.floor((p * sorted.length) / n)]!;
    const last = out.at(-1) ?? sorted[0]!;
    if (compareKeys(key, last) > 0) out.push(key);
  }
  return out;
}

/** Samples of all runs, each repeated in proportion to the rows it stands for (about SAMPLE_SIZE keys). */
function weightedSample(samples: readonly { count: number; sample: readonly unknown[][] }[], rows: number): unknown[][] {
  const out: unknown[][] = [];
  for (const s of samples) {
    const copies = Math.max(1, Math.round(((s.count / rows) * SAMPLE_SIZE) / s.sample.length));
    for (const key of s.sample) for (let i = 0; i < copies; i++) out.push(key);
  }
  return out;
}

/** Compares CLUSTERED BY keys column by column. */
export function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** The partition (within a bucket) a key falls in: the number of boundaries <= key. */
export function partitionOfKey(boundaries: readonly unknown[][], key: readonly unknown[]): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(boundaries[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For runs whose rows all go to one partition (one time bucket that is one partition, the common
 * case of a time chunk under the segment's row target): that partition; null when a run's rows must
 * be placed row by row.
 */
export function partitionOfWholeRun(boundaries: PartitionBoundaries): (run: RunStatistics) => number | null {
  const byBucket = new Map(boundaries.buckets.map((b) => [b.bucket, b]));
  return (run) => {
    const only = run.length === 1 ? byBucket.get(run[0]!.bucket) : undefined;
    return only?.numPartitions === 1 ? only.firstPartition : null;
  };
}
