import { invalidInput, sqlTypeName, type Granularity } from '@silt/common';
import type { Expr } from '@silt/expr';
import { SqlColumn, type SqlQuery } from 'druid-query-toolkit';
import { granularityText } from './partitioned-by.ts';
import type { ResolvedContext } from './query-context.ts';
import type { LogicalPlan } from './logical-plan.ts';
import type { PlanEnv } from './relation-planner.ts';
import { ordinalOf, UNNAMED_COLUMN } from './select-list.ts';
import type { PlannedQuery } from './select-planner.ts';

/**
 * MSQ's checks of the rows an INSERT, REPLACE or export writes (`MSQTaskSqlEngine.validateInsert`):
 * named, unique output columns.
 */
export function validateOutputNames(planned: PlannedQuery): void {
  const names = planned.items.map((i) => i.name);
  if (names.some((n) => UNNAMED_COLUMN.test(n))) {
    throw invalidInput(
      'Insertion requires columns to be named, but at least one of the columns was unnamed. This is usually the result of applying a ' +
        'function without having an AS clause, please ensure that all function calls are named with an AS clause as in "func(X) as myColumn".',
    );
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw invalidInput(`Duplicate field in SELECT: [${name}]`);
    seen.add(name);
  }
}

/**
 * An ingested `__time` must be a SQL TIMESTAMP (a BIGINT column aliased `__time` is refused; TIME_PARSE,
 * TIMESTAMP literals, CAST(… AS TIMESTAMP), MILLIS_TO_TIMESTAMP, FLOOR(__time TO …) pass), and must
 * exist unless PARTITIONED BY ALL.
 */
export function validateTimeColumn(planned: PlannedQuery, granularity: Granularity): void {
  const time = planned.columns[planned.items.findIndex((i) => i.name === '__time')];
  if (time && !time.timestamp) {
    throw invalidInput(`Field[__time] was the wrong type[${sqlTypeName(time.type)}], expected TIMESTAMP`);
  }
  if (!time && granularity.type !== 'all') {
    throw invalidInput(
      `The granularity [${granularityText(granularity)}] specified in the PARTITIONED BY clause of the INSERT query is different from ALL. ` +
        'Therefore, the query must specify a time column (named __time).',
    );
  }
}

/**
 * With `includeSegmentSource: REALTIME`, an INSERT or REPLACE may not read the datasource it writes
 * (Druid's check; Silt has no realtime segments, so the context alone decides).
 */
export function validateRealtimeSelfRead(plan: LogicalPlan, dataSource: string, resolved: ResolvedContext): void {
  if (resolved.includeSegmentSource !== 'REALTIME' || !readsTable(plan, dataSource)) return;
  throw invalidInput(
    `Cannot ingest into datasource[${dataSource}] since it is also being queried from, with REALTIME segments included. ` +
      'Ingest to a different datasource, or disable querying of realtime segments by modifying [includeSegmentSource] in the query context.',
  );
}

function readsTable(plan: LogicalPlan, dataSource: string): boolean {
  switch (plan.kind) {
    case 'tableScan':
      return plan.dataSource === dataSource;
    case 'join':
      return readsTable(plan.left, dataSource) || readsTable(plan.right, dataSource);
    case 'union':
      return plan.inputs.some((input) => readsTable(input, dataSource));
    default:
      return 'input' in plan && readsTable(plan.input, dataSource);
  }
}

/** The CLUSTERED BY key: column names in order, and the columns computed for it that are no output column. */
export interface ClusteredBy {
  readonly columns: readonly string[];
  /** CLUSTERED BY expressions that are no SELECT output: rows are sorted on them, they are not written. */
  readonly hidden: readonly { readonly name: string; readonly expr: Expr }[];
}

/**
 * CLUSTERED BY items as column names: 1-based ordinals, output names, or expressions equal to a SELECT
 * item; any other expression over the SELECT's input (`CLUSTERED BY LOWER(dim1)`) becomes a hidden
 * column, as Druid sorts on it without writing it. An aggregating query's items must be outputs.
 */
export function resolveClusteredBy(query: SqlQuery, planned: PlannedQuery, env: PlanEnv): ClusteredBy {
  const names = planned.columns.map((c) => c.name);
  const columns: string[] = [];
  const hidden: { name: string; expr: Expr }[] = [];
  for (const node of query.clusteredByClause?.expressions.values ?? []) {
    const ordinal = ordinalOf(node);
    let index: number | undefined;
    if (ordinal !== undefined) {
      if (ordinal < 1) throw invalidInput(`Ordinal [${ordinal}] specified in the CLUSTERED BY clause is invalid. It must be a positive integer.`);
      if (ordinal > names.length) throw env.source.errorAt('Ordinal out of range', node);
      index = ordinal - 1;
    } else {
      index = planned.matchOutput(node);
    }
    let name: string;
    if (index !== undefined) {
      name = names[index]!;
    } else {
      if (node instanceof SqlColumn && !planned.inputScope.has(node)) throw env.source.errorAt(`Column '${node.getName()}' not found in any table`, node);
      if (!planned.convertOverInput) {
        throw env.source.errorAt(`CLUSTERED BY [${node.toString()}] must name an output column of ${planned.aggregated ? 'an aggregating SELECT' : 'a UNION ALL'} (by name, ordinal or identical expression)`, node);
      }
      const expr = planned.convertOverInput(node);
      const key = JSON.stringify(expr);
      const same = hidden.find((h) => JSON.stringify(h.expr) === key);
      name = same?.name ?? hiddenName(hidden.length, names);
      if (!same) hidden.push({ name, expr });
    }
    if (!columns.includes(name)) columns.push(name);
  }
  return { columns, hidden };
}

/** A name for hidden CLUSTERED BY column `n` that no output column has. */
function hiddenName(n: number, outputs: readonly string[]): string {
  let name = `v${n}`;
  while (outputs.includes(name)) name = `_${name}`;
  return name;
}

/** Druid's warning appended to sort-order errors. */
const NON_TIME_SORT_WARNING =
  'Warning: support for segments not sorted by[__time] is experimental. Such segments are not readable by older version of Druid, ' +
  'and certain queries cannot run on them. See https://druid.apache.org/docs/latest/ingestion/partitioning#sorting for details before ' +
  'setting forceSegmentSortByTime to[false].';

/**
 * The in-segment sort order, validated the way Druid does: with `forceSegmentSortByTime` (the
 * default) a `segmentSortOrder` must start with `__time` and `__time` may only be the first CLUSTERED
 * BY column; every `segmentSortOrder` column must be an output column. Returns the order to put on
 * the plan (see `PlannedIngest.segmentSortOrder`), or undefined for Druid's default order.
 */
export function resolveSegmentSortOrder(context: ResolvedContext, outputColumns: readonly string[], clusteredBy: readonly string[]): string[] | undefined {
  const contextOrder = context.segmentSortOrder;
  for (const column of contextOrder) {
    if (column !== '__time' && !outputColumns.includes(column)) {
      throw invalidInput(`Column[${column}] from context parameter[segmentSortOrder] does not appear in the query output`);
    }
  }
  if (context.forceSegmentSortByTime) {
    if (contextOrder.length > 0 && contextOrder[0] !== '__time') {
      throw invalidInput(
        `Context parameter[segmentSortOrder] must start with[__time] unless context parameter[forceSegmentSortByTime] is set to[false]. ${NON_TIME_SORT_WARNING}`,
      );
    }
    const position = clusteredBy.indexOf('__time');
    if (contextOrder.length === 0 && position > 0) {
      throw invalidInput(
        `Sort order (CLUSTERED BY) cannot include[__time] in position[${position}] unless context parameter[forceSegmentSortByTime] is set to[false]. ${NON_TIME_SORT_WARNING}`,
      );
    }
  }
  if (contextOrder.length > 0) return [...contextOrder, ...clusteredBy.filter((c) => !contextOrder.includes(c))];
  if (!context.forceSegmentSortByTime) return clusteredBy.includes('__time') ? [...clusteredBy] : [...clusteredBy, '__time'];
  return undefined;
}
