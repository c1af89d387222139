import { compareValues } from '@silt/frame';

/**
 * Key statistics a worker gathers for a globally sorted shuffle (Druid's ClusterByStatisticsCollector,
 * simplified): per time bucket, the row count and a bounded uniform sample of CLUSTERED BY keys.
 */
export interface BucketStatistics {
  count: number;
  /** Reservoir sample of keys (each an array of CLUSTERED BY values). */
  sample: unknown[][];
}

export type KeyStatistics = Map<number, BucketStatistics>;

/** Keys kept per bucket per worker. */
export const SAMPLE_SIZE = 4096;

/** Adds one row's key to a bucket's statistics (reservoir sampling keeps the sample uniform). */
export function addKey(stats: KeyStatistics, bucket: number, key: unknown[] | null): void {
  let b = stats.get(bucket);
  if (!b) stats.set(bucket, (b = { count: 0, sample: [] }));
  b.count++;
  if (!key) return;
  if (b.sample.length < SAMPLE_SIZE) b.sample.push(key);
  else {
    const j = Math.floor(Math.random() * b.count);
    if (j < SAMPLE_SIZE) b.sample[j] = key;
  }
}

/** Where one bucket's rows go: `numPartitions` partitions starting at `firstPartition`. */
export interface BucketPartitions {
  readonly bucket: number;
  readonly firstPartition: number;
  readonly numPartitions: number;
  /** CLUSTERED BY keys splitting the bucket (numPartitions - 1 of them), or null to split by row count. */
  readonly keyBoundaries: readonly unknown[][] | null;
  /** For row-count splitting: rows of this bucket held by workers before each worker. */
  readonly workerOffsets: readonly number[];
  readonly rows: number;
}

/** Partition boundaries for a whole stage, in bucket order; partition numbers are global. */
export interface PartitionBoundaries {
  readonly buckets: readonly BucketPartitions[];
  readonly partitionCount: number;
}

/**
 * Picks partition boundaries from every worker's statistics: each bucket gets
 * ceil(rows / targetSize) partitions, split at sampled CLUSTERED BY quantiles when there are
 * clustering keys, or by row counts otherwise (so segments hold about `targetSize` rows).
 */
export function decideBoundaries(perWorker: readonly KeyStatistics[], targetSize: number, clustered: boolean): PartitionBoundaries {
  const bucketIds = [...new Set(perWorker.flatMap((s) => [...s.keys()]))].sort((a, b) => a - b);
  const buckets: BucketPartitions[] = [];
  let next = 0;
  for (const bucket of bucketIds) {
    const counts = perWorker.map((s) => s.get(bucket)?.count ?? 0);
    const rows = counts.reduce((a, b) => a + b, 0);
    const numPartitions = Math.max(1, Math.ceil(rows / targetSize));
    const workerOffsets = counts.map((_, w) => counts.slice(0, w).reduce((a, b) => a + b, 0));
    let keyBoundaries: unknown[][] | null = null;
    if (clustered && numPartitions > 1) {
      const sample = weightedSample(perWorker, bucket).sort(compareKeys);
      keyBoundaries = [];
      for (let p = 1; p < numPartitions; p++) keyBoundaries.push(sample[Math.floor((p * sample.length) / numPartitions)]!);
    }
    buckets.push({ bucket, firstPartition: next, numPartitions, keyBoundaries, workerOffsets, rows });
    next += numPartitions;
  }
  return { buckets, partitionCount: next };
}

/** Samples from all workers, each repeated in proportion to the rows it stands for. */
function weightedSample(perWorker: readonly KeyStatistics[], bucket: number): unknown[][] {
  const out: unknown[][] = [];
  const total = perWorker.reduce((n, s) => n + (s.get(bucket)?.count ?? 0), 0);
  for (const s of perWorker) {
    const b = s.get(bucket);
    if (!b || b.sample.length === 0) continue;
    const copies = Math.max(1, Math.round((b.count / total) * SAMPLE_SIZE / b.sample.length));
    for (const key of b.sample) for (let i = 0; i < copies; i++) out.push(key);
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
