import type { ColumnType, Granularity, Interval } from '@silt/common';
import type { LogicalPlan } from '@silt/sql';

/**
 * Druid's partitionsSpec, resolved with defaults. Each produces its own shard specs:
 * dynamic → numbered; hashed → hashed (HashBasedNumberedShardSpec, murmur3_32_abs);
 * single_dim / range → range (DimensionRangeShardSpec; single_dim is range over one dimension).
 */
export type PartitionsSpec =
  | { readonly type: 'dynamic'; readonly maxRowsPerSegment: number; readonly maxTotalRows: number | null }
  | {
      readonly type: 'hashed';
      readonly numShards: number | null;
      readonly targetRowsPerSegment: number | null;
      readonly partitionDimensions: readonly string[];
      readonly partitionFunction: 'murmur3_32_abs';
    }
  | {
      readonly type: 'single_dim' | 'range';
      readonly partitionDimensions: readonly string[];
      readonly targetRowsPerSegment: number | null;
      readonly maxRowsPerSegment: number | null;
      readonly assumeGrouped: boolean;
    };

/** tuningConfig fields the engine and supervisor act on, with Druid's defaults applied. */
export interface ResolvedTuningConfig {
  readonly maxRowsInMemory: number;
  /** 0 = Druid's default (one sixth of the heap); -1 = no byte limit. */
  readonly maxBytesInMemory: number;
  readonly maxNumConcurrentSubTasks: number;
  readonly maxRetry: number;
  readonly maxParseExceptions: number;
  readonly maxSavedParseExceptions: number;
  readonly logParseExceptions: boolean;
  readonly reportParseExceptions: boolean;
  readonly forceGuaranteedRollup: boolean;
  readonly splitHintSpec: Readonly<Record<string, unknown>> | null;
  readonly taskStatusCheckPeriodMs: number;
  readonly awaitSegmentAvailabilityTimeoutMillis: number;
  /** Every other documented field, validated and defaulted, as Druid echoes them in the payload. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One output dimension: its column type and Druid's per-dimension options (applied when writing segments). */
export interface NativeDimension {
  readonly name: string;
  /** Druid's dimension type (`string`, `long`, `float`, `double`, `json`, `auto`). */
  readonly type: 'string' | 'long' | 'float' | 'double' | 'json' | 'auto';
  readonly columnType: ColumnType;
  /** Multi-value strings: `SORTED_ARRAY` sorts the values, `SORTED_SET` sorts and de-duplicates, `ARRAY` keeps them. */
  readonly multiValueHandling: 'SORTED_ARRAY' | 'SORTED_SET' | 'ARRAY';
  readonly createBitmapIndex: boolean;
}

/**
 * Set when dimensions must be discovered from the input (schemaless `dimensionsSpec`) and the input
 * format does not declare its columns: read a sample, then parse the spec again with
 * `{ discoveredColumns }`. The plan built meanwhile holds only the explicit dimensions.
 */
export interface SchemaDiscovery {
  /** Input columns that never become dimensions (timestamp column, exclusions, metric inputs and names, `__time`, explicit dimensions). */
  readonly excluded: readonly string[];
  /** `useSchemaDiscovery`: discovered dimensions keep the types given with `discoveredColumns`; otherwise they are strings. */
  readonly typed: boolean;
}

/**
 * A native `index` / `index_parallel` spec translated for the engine: the rows to write (a logical
 * plan over the input, producing `__time` already truncated to queryGranularity, then the
 * dimensions, then the metrics — aggregated when rolling up) and how to cut them into segments.
 */
export interface NativeIngestPlan {
  readonly taskType: 'index' | 'index_parallel';
  readonly dataSource: string;
  /**
   * externalScan → project (parse `__time`, transforms) → [filter] → aggregate (rollup) or project.
   * Output: `__time` (truncated to queryGranularity), the dimensions, then the metrics. Sketch metrics
   * are typed COMPLEX<json> and yield the sketch itself (stored unfinalized, as Druid does); `count` is
   * a LONG column.
   */
  readonly plan: LogicalPlan;
  readonly dimensions: readonly string[];
  /** The dimensions with their types and options, in output order (same names as `dimensions`). */
  readonly dimensionSchemas: readonly NativeDimension[];
  readonly metrics: readonly string[];
  /**
   * The timestampSpec. In `plan`, the project directly above the externalScan yields `__time`; it is
   * NULL when `column` is null (without `missingValue`) or cannot be parsed with `format`. Druid counts
   * such rows as unparseable (`Timestamp[<value>] is unparseable!`): the engine must count and drop
   * them there, before the filter above (whose dropped rows are "thrownAway").
   */
  readonly timestampSpec: { readonly column: string; readonly format: string; readonly missingValue: number | null };
  readonly rollup: boolean;
  /** forceGuaranteedRollup: exactly one row per (truncated time, dimensions) across the job. */
  readonly perfectRollup: boolean;
  readonly segmentGranularity: Granularity;
  readonly queryGranularity: Granularity;
  /** granularitySpec.intervals (null when not given: chunks are discovered from the data). */
  readonly intervals: readonly Interval[] | null;
  /**
   * The segmentGranularity time chunks overlapping `intervals`, condensed (null without intervals).
   * Rows outside them are thrown away; the plan's filter already drops them.
   */
  readonly bucketIntervals: readonly Interval[] | null;
  readonly appendToExisting: boolean;
  readonly dropExisting: boolean;
  readonly partitionsSpec: PartitionsSpec;
  readonly tuning: ResolvedTuningConfig;
  /** Non-null when the dimensions still have to be discovered from the input (see {@link SchemaDiscovery}). */
  readonly schemaDiscovery: SchemaDiscovery | null;
  /** The validated spec with defaults, as GET /druid/indexer/v1/task/{id} returns it under `payload.spec`. */
  readonly spec: Readonly<Record<string, unknown>>;
}
