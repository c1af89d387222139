import type { ColumnSignature, Interval, RowSignature } from '@silt/common';
import type { AggregateCall, Expr } from '@silt/expr';
import type {
  AggregateNode,
  ExternalScanNode,
  FilterNode,
  JoinNode,
  LimitNode,
  LogicalPlan,
  MultiValueGrouping,
  ProjectNode,
  SortNode,
  SystemScanNode,
  SystemTableName,
  TableScanNode,
  UnionNode,
  UnnestNode,
} from './logical-plan.ts';

/** Factories for the logical plan's frozen nodes; each works out the node's output signature. */

const freezeSignature = (signature: RowSignature): RowSignature => Object.freeze(signature.map((c) => Object.freeze({ name: c.name, type: c.type })));

/** Reads an EXTERN input. */
export function externalScanNode(inputSource: Record<string, unknown>, inputFormat: Record<string, unknown>, signature: RowSignature): ExternalScanNode {
  return Object.freeze({ kind: 'externalScan', inputSource: Object.freeze(inputSource), inputFormat: Object.freeze(inputFormat), signature: freezeSignature(signature) });
}

/** Reads a datasource over `intervals`. */
export function tableScanNode(dataSource: string, intervals: readonly Interval[], signature: RowSignature): TableScanNode {
  return Object.freeze({
    kind: 'tableScan',
    dataSource,
    intervals: Object.freeze(intervals.map((i) => Object.freeze({ start: i.start, end: i.end }))),
    signature: freezeSignature(signature),
  });
}

/** Reads a system table. */
export function systemScanNode(table: SystemTableName, signature: RowSignature): SystemScanNode {
  return Object.freeze({ kind: 'systemScan', table, signature: freezeSignature(signature) });
}

/** Keeps the rows of `input` where `condition` holds. */
export function filterNode(input: LogicalPlan, condition: Expr): FilterNode {
  return Object.freeze({ kind: 'filter', input, condition, signature: input.signature });
}

/** Computes named expressions over `input`. */
export function projectNode(input: LogicalPlan, columns: readonly { readonly name: string; readonly expr: Expr }[]): ProjectNode {
  return Object.freeze({
    kind: 'project',
    input,
    columns: Object.freeze(columns.map((c) => Object.freeze({ name: c.name, expr: c.expr }))),
    signature: freezeSignature(columns.map((c) => ({ name: c.name, type: c.expr.type }))),
  });
}

/** Groups `input` by `groupBy` and computes `aggregates`; the output is the group columns, then the aggregates. */
export function aggregateNode(
  input: LogicalPlan,
  groupBy: readonly { readonly name: string; readonly expr: Expr }[],
  aggregates: readonly { readonly name: string; readonly call: AggregateCall }[],
  groupingSets?: string,
  multiValueKeys?: MultiValueGrouping,
): AggregateNode {
  return Object.freeze({
    kind: 'aggregate',
    ...(groupingSets ? { groupingSets } : {}),
    input,
    groupBy: Object.freeze(groupBy.map((g) => Object.freeze({ name: g.name, expr: g.expr }))),
    aggregates: Object.freeze(aggregates.map((a) => Object.freeze({ name: a.name, call: a.call }))),
    ...(multiValueKeys ? { multiValueKeys } : {}),
    signature: freezeSignature([...groupBy.map((g) => ({ name: g.name, type: g.expr.type })), ...aggregates.map((a) => ({ name: a.name, type: a.call.type }))]),
  });
}

/** Orders `input` by its columns. */
export function sortNode(input: LogicalPlan, keys: readonly { readonly column: string; readonly descending: boolean }[]): SortNode {
  return Object.freeze({ kind: 'sort', input, keys: Object.freeze(keys.map((k) => Object.freeze({ column: k.column, descending: k.descending }))), signature: input.signature });
}

/** Skips `offset` rows of `input`, then keeps at most `limit`. */
export function limitNode(input: LogicalPlan, limit: number | null, offset: number): LimitNode {
  return Object.freeze({ kind: 'limit', input, limit, offset, signature: input.signature });
}

/** Joins `left` and `right`; the output is the left columns, then the right columns (names already distinct). */
export function joinNode(
  left: LogicalPlan,
  right: LogicalPlan,
  joinType: JoinNode['joinType'],
  condition: Expr | null,
  keys: readonly { readonly left: string; readonly right: string }[],
): JoinNode {
  return Object.freeze({
    kind: 'join',
    left,
    right,
    joinType,
    condition,
    leftKeys: Object.freeze(keys.map((k) => k.left)),
    rightKeys: Object.freeze(keys.map((k) => k.right)),
    signature: freezeSignature([...left.signature, ...right.signature]),
  });
}

/** One row per element of `expr` for each row of `input`, the element in column `name` (of type `type`). */
export function unnestNode(input: LogicalPlan, expr: Expr, name: string, type: ColumnSignature['type']): UnnestNode {
  return Object.freeze({ kind: 'unnest', input, expr, name, signature: freezeSignature([...input.signature, { name, type }]) });
}

/** UNION ALL of `inputs` (same column types), named as the first input's columns. */
export function unionNode(inputs: readonly LogicalPlan[]): UnionNode {
  return Object.freeze({ kind: 'union', inputs: Object.freeze([...inputs]), signature: inputs[0]!.signature });
}
