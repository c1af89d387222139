import { ETERNITY, type Granularity, type Interval, type RowSignature } from '@silt/common';
import { type AggregateCall, call, columnRef, type Expr, literal } from '@silt/expr';
import type { AggregateNode, ExternalScanNode, FilterNode, LogicalPlan, ProjectNode } from '@silt/sql';
import type { DataSchema } from '../data-schema/data-schema.ts';
import type { DimensionSchema } from '../data-schema/dimensions-spec.ts';
import type { MetricSpec } from '../data-schema/metrics-spec.ts';
import { timestampExpr } from '../data-schema/timestamp-spec.ts';
import { translateNativeAst, type NativeBinding, type NativeScope } from '../native-expr/native-translate.ts';
import { castTo } from '../native-expr/native-typing.ts';
import { nativeFilterToExpr } from '../native-filter/filter-expr.ts';
import { specError } from '../spec-error.ts';
import { inputColumns } from './input-columns.ts';

type NamedExpr = { readonly name: string; readonly expr: Expr };

/**
 * Builds the logical plan of a native ingestion:
 *
 * ```
 * externalScan(input columns)
 *   → project  [__time (parsed timestamp, or the `__time` transform), transforms, passed-through input columns]
 *   → filter   (transformSpec.filter AND __time within the granularitySpec's bucketed intervals)   — when either exists
 *   → aggregate by (__time truncated to queryGranularity, dimensions…) computing the metrics     — rollup
 *     or project [__time truncated, dimensions…, each metric computed from its row]              — no rollup
 * ```
 *
 * The first project's `__time` is NULL for rows whose timestamp is missing (without missingValue) or
 * unparseable: the engine must count those rows as unparseable and drop them before the filter.
 * Rows dropped by the filter are Druid's "thrownAway" rows.
 */
export function buildIngestPlan(
  schema: DataSchema,
  dimensions: readonly DimensionSchema[],
  inputSource: Readonly<Record<string, unknown>>,
  inputFormat: Readonly<Record<string, unknown>>,
  bucketIntervals: readonly Interval[] | null,
): LogicalPlan {
  const columns = inputColumns(schema, dimensions);
  const readType = new Map(columns.signature.map((c) => [c.name, c.type]));
  const scan = freeze<ExternalScanNode>({ kind: 'externalScan', inputSource, inputFormat, signature: columns.signature });

  // The input row: transforms and the timestamp read it.
  const tsColumn = schema.timestampSpec.column;
  const parsedTime = timestampExpr(schema.timestampSpec, columnRef(tsColumn, readType.get(tsColumn)!));
  const inputScope: NativeScope = (name) => {
    if (name === '__time') return { expr: parsedTime, untyped: false };
    const type = readType.get(name) ?? 'STRING';
    return { expr: columnRef(name, type), untyped: columns.untyped.has(name) };
  };
  const projected: NamedExpr[] = [];
  const timeTransform = schema.transformSpec.transforms.find((t) => t.name === '__time');
  projected.push({ name: '__time', expr: timeTransform ? castTo(translateNativeAst(timeTransform.ast, inputScope), 'LONG') : parsedTime });
  for (const t of schema.transformSpec.transforms) if (t !== timeTransform) projected.push({ name: t.name, expr: translateNativeAst(t.ast, inputScope) });
  for (const name of columns.passthrough) projected.push({ name, expr: inputScope(name).expr });
  let plan: LogicalPlan = project(scan, projected);

  // The transformed row: filters, dimensions and metrics read it.
  const rowTypes = new Map(plan.signature.map((c) => [c.name, c.type]));
  const rowScope: NativeScope = (name): NativeBinding => {
    const type = rowTypes.get(name);
    if (!type) return { expr: literal(null, 'STRING'), untyped: false };
    return { expr: columnRef(name, type), untyped: columns.untyped.has(name) && !schema.transformSpec.transforms.some((t) => t.name === name) };
  };
  const conditions: Expr[] = [];
  if (schema.transformSpec.filter) conditions.push(nativeFilterToExpr(schema.transformSpec.filter, rowScope));
  if (bucketIntervals) conditions.push(withinIntervals(columnRef('__time', 'LONG'), bucketIntervals));
  if (conditions.length > 0) {
    const condition = conditions.length === 1 ? conditions[0]! : call('AND', conditions, 'LONG');
    plan = freeze<FilterNode>({ kind: 'filter', input: plan, condition, signature: plan.signature });
  }

  const time: NamedExpr = { name: '__time', expr: truncateTime(columnRef('__time', 'LONG'), schema.granularitySpec.queryGranularity) };
  const dims: NamedExpr[] = dimensions.map((d) => ({ name: d.name, expr: castTo(rowScope(d.name).expr, d.columnType) }));
  if (schema.granularitySpec.rollup) {
    const aggregates = schema.metrics.map((m) => ({ name: m.name, call: aggregateCall(m, rowScope) }));
    const signature: RowSignature = [...[time, ...dims].map((g) => ({ name: g.name, type: g.expr.type })), ...aggregates.map((a) => ({ name: a.name, type: a.call.type }))];
    return freeze<AggregateNode>({ kind: 'aggregate', input: plan, groupBy: [time, ...dims], aggregates, signature });
  }
  const metrics = schema.metrics.map((m, i) => ({ name: m.name, expr: rowMetric(m, i, rowScope) }));
  return project(plan, [time, ...dims, ...metrics]);
}

function freeze<T>(node: T): T {
  return Object.freeze(node);
}

function project(input: LogicalPlan, columns: readonly NamedExpr[]): ProjectNode {
  return freeze<ProjectNode>({
    kind: 'project',
    input,
    columns: Object.freeze(columns.map((c) => Object.freeze({ ...c }))),
    signature: Object.freeze(columns.map((c) => Object.freeze({ name: c.name, type: c.expr.type }))),
  });
}

/** `__time` truncated to the query granularity (`none` keeps it; `all` maps every row to the start of time). */
function truncateTime(time: Expr, granularity: Granularity): Expr {
  if (granularity.type === 'none') return time;
  if (granularity.type === 'all') return literal(ETERNITY.start, 'LONG');
  return call('TIME_FLOOR', [time, literal(granularity.period, 'STRING')], 'LONG');
}

function withinIntervals(time: Expr, intervals: readonly Interval[]): Expr {
  const parts = intervals.map((iv) =>
    call('AND', [call('>=', [time, literal(iv.start, 'LONG')], 'LONG'), call('<', [time, literal(iv.end, 'LONG')], 'LONG')], 'LONG'),
  );
  return parts.length === 1 ? parts[0]! : call('OR', parts, 'LONG');
}

/** The value a metric aggregates, read from the transformed row as the metric's input type. */
function metricInput(m: MetricSpec, scope: NativeScope): Expr | null {
  if (!m.input) return null;
  const value = m.input.kind === 'field' ? scope(m.input.name).expr : translateNativeAst(m.input.ast, scope);
  return castTo(value, m.inputType);
}

function aggregateCall(m: MetricSpec, scope: NativeScope): AggregateCall {
  const input = metricInput(m, scope);
  const args: Expr[] = input ? [input] : [];
  if (m.timeColumn) args.push(castTo(scope(m.timeColumn).expr, 'LONG'));
  args.push(...m.params);
  const filter = m.filter ? nativeFilterToExpr(m.filter, scope) : null;
  return Object.freeze({ fn: m.fn, args: Object.freeze(args), distinct: false, filter, type: m.type });
}

/**
 * A metric of one row, as Druid computes it without rollup (each row its own group): count is 1,
 * sums, minimums, maximums, first/last/any values are the row's value in the metric's type; a filtered
 * metric is that value when the row matches (count: 1 or 0) and NULL otherwise.
 */
function rowMetric(m: MetricSpec, index: number, scope: NativeScope): Expr {
  if (!m.rowwise) {
    throw specError(['spec', 'dataSchema', 'metricsSpec', index], `aggregator type [${m.druidType}] needs rollup in Silt; set granularitySpec.rollup to true`);
  }
  const value = m.fn === 'COUNT' ? literal(1, 'LONG') : castTo(metricInput(m, scope)!, m.type);
  if (!m.filter) return value;
  const matches = nativeFilterToExpr(m.filter, scope);
  return call('CASE', m.fn === 'COUNT' ? [matches, value, literal(0, 'LONG')] : [matches, value], m.type);
}
