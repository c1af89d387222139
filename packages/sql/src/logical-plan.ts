import type { Granularity, Interval, RowSignature } from '@silt/common';
import type { AggregateCall, Expr } from '@silt/expr';
import type { TaskLockType } from './query-context.ts';

/**
 * The planner's output: a tree of relational nodes, each with its output `signature`. The engine's
 * query kit turns it into a QueryDefinition (stages). Nodes are frozen plain objects.
 */
export type LogicalPlan =
  | ExternalScanNode
  | TableScanNode
  | SystemScanNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | SortNode
  | LimitNode
  | JoinNode
  | UnnestNode
  | UnionNode;

/** Reads an EXTERN input: Druid inputSource / inputFormat JSON and the declared signature. */
export interface ExternalScanNode {
  readonly kind: 'externalScan';
  readonly inputSource: Readonly<Record<string, unknown>>;
  readonly inputFormat: Readonly<Record<string, unknown>>;
  readonly signature: RowSignature;
}

/**
 * Reads a datasource's visible segments. `intervals` are the `__time` ranges the query can touch
 * (from its WHERE clause; ETERNITY when unconstrained), used to prune segments.
 */
export interface TableScanNode {
  readonly kind: 'tableScan';
  readonly dataSource: string;
  readonly intervals: readonly Interval[];
  readonly signature: RowSignature;
}

/** Reads a system table (`sys.segments`, `sys.tasks`, `INFORMATION_SCHEMA.TABLES` / `COLUMNS`). */
export interface SystemScanNode {
  readonly kind: 'systemScan';
  readonly table: SystemTableName;
  readonly signature: RowSignature;
}

export type SystemTableName = 'sys.segments' | 'sys.tasks' | 'INFORMATION_SCHEMA.TABLES' | 'INFORMATION_SCHEMA.COLUMNS' | 'INFORMATION_SCHEMA.SCHEMATA';

/** Keeps rows where `condition` is true (SQL semantics: NULL drops the row). */
export interface FilterNode {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly condition: Expr;
  readonly signature: RowSignature;
}

/** Computes output columns from input columns; `signature[i]` names `columns[i]`. */
export interface ProjectNode {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  readonly columns: readonly { readonly name: string; readonly expr: Expr }[];
  readonly signature: RowSignature;
}

/**
 * Groups by `groupBy` expressions and computes `aggregates`. Output signature: the group columns,
 * then the aggregate columns, in order. No group keys = one row over the whole input.
 */
export interface AggregateNode {
  readonly kind: 'aggregate';
  /**
   * `GROUP BY ROLLUP / CUBE / GROUPING SETS`: the decorator. The keys are every grouping
   * expression; the multi-stage engine does not run subtotals and fails with QueryNotSupported.
   */
  readonly groupingSets?: string;
  readonly input: LogicalPlan;
  readonly groupBy: readonly { readonly name: string; readonly expr: Expr }[];
  readonly aggregates: readonly { readonly name: string; readonly call: AggregateCall }[];
  /** How a STRING key holding several values in a row groups; absent: by the whole list (native rollup). */
  readonly multiValueKeys?: MultiValueGrouping;
  readonly signature: RowSignature;
}

/**
 * GROUP BY over a multi-value string key (SQL; a single value or an empty list is read as that value
 * or NULL in every mode):
 * - unnest: the row joins the group of each of its values (Druid's groupByEnableMultiValueUnnesting,
 *   the default);
 * - fail: several values fail the query with QueryRuntimeError (Druid's vectorized groupBy);
 * - failPostAggregated: the same, with Druid's groupBy engine message, when an expression reads the
 *   key after grouping (Druid plans it as a post-aggregator and groups without vectorizing).
 */
export type MultiValueGrouping = 'unnest' | 'fail' | 'failPostAggregated';

/** Orders rows by input columns (by name). */
export interface SortNode {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: readonly { readonly column: string; readonly descending: boolean }[];
  readonly signature: RowSignature;
}

/** Skips `offset` rows, then keeps at most `limit` (null = no limit). */
export interface LimitNode {
  readonly kind: 'limit';
  readonly input: LogicalPlan;
  readonly limit: number | null;
  readonly offset: number;
  readonly signature: RowSignature;
}

/**
 * Joins two inputs. Output signature: the left columns, then the right columns; a right column whose
 * name clashes with an earlier one is renamed the way Calcite names join fields (`x` → `x0`, then
 * `x1`, …), so `SELECT *` over a join shows Calcite's names. `condition` is over that combined
 * signature; `null` is a cross join. Equi-join keys are listed separately (left/right column names
 * as they appear in the combined signature, pairwise equal) so the engine can hash or sort-merge on
 * them; `condition` still holds the whole ON clause (keys included). Comma joins and CROSS JOINs whose
 * WHERE clause equates a left and a right column are planned as INNER joins on those keys.
 */
export interface JoinNode {
  readonly kind: 'join';
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';
  readonly condition: Expr | null;
  readonly leftKeys: readonly string[];
  readonly rightKeys: readonly string[];
  readonly signature: RowSignature;
}

/**
 * UNNEST: one output row per element of `expr` (an array or multi-value string) for each input row,
 * with the element in column `name` appended after the input columns. A null or empty array gives no
 * row; a multi-value string column without values gives one NULL row (Druid's UNNEST semantics).
 */
export interface UnnestNode {
  readonly kind: 'unnest';
  readonly input: LogicalPlan;
  readonly expr: Expr;
  readonly name: string;
  readonly signature: RowSignature;
}

/**
 * UNION ALL: the rows of every input, in input order. Inputs have the same column types; the
 * output takes the first input's column names.
 */
export interface UnionNode {
  readonly kind: 'union';
  readonly inputs: readonly LogicalPlan[];
  readonly signature: RowSignature;
}

/** The nodes a plan node reads its rows from (none for scans; left, then right, for a join; a union's inputs). */
export function planInputs(node: LogicalPlan): readonly LogicalPlan[] {
  switch (node.kind) {
    case 'externalScan':
    case 'tableScan':
    case 'systemScan':
      return [];
    case 'join':
      return [node.left, node.right];
    case 'union':
      return node.inputs;
    default:
      return [node.input];
  }
}

/** A validated statement, ready for the engine. */
export type PlannedStatement = PlannedSelect | PlannedIngest | PlannedExport;

export interface PlannedSelect {
  readonly kind: 'select';
  readonly plan: LogicalPlan;
  /** SQL type of each output column (TIMESTAMP, VARCHAR, BIGINT, …), aligned with `plan.signature`. */
  readonly sqlTypeNames: readonly string[];
  /** Output column names as the SELECT list gives them (they may repeat; the plan's are made unique). */
  readonly columnNames: readonly string[];
  /** Context after `SET` statements are merged over the request's context. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly sql: string;
  /** `EXPLAIN PLAN FOR`: return the plan instead of running it. */
  readonly explain?: boolean;
}

/**
 * `INSERT INTO EXTERN(local(exportPath => '…')) AS CSV SELECT …`: writes the query's rows to files.
 */
export interface PlannedExport {
  readonly kind: 'export';
  readonly plan: LogicalPlan;
  readonly sqlTypeNames: readonly string[];
  readonly destination: { readonly type: 'local'; readonly exportPath: string };
  readonly format: 'csv';
  readonly context: Readonly<Record<string, unknown>>;
  readonly sql: string;
  readonly explain?: boolean;
}

export interface PlannedIngest {
  readonly kind: 'insert' | 'replace';
  readonly dataSource: string;
  /** Output rows; its signature holds `__time` (LONG millis) unless PARTITIONED BY ALL without a time column. */
  readonly plan: LogicalPlan;
  readonly segmentGranularity: Granularity;
  /** CLUSTERED BY column names, in order (`__time` may only come first unless forceSegmentSortByTime is false). */
  readonly clusteredBy: readonly string[];
  /**
   * The columns written to segments: `plan`'s, less the `clusteredBy` columns that are no SELECT
   * output (`CLUSTERED BY LOWER(dim1)`), which `plan` computes beside the outputs so that rows are
   * sorted on them into segments, which do not hold them.
   */
  readonly outputColumns: RowSignature;
  /**
   * The sort order of rows inside each segment, when it differs from Druid's default (`__time`, then
   * `clusteredBy`): the context's `segmentSortOrder` columns, then the CLUSTERED BY columns not
   * already listed; or, with `forceSegmentSortByTime: false` and no `segmentSortOrder`, the CLUSTERED
   * BY columns (`__time` where CLUSTERED BY puts it, else last). Absent = the default order.
   */
  readonly segmentSortOrder?: readonly string[];
  /**
   * Whether segments are written as rollup (dimensions plus metric columns), by Druid's rule: the
   * top-level query aggregates (GROUP BY), `finalizeAggregations` is false and
   * `groupByEnableMultiValueUnnesting` is false. The aggregate columns of the top AggregateNode are
   * then the metrics.
   */
  readonly rollup: boolean;
  /**
   * SQL REPLACE: the range shard columns Druid picks from the cluster key (CLUSTERED BY, or the GROUP
   * BY keys when there is no CLUSTERED BY), with the commentary of the report's segmentReport. No
   * columns: numbered shard specs. Absent for INSERT (appends are always numbered) and native batch.
   */
  readonly rangeShardColumns?: RangeShardColumns;
  /** The time-chunk lock the task takes (context `taskLockType` / `useConcurrentLocks`, validated for the statement). */
  readonly lockType: TaskLockType;
  /** REPLACE: `all` (OVERWRITE ALL) or the OVERWRITE WHERE intervals; INSERT: null. */
  readonly replaceTimeChunks: 'all' | readonly Interval[] | null;
  readonly context: Readonly<Record<string, unknown>>;
  readonly sql: string;
  readonly explain?: boolean;
  /**
   * Native batch (index / index_parallel): how rows are cut into segments, by Druid's partitionsSpec.
   * Absent for SQL, which cuts by rowsPerSegment and CLUSTERED BY ranges.
   */
  readonly partitioning?: SegmentPartitioning;
  /**
   * Native batch with appendToExisting false: replace the time chunks that get rows (within
   * `replaceTimeChunks` when intervals are given); tombstones only with dropExisting.
   */
  readonly nativeReplace?: { readonly dropExisting: boolean };
  /**
   * Native batch: the input's timestamp column. A row whose `__time` comes out null is counted as
   * unparseable (Druid's "Timestamp[…] is unparseable!") instead of failing with InsertTimeNull.
   */
  readonly unparseableTimeColumn?: string;
}

/** Range shard columns of a REPLACE and why (Druid's `segmentReport.details`); see PlannedIngest. */
export interface RangeShardColumns {
  readonly columns: readonly string[];
  readonly details: string;
}

/** True for INSERT and REPLACE, the statements that publish segments. */
export function isIngest(statement: PlannedStatement): statement is PlannedIngest {
  return statement.kind === 'insert' || statement.kind === 'replace';
}

/**
 * Druid's partitionsSpec as the engine applies it: `dynamic` fills segments up to a row count;
 * `hashed` buckets rows by murmur3_32_abs of their partition key (HashBasedNumberedShardSpec);
 * `range` / `single_dim` split each chunk at key boundaries (DimensionRangeShardSpec /
 * SingleDimensionShardSpec).
 */
export type SegmentPartitioning =
  | { readonly type: 'dynamic'; readonly maxRowsPerSegment: number }
  | { readonly type: 'hashed'; readonly numShards: number | null; readonly targetRowsPerSegment: number; readonly partitionDimensions: readonly string[]; readonly dimensions: readonly string[] }
  | { readonly type: 'range' | 'single_dim'; readonly partitionDimensions: readonly string[]; readonly targetRowsPerSegment: number };

/** What the planner needs to know about existing tables. */
export interface Catalog {
  /** Columns of a datasource (union over its visible segments), or undefined if it does not exist. */
  tableSignature(dataSource: string): RowSignature | undefined;
}
