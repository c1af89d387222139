import type { Granularity, Interval, RowSignature } from '@silt/common';
import type { AggregateCall, Expr } from '@silt/expr';
import type { MultiValueGrouping, SystemTableName } from '@silt/sql';

/**
 * A QueryDefinition: the DAG of stages an MSQ query runs as (Druid's QueryDefinition /
 * StageDefinition vocabulary). Stages are numbered in execution order; stage n reads only
 * external inputs, tables, or earlier stages. Everything here is a frozen plain object
 * (serializable into reports and across threads).
 */
export interface QueryDefinition {
  readonly queryId: string;
  readonly stages: readonly StageDefinition[];
}

export interface StageDefinition {
  readonly id: string;
  readonly stageNumber: number;
  /** Input 0 is the one the stage's workers split; the others are broadcast to every worker. */
  readonly input: readonly InputSpec[];
  /** Indexes of broadcast inputs (Druid's `broadcast`). */
  readonly broadcast: readonly number[];
  readonly processor: ProcessorSpec;
  /** Output signature. */
  readonly signature: RowSignature;
  readonly shuffleSpec: ShuffleSpec | null;
  readonly maxWorkerCount: number;
}

/** What a stage reads. */
export type InputSpec =
  | { readonly type: 'external'; readonly inputSource: Readonly<Record<string, unknown>>; readonly inputFormat: Readonly<Record<string, unknown>>; readonly signature: RowSignature }
  | { readonly type: 'table'; readonly dataSource: string; readonly intervals: readonly Interval[]; readonly signature: RowSignature }
  | { readonly type: 'system'; readonly table: SystemTableName; readonly signature: RowSignature }
  | { readonly type: 'stage'; readonly stage: number };

/** A row-wise operation applied to each frame, in order. */
export type FrameOp =
  | { readonly type: 'filter'; readonly condition: Expr }
  | { readonly type: 'project'; readonly columns: readonly { readonly name: string; readonly expr: Expr }[]; readonly signature: RowSignature }
  | { readonly type: 'unnest'; readonly expr: Expr; readonly name: string; readonly signature: RowSignature }
  | ({ readonly type: 'join'; readonly broadcastInput: number } & JoinSpec);

/** How two row sets join (a broadcast join op, or a sort-merge join stage). */
export interface JoinSpec {
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';
  readonly leftKeys: readonly string[];
  readonly rightKeys: readonly string[];
  /** The whole ON condition over the joined signature (null: keys only, or a cross join). */
  readonly condition: Expr | null;
  readonly rightSignature: RowSignature;
  /** Output: left columns then right columns. */
  readonly signature: RowSignature;
}

/** The group-by part of a stage: keys and aggregates (partial before a shuffle, final after). */
export interface GroupBySpec {
  readonly keys: readonly { readonly name: string; readonly expr: Expr }[];
  readonly aggregates: readonly { readonly name: string; readonly call: AggregateCall }[];
  /** How a STRING key holding several values groups (see MultiValueGrouping); absent: by the whole list. */
  readonly multiValueKeys?: MultiValueGrouping;
  /** Output of the final aggregation: keys then finalized aggregates. */
  readonly signature: RowSignature;
  /** The consumer sorts the groups itself (an ORDER BY): they need not come in key order. */
  readonly unordered?: boolean;
}

/**
 * What a stage does with its input frames.
 * - scan: ops over input rows; optionally a partial aggregation (groupByPreShuffle in Druid).
 * - groupByPostShuffle: merges partial aggregates of one partition, then ops (HAVING, projection).
 * - sortMergeJoin: joins partition p of input 0 with partition p of input 1 (both hash-shuffled on
 *   the join keys), then ops.
 * - results: sorts / limits one partition and applies the final projection; hands rows to the
 *   controller (SELECT), or writes them on through its shuffle (a subquery's ORDER BY / LIMIT).
 * - export: writes its input's rows as CSV files under `exportPath`.
 * - segmentGenerator: writes each partition as one segment.
 */
export type ProcessorSpec =
  | {
      readonly type: 'scan';
      readonly ops: readonly FrameOp[];
      readonly partialAggregate: GroupBySpec | null;
      /** Native batch: rows with a null `__time` after the first op are unparseable (see PlannedIngest). */
      readonly unparseableTimeColumn?: string;
      /**
       * Set when this one task reads every row of the GROUP BY (see exec/one-task-group-by.ts): the
       * task finishes the aggregation and hands back the query's result rows instead of partials.
       */
      readonly completeAggregate?: GroupByCompletion;
    }
  | {
      readonly type: 'groupByPostShuffle';
      readonly groupBy: GroupBySpec;
      readonly ops: readonly FrameOp[];
      /** An ORDER BY … LIMIT reads these groups: each partition passes on only its first `rows` in `sort` order. */
      readonly top?: TopRows;
    }
  | ({ readonly type: 'sortMergeJoin'; readonly ops: readonly FrameOp[] } & JoinSpec)
  | ({ readonly type: 'results' } & ResultsSpec)
  | { readonly type: 'export'; readonly exportPath: string; readonly format: 'csv'; readonly sqlTypeNames: readonly string[] }
  | { readonly type: 'segmentGenerator'; readonly dataSource: string; readonly dimensions: readonly string[]; readonly metrics: readonly string[]; readonly rollup: boolean; readonly segmentSortOrder: readonly string[] };

/** What a results stage does with the rows it collects: sort, OFFSET / LIMIT, then ops (the final projection). */
export interface ResultsSpec {
  readonly sort: readonly SortColumn[];
  readonly limit: number | null;
  readonly offset: number;
  readonly ops: readonly FrameOp[];
}

/**
 * The stages after a partial aggregation, done in the task that aggregated: the merge stage's ops
 * (HAVING, projection) over the final groups, then its results stage.
 */
export interface GroupByCompletion {
  readonly groupBy: GroupBySpec;
  readonly mergeOps: readonly FrameOp[];
  readonly results: ResultsSpec;
  /** Signature of the partial-aggregate frames (the scan stage's), for tasks that read a part of the rows. */
  readonly partialSignature: RowSignature;
}

export interface SortColumn {
  readonly column: string;
  readonly descending: boolean;
}

/** The first `rows` rows in `sort` order (a LIMIT pushed below the stage that sorts them all). */
export interface TopRows {
  readonly sort: readonly SortColumn[];
  readonly rows: number;
}

/**
 * How a stage's output is partitioned for its consumer (Druid's ShuffleSpec family).
 * - hash: rows hashed on `columns` into `partitions` buckets (murmur3), for group-by merging.
 * - mix: every row into one partition.
 * - targetSize: global sort on the time bucket then `clusterBy`, split into partitions of about
 *   `targetSize` rows each; boundaries come from key statistics (MERGING_STATISTICS).
 */
export type ShuffleSpec =
  | { readonly type: 'hash'; readonly columns: readonly string[]; readonly partitions: number }
  | { readonly type: 'mix' }
  | {
      readonly type: 'targetSize';
      readonly segmentGranularity: Granularity;
      readonly clusterBy: readonly string[];
      readonly targetSize: number;
      /** Native `hashed` partitioning: rows go to murmur3 buckets of their partition key instead of key ranges. */
      readonly hash?: { readonly numShards: number | null; readonly partitionDimensions: readonly string[]; readonly dimensions: readonly string[] };
      /** Native `single_dim` / `range` partitioning: a multi-value `clusterBy` value fails the job, as Druid cannot partition on it. */
      readonly singleValueKeys?: boolean;
    };

/** Whether the shuffle needs key statistics from workers before partitions are known. */
export function mustGatherResultKeyStatistics(shuffle: ShuffleSpec | null): boolean {
  return shuffle?.type === 'targetSize';
}

/** Whether the stage sorts during its shuffle (reported as the stage's `sort`). */
export function doesSortDuringShuffle(shuffle: ShuffleSpec | null): boolean {
  return shuffle?.type === 'targetSize';
}
