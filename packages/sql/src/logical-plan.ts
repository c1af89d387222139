import type { Granularity, Interval, RowSignature } from '@silt/common';
import type { AggregateCall, Expr } from '@silt/expr';

/**
 * The planner's output: a tree of relational nodes, each with its output `signature`. The engine's
 * query kit turns it into a QueryDefinition (stages). Nodes are frozen plain objects.
 */
export type LogicalPlan = ExternalScanNode | TableScanNode | SystemScanNode | FilterNode | ProjectNode | AggregateNode | SortNode | LimitNode;

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
  readonly input: LogicalPlan;
  readonly groupBy: readonly { readonly name: string; readonly expr: Expr }[];
  readonly aggregates: readonly { readonly name: string; readonly call: AggregateCall }[];
  readonly signature: RowSignature;
}

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

/** A validated statement, ready for the engine. */
export type PlannedStatement = PlannedSelect | PlannedIngest;

export interface PlannedSelect {
  readonly kind: 'select';
  readonly plan: LogicalPlan;
  /** SQL type of each output column (TIMESTAMP, VARCHAR, BIGINT, …), aligned with `plan.signature`. */
  readonly sqlTypeNames: readonly string[];
  /** Context after `SET` statements are merged over the request's context. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly sql: string;
}

export interface PlannedIngest {
  readonly kind: 'insert' | 'replace';
  readonly dataSource: string;
  /** Output rows; its signature holds `__time` (LONG millis) unless PARTITIONED BY ALL without a time column. */
  readonly plan: LogicalPlan;
  readonly segmentGranularity: Granularity;
  /** CLUSTERED BY output column names, in order. */
  readonly clusteredBy: readonly string[];
  /** REPLACE: `all` (OVERWRITE ALL) or the OVERWRITE WHERE intervals; INSERT: null. */
  readonly replaceTimeChunks: 'all' | readonly Interval[] | null;
  readonly context: Readonly<Record<string, unknown>>;
  readonly sql: string;
}

/** What the planner needs to know about existing tables. */
export interface Catalog {
  /** Columns of a datasource (union over its visible segments), or undefined if it does not exist. */
  tableSignature(dataSource: string): RowSignature | undefined;
}
