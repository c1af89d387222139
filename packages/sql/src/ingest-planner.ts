import { invalidInput, sqlTypeName, type Granularity } from '@silt/common';
import { SqlColumn, SqlFunction, SqlTable, type SqlInsertClause, type SqlQuery, type SqlReplaceClause } from 'druid-query-toolkit';
import type { PlannedIngest } from './logical-plan.ts';
import { overwriteIntervals } from './overwrite-where.ts';
import { granularityText, partitionGranularity } from './partitioned-by.ts';
import type { PlanEnv } from './relation-planner.ts';
import { ordinalOf, UNNAMED_COLUMN } from './select-list.ts';
import { planQuery, type PlannedQuery } from './select-planner.ts';

/**
 * Plans and validates `INSERT INTO ds SELECT … PARTITIONED BY g [CLUSTERED BY …]` and
 * `REPLACE INTO ds OVERWRITE ALL | WHERE … SELECT …` with Druid's (SQL validator and MSQ engine) rules.
 */
export function planIngest(query: SqlQuery, env: PlanEnv, context: Readonly<Record<string, unknown>>, sql: string): PlannedIngest {
  const kind = query.insertClause ? 'insert' : 'replace';
  const operation = kind.toUpperCase();
  const clause = (query.insertClause ?? query.replaceClause)!;
  const dataSource = targetDataSource(clause, operation);
  if (!query.partitionedByClause) throw invalidInput(`Operation [${operation}] requires a PARTITIONED BY to be explicitly defined, but none was found.`);
  const segmentGranularity = partitionGranularity(query.partitionedByClause);
  if (query.orderByClause) throw invalidInput(`Cannot use an ORDER BY clause on a Query of type [${operation}], use CLUSTERED BY instead`);
  const where = query.replaceClause?.whereClause;
  const replaceTimeChunks = kind === 'insert' ? null : where ? Object.freeze(overwriteIntervals(where.expression, segmentGranularity, env)) : 'all';

  const planned = planQuery(query, env);
  validateOutput(planned, segmentGranularity);
  if (query.limitClause && segmentGranularity.type !== 'all') {
    throw invalidInput('INSERT and REPLACE queries cannot have a LIMIT unless PARTITIONED BY is "ALL".');
  }
  if (query.offsetClause) throw invalidInput('INSERT and REPLACE queries cannot have an OFFSET.');
  const clusteredBy = resolveClusteredBy(query, planned, env);
  return Object.freeze({
    kind,
    dataSource,
    plan: planned.plan,
    segmentGranularity: Object.freeze(segmentGranularity),
    clusteredBy: Object.freeze(clusteredBy),
    replaceTimeChunks,
    context,
    sql,
  });
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
  const problem =
    name === ''
      ? 'must not be empty'
      : name.startsWith('.')
        ? `Value [${name}] cannot start with '.'.`
        : name.includes('/')
          ? `Value [${name}] cannot contain '/'.`
          : /[^\S ]/.test(name)
            ? `Value [${name}] contains illegal whitespace characters.  Only space is allowed.`
            : undefined;
  if (problem) throw invalidInput(`Invalid value for field [table]: ${problem}`);
  return name;
}

/** MSQ's checks of the rows to ingest: named, unique columns and a TIMESTAMP `__time` unless PARTITIONED BY ALL. */
function validateOutput(planned: PlannedQuery, granularity: Granularity): void {
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
  const time = planned.columns[names.indexOf('__time')];
  if (time && time.type !== 'LONG') {
    throw invalidInput(`Field[__time] was the wrong type[${sqlTypeName(time.type)}], expected TIMESTAMP`);
  }
  if (!time && granularity.type !== 'all') {
    throw invalidInput(
      `The granularity [${granularityText(granularity)}] specified in the PARTITIONED BY clause of the INSERT query is different from ALL. ` +
        'Therefore, the query must specify a time column (named __time).',
    );
  }
}

/** CLUSTERED BY items as output column names: 1-based ordinals, output names, or expressions equal to a SELECT item. */
function resolveClusteredBy(query: SqlQuery, planned: PlannedQuery, env: PlanEnv): string[] {
  const names = planned.items.map((i) => i.name);
  const out: string[] = [];
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
    if (index === undefined) {
      if (node instanceof SqlColumn && !planned.inputScope.has(node)) throw env.source.errorAt(`Column '${node.getName()}' not found in any table`, node);
      throw env.source.errorAt(`CLUSTERED BY [${node.toString()}] must name an output column of the SELECT (by name, ordinal or identical expression)`, node);
    }
    if (!out.includes(names[index]!)) out.push(names[index]!);
  }
  return out;
}
