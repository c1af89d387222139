import type { Interval, RowSignature } from '@silt/common';

/**
 * Druid's shard specs, as they appear in segment payloads (`shardSpec`) and sys.segments.
 * - `numbered`: `partitionNum` of a core set of `partitions` (appended segments have partitionNum >= partitions).
 * - `tombstone`: an empty segment that overshadows older data in its interval.
 * - `range`: DimensionRangeShardSpec (`dimensions`, `start`/`end` tuples, null = unbounded).
 * - `single`: SingleDimensionShardSpec (native `single_dim`: one `dimension`, `start`/`end` values).
 * - `hashed`: HashBasedNumberedShardSpec.
 */
export type ShardSpec =
  | { readonly type: 'numbered'; readonly partitionNum: number; readonly partitions: number }
  | { readonly type: 'tombstone'; readonly partitionNum: number; readonly partitions: number }
  | {
      readonly type: 'range';
      readonly dimensions: readonly string[];
      readonly start: readonly (string | null)[] | null;
      readonly end: readonly (string | null)[] | null;
      readonly partitionNum: number;
      readonly numCorePartitions: number;
    }
  | {
      readonly type: 'single';
      readonly dimension: string;
      readonly start: string | null;
      readonly end: string | null;
      readonly partitionNum: number;
      readonly numCorePartitions: number;
    }
  | {
      readonly type: 'hashed';
      readonly partitionNum: number;
      readonly partitions: number;
      readonly bucketId: number;
      readonly numBuckets: number;
      readonly partitionDimensions: readonly string[];
      readonly partitionFunction: 'murmur3_32_abs';
    };

/** Size of the core partition set a shard spec belongs to. */
export function corePartitions(spec: ShardSpec): number {
  return spec.type === 'range' || spec.type === 'single' ? spec.numCorePartitions : spec.partitions;
}

/**
 * A published (or about to be published) segment: Druid's DataSegment payload fields plus the
 * parsed interval. `loadSpec` says where deep storage holds the file.
 */
export interface DataSegment {
  readonly dataSource: string;
  readonly interval: Interval;
  readonly version: string;
  readonly shardSpec: ShardSpec;
  readonly loadSpec: Readonly<Record<string, unknown>>;
  /** Dimension column names, in segment order. */
  readonly dimensions: readonly string[];
  /** Metric column names. */
  readonly metrics: readonly string[];
  /** Full column signature including `__time`. */
  readonly signature: RowSignature;
  readonly numRows: number;
  /** Bytes in deep storage. */
  readonly size: number;
  readonly binaryVersion: number;
  /** Rollup was applied when writing (recorded in lastCompactionState-like metadata). */
  readonly rollup: boolean;
}
