import { type Granularity, type Interval, FaultError, bucketEnd, contains, fault, formatInterval, overlaps } from '@silt/common';
import { type DataSegment, type ShardSpec, corePartitions } from '@silt/segment';
import { druidChunkOrder } from './druid-chunk-order.ts';
import type { BucketPartitions } from './key-statistics.ts';

/** The identity a partition's segment gets before it is written. */
export interface PlannedSegment {
  readonly partition: number;
  readonly interval: Interval;
  readonly version: string;
  readonly shardSpec: ShardSpec;
}

/** The time chunk a bucket stands for. */
export function chunkOf(granularity: Granularity, bucket: number): Interval {
  return { start: bucket, end: bucketEnd(granularity, bucket) };
}

/**
 * INSERT: appends to each time chunk. A chunk that already holds segments of exactly that
 * interval gets new partitions of the existing version (numbered shard specs after the core set);
 * a chunk overlapped by segments of another granularity cannot be appended to
 * (InsertCannotAllocateSegment); an empty chunk gets a new version.
 */
export function allocateForInsert(dataSource: string, granularity: Granularity, buckets: readonly BucketPartitions[], existing: readonly DataSegment[], newVersion: string): PlannedSegment[] {
  const out: PlannedSegment[] = [];
  for (const b of buckets) {
    const interval = chunkOf(granularity, b.bucket);
    const inChunk = existing.filter((s) => overlaps(s.interval, interval));
    if (inChunk.some((s) => s.interval.start !== interval.start || s.interval.end !== interval.end)) {
      throw new FaultError(fault('InsertCannotAllocateSegment', { dataSource, interval: formatInterval(interval) }));
    }
    if (inChunk.length === 0) {
      for (let i = 0; i < b.numPartitions; i++) {
        out.push({ partition: b.firstPartition + i, interval, version: newVersion, shardSpec: { type: 'numbered', partitionNum: i, partitions: b.numPartitions } });
      }
      continue;
    }
    const version = inChunk.map((s) => s.version).sort().at(-1)!;
    const sameVersion = inChunk.filter((s) => s.version === version);
    const core = corePartitions(sameVersion[0]!.shardSpec);
    const nextNum = Math.max(...sameVersion.map((s) => s.shardSpec.partitionNum)) + 1;
    for (let i = 0; i < b.numPartitions; i++) {
      out.push({ partition: b.firstPartition + i, interval, version, shardSpec: { type: 'numbered', partitionNum: nextNum + i, partitions: core } });
    }
  }
  return out;
}

/** Which kind of shard spec a job's segments get. */
export type ShardKind =
  | { readonly type: 'numbered' }
  | { readonly type: 'hashed'; readonly partitionDimensions: readonly string[] }
  | { readonly type: 'range'; readonly dimensions: readonly string[] }
  | { readonly type: 'single'; readonly dimension: string };

/**
 * The shard spec of partition `i` of a bucket: numbered `i` of n; hashed bucket `i` of n; or the key
 * range between the bucket's boundaries `i-1` and `i` (null = unbounded) for range / single specs,
 * over the spec's leading key columns.
 */
export function shardSpecOf(kind: ShardKind, b: BucketPartitions, i: number): ShardSpec {
  const n = b.numPartitions;
  const key = (k: number) => (b.keyBoundaries && k >= 0 && k < b.keyBoundaries.length ? b.keyBoundaries[k]!.map((v) => (v === null ? null : String(v))) : null);
  switch (kind.type) {
    case 'numbered':
      return { type: 'numbered', partitionNum: i, partitions: n };
    case 'hashed':
      return { type: 'hashed', partitionNum: i, partitions: n, bucketId: i, numBuckets: n, partitionDimensions: kind.partitionDimensions, partitionFunction: 'murmur3_32_abs' };
    case 'range': {
      // The dimensions may be a prefix of the clustering key (Druid stops at the first column that is not a string).
      const prefix = (k: number) => key(k)?.slice(0, kind.dimensions.length) ?? null;
      return { type: 'range', dimensions: kind.dimensions, start: prefix(i - 1), end: prefix(i), partitionNum: i, numCorePartitions: n };
    }
    case 'single':
      return { type: 'single', dimension: kind.dimension, start: key(i - 1)?.[0] ?? null, end: key(i)?.[0] ?? null, partitionNum: i, numCorePartitions: n };
  }
}

/**
 * REPLACE … OVERWRITE WHERE: every chunk with rows must lie inside one of the replaced intervals
 * (`bounds`), or the job fails with InsertTimeOutOfBounds naming the first offending chunk in the
 * order Druid's controller checks them (`druidChunkOrder`), and every bound.
 */
export function checkReplaceBounds(granularity: Granularity, buckets: readonly BucketPartitions[], bounds: readonly Interval[]): void {
  for (const start of druidChunkOrder(buckets.map((b) => b.bucket))) {
    const chunk = chunkOf(granularity, start);
    if (bounds.some((b) => contains(b, chunk))) continue;
    throw new FaultError(fault('InsertTimeOutOfBounds', { interval: formatInterval(chunk), intervalBounds: bounds.map(formatInterval) }));
  }
}

/** REPLACE: every chunk with rows gets the lock's new version, partitions 0..n-1 of n. */
export function allocateForReplace(granularity: Granularity, buckets: readonly BucketPartitions[], version: string, kind: ShardKind): PlannedSegment[] {
  return buckets.flatMap((b) => {
    const interval = chunkOf(granularity, b.bucket);
    return Array.from({ length: b.numPartitions }, (_, i) => ({ partition: b.firstPartition + i, interval, version, shardSpec: shardSpecOf(kind, b, i) }));
  });
}

/**
 * Final shard specs of the segments a job wrote: within each chunk, partitions are renumbered in
 * order so the core set has no gaps even if a planned partition received no rows (a chunk whose
 * core set had a hole would be invisible). Appended partitions keep the existing core size; key
 * ranges stay contiguous (a range takes over its empty neighbour's start); hashed segments keep
 * their bucket.
 */
export function compactPartitions(segments: readonly DataSegment[]): DataSegment[] {
  const byChunk = new Map<string, DataSegment[]>();
  for (const s of segments) {
    const key = `${s.interval.start}/${s.interval.end}/${s.version}`;
    const list = byChunk.get(key) ?? [];
    list.push(s);
    byChunk.set(key, list);
  }
  return [...byChunk.values()].flatMap((list) => {
    const sorted = [...list].sort((a, b) => a.shardSpec.partitionNum - b.shardSpec.partitionNum);
    const first = sorted[0]!.shardSpec;
    const n = sorted.length;
    return sorted.map((s, i): DataSegment => {
      const spec = s.shardSpec;
      const prev = sorted[i - 1]?.shardSpec;
      switch (spec.type) {
        case 'hashed':
          return { ...s, shardSpec: { ...spec, partitionNum: i, partitions: n } };
        case 'range':
          return { ...s, shardSpec: { ...spec, start: prev?.type === 'range' ? prev.end : null, end: i === n - 1 ? null : spec.end, partitionNum: i, numCorePartitions: n } };
        case 'single':
          return { ...s, shardSpec: { ...spec, start: prev?.type === 'single' ? prev.end : null, end: i === n - 1 ? null : spec.end, partitionNum: i, numCorePartitions: n } };
        default: {
          const appending = first.partitionNum > 0;
          return { ...s, shardSpec: { type: 'numbered', partitionNum: first.partitionNum + i, partitions: appending ? corePartitions(first) : n } };
        }
      }
    });
  });
}
