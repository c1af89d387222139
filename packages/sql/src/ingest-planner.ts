import { idProblem, invalidInput } from '@silt/common';
import { columnRef, literal } from '@silt/expr';
import { SqlColumn, SqlFunction, SqlTable, type SqlInsertClause, type SqlQuery, type SqlReplaceClause } from 'druid-query-toolkit';
import { type ClusteredBy, resolveClusteredBy, resolveSegmentSortOrder, validateOutputNames, validateRealtimeSelfRead, validateTimeColumn } from './ingest-validation.ts';
import type { LogicalPlan, PlannedIngest } from './logical-plan.ts';
import { overwriteIntervals } from './overwrite-where.ts';
import { partitionGranularity } from './partitioned-by.ts';
import { limitNode, projectNode, sortNode } from './plan-nodes.ts';
import { resolveTaskLockType, type ResolvedContext } from './query-context.ts';
import type { PlanEnv } from './relation-planner.ts';
import { groupKeyColumns, rangeShardColumns, type ClusterKeyColumn } from './range-shard-columns.ts';
import { type PlannedQuery, planQuery } from './select-planner.ts';

/**
 * Plans and validates `INSERT INTO ds SELECT … PARTITIONED BY g [CLUSTERED BY …]` and
 * `REPLACE INTO ds OVERWRITE ALL | WHERE … SELECT …` with Druid's (SQL validator and MSQ engine)
 * rules, including the context checks that depend on the statement (lock type, segment sort order).
 */
export function planIngest(query: SqlQuery, env: PlanEnv, context: Readonly<Record<string, unknown>>, resolved: ResolvedContext, sql: string): PlannedIngest {
  const kind = query.insertClause ? 'insert' : 'replace';
  const operation = kind.toUpperCase();
  const clause = (query.insertClause ?? query.replaceClause)!;
  const dataSource = targetDataSource(clause, operation);
  if (context['sqlOuterLimit'] !== undefined && context['sqlOuterLimit'] !== null) {
    throw invalidInput(`Context parameter [sqlOuterLimit] cannot be provided on operator [${operation}]`);
  }
  if (!query.partitionedByClause && query.clusteredByClause) {
    throw invalidInput('CLUSTERED BY found before PARTITIONED BY, CLUSTERED BY must come after the PARTITIONED BY clause');
  }
  if (!query.partitionedByClause) throw invalidInput(`Operation [${operation}] requires a PARTITIONED BY to be explicitly defined, but none was found.`);
  const segmentGranularity = partitionGranularity(query.partitionedByClause);
  if (query.orderByClause) throw invalidInput(`Cannot use an ORDER BY clause on a Query of type [${operation}], use CLUSTERED BY instead`);
  const where = query.replaceClause?.whereClause;
  const replaceTimeChunks = kind === 'insert' ? null : where ? Object.freeze(overwriteIntervals(where.expression, segmentGranularity, env)) : 'all';

  const planned = planQuery(query, env);
  validateOutputNames(planned);
  validateTimeColumn(planned, segmentGranularity);
  validateRealtimeSelfRead(planned.plan, dataSource, resolved);
  if (query.limitClause && segmentGranularity.type !== 'all') {
    throw invalidInput('INSERT and REPLACE queries cannot have a LIMIT unless PARTITIONED BY is "ALL".');
  }
  if (query.offsetClause) throw invalidInput('INSERT and REPLACE queries cannot have an OFFSET.');
  const { columns: clusteredBy, hidden } = resolveClusteredBy(query, planned, env);
  const hiddenNames = hidden.map((h) => h.name);
  const outputNames = planned.columns.map((c) => c.name);
  const segmentSortOrder = resolveSegmentSortOrder(resolved, outputNames, clusteredBy.filter((c) => !hiddenNames.includes(c)));
  const lockType = resolveTaskLockType(resolved, kind);
  const rollup = planned.aggregated && !resolved.finalizeAggregations && !resolved.groupByEnableMultiValueUnnesting;
  const sorted = sortedBeforeLimit(withHiddenColumns(planned.plan, hidden), clusteredBy);
  const plan = planned.columns.some((c) => c.name === '__time') ? sorted : withEpochTime(sorted);
  return Object.freeze({
    kind,
    dataSource,
    plan,
    segmentGranularity: Object.freeze(segmentGranularity),
    clusteredBy: Object.freeze(clusteredBy),
    outputColumns: Object.freeze(plan.signature.filter((c) => !hiddenNames.includes(c.name))),
    ...(segmentSortOrder ? { segmentSortOrder: Object.freeze(segmentSortOrder) } : {}),
    ...(kind === 'replace' ? { rangeShardColumns: Object.freeze(rangeShardColumns(clusterKey(planned, clusteredBy, hidden))) } : {}),
    rollup,
    lockType,
    replaceTimeChunks,
    context,
    sql,
  });
}

/**
 * The key rows are clustered by: the CLUSTERED BY columns (a hidden one maps to no output column),
 * else the GROUP BY keys of an aggregating query.
 */
function clusterKey(planned: PlannedQuery, clusteredBy: readonly string[], hidden: ClusteredBy['hidden']): ClusterKeyColumn[] {
  if (clusteredBy.length > 0) {
    return clusteredBy.map((name) => {
      const output = planned.columns.find((c) => c.name === name);
      return output ? { type: output.type, outputName: name } : { type: hidden.find((h) => h.name === name)!.expr.type, outputName: null };
    });
  }
  return planned.aggregated ? groupKeyColumns(planned.plan) : [];
}

/**
 * An ingest's LIMIT keeps the first rows in CLUSTERED BY order: Druid turns CLUSTERED BY into the
 * ordering of the query it runs, so the rows are sorted before the limit applies.
 */
function sortedBeforeLimit(plan: LogicalPlan, clusteredBy: readonly string[]): LogicalPlan {
  if (plan.kind !== 'limit' || clusteredBy.length === 0) return plan;
  return limitNode(sortNode(plan.input, clusteredBy.map((column) => ({ column, descending: false }))), plan.limit, plan.offset);
}

/**
 * Adds the hidden CLUSTERED BY columns to the SELECT's top projection ([limit →] project), which
 * reads the input rows they are computed from.
 */
function withHiddenColumns(plan: LogicalPlan, hidden: ClusteredBy['hidden']): LogicalPlan {
  if (hidden.length === 0) return plan;
  if (plan.kind === 'limit') return limitNode(withHiddenColumns(plan.input, hidden), plan.limit, plan.offset);
  if (plan.kind !== 'project') throw new Error(`Hidden CLUSTERED BY columns need a projection, got [${plan.kind}]`);
  return projectNode(plan.input, [...plan.columns, ...hidden]);
}

/** Druid stores `__time` 0 (1970-01-01T00:00:00Z) when an ingest PARTITIONED BY ALL selects no time column. */
function withEpochTime(plan: LogicalPlan): LogicalPlan {
  return projectNode(plan, [{ name: '__time', expr: literal(0, 'LONG') }, ...plan.signature.map((c) => ({ name: c.name, expr: columnRef(c.name, c.type) }))]);
}

/** The target datasource: a plain or quoted name (optionally in schema `druid`), valid as a Druid id. */
function targetDataSource(clause: SqlInsertClause | SqlReplaceClause, operation: string): string {
  const table = clause.table;
  // The toolkit reads `INSERT INTO dst (a, b)` as a call `dst(a, b)`.
  const columnList =
    clause.columns?.columns.values.map((c) => c.name) ??
    (table instanceof SqlFunction ? table.getArgArray().map((a) => (a instanceof SqlColumn ? a.getName() : a.toString())) : undefined);
  if (columnList) {
    const tableName = table instanceof SqlFunction ? table.functionName.name : table instanceof SqlTable ? table.getName() : table.toString();
    throw invalidInput(`Operation [${operation}] cannot be run with a target column list, given [${tableName} (${columnList.map((c) => `\`${c}\``).join(', ')})]`);
  }
  if (!(table instanceof SqlTable)) throw invalidInput(`Operation [${operation}] requires a table name as its target, got [${table.toString()}]`);
  const schema = table.getNamespaceName();
  const name = table.getName();
  if (schema !== undefined && schema !== 'druid') {
    throw invalidInput(`Table [${schema}.${name}] does not support operation [${operation}] because it is not a Druid datasource`);
  }
  const problem = name === '' ? 'must not be empty' : idProblem(name);
  if (problem) throw invalidInput(`Invalid value for field [table]: ${problem}`);
  return name;
}
