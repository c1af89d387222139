import type { Granularity, Interval, RowSignature } from '@silt/common';
import type { AggregateCall, Expr } from '@silt/expr';
import type { SystemTableName } from '@silt/sql';

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
  readonly input: readonly InputSpec[];
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
  | { readonly type: 'project'; readonly columns: readonly { readonly name: string; readonly expr: Expr }[]; readonly signature: RowSignature };

/** The group-by part of a stage: keys and aggregates (partial before a shuffle, final after). */
export interface GroupBySpec {
  readonly keys: readonly { readonly name: string; readonly expr: Expr }[];
  readonly aggregates: readonly { readonly name: string; readonly call: AggregateCall }[];
  /** Output of the final aggregation: keys then finalized aggregates. */
  readonly signature: RowSignature;
}

/**
 * What a stage does with its input frames.
 * - scan: ops over input rows; optionally a partial aggregation (groupByPreShuffle in Druid).
 * - groupByPostShuffle: merges partial aggregates of one partition, then ops (HAVING, projection).
 * - results: sorts / limits one partition, applies the final projection, and hands rows to the
 *   controller (SELECT).
 * - segmentGenerator: writes each partition as one segment.
 */
export type ProcessorSpec =
  | { readonly type: 'scan'; readonly ops: readonly FrameOp[]; readonly partialAggregate: GroupBySpec | null }
  | { readonly type: 'groupByPostShuffle'; readonly groupBy: GroupBySpec; readonly ops: readonly FrameOp[] }
  | { readonly type: 'results'; readonly sort: readonly SortColumn[]; readonly limit: number | null; readonly offset: number; readonly ops: readonly FrameOp[] }
  | { readonly type: 'segmentGenerator'; readonly dataSource: string; readonly dimensions: readonly string[]; readonly metrics: readonly string[]; readonly rollup: boolean; readonly segmentSortOrder: readonly string[] };

export interface SortColumn {
  readonly column: string;
  readonly descending: boolean;
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
  | { readonly type: 'targetSize'; readonly segmentGranularity: Granularity; readonly clusterBy: readonly string[]; readonly targetSize: number; readonly replaceIntervals: readonly Interval[] | null };

/** Whether the shuffle needs key statistics from workers before partitions are known. */
export function mustGatherResultKeyStatistics(shuffle: ShuffleSpec | null): boolean {
  return shuffle?.type === 'targetSize';
}

/** Whether the stage sorts during its shuffle (reported as the stage's `sort`). */
export function doesSortDuringShuffle(shuffle: ShuffleSpec | null): boolean {
  return shuffle?.type === 'targetSize';
}
