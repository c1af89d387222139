import { sqlTypeName } from '@silt/common';
import { SqlFunction } from 'druid-query-toolkit';
import { planExport } from './export-planner.ts';
import { planIngest } from './ingest-planner.ts';
import type { Catalog, PlannedStatement } from './logical-plan.ts';
import { bindParameters, type SqlParameter } from './parameters.ts';
import { parseStatement } from './parse-statement.ts';
import { plannerOptions } from './planner-options.ts';
import { contextFromSetStatements, resolveQueryContext } from './query-context.ts';
import type { PlanEnv } from './relation-planner.ts';
import { planQuery } from './select-planner.ts';
import { type SqlEngine, checkEngineTables } from './sql-engine.ts';
import { SqlSource } from './sql-source.ts';
import { hoistUnionClauses } from './union-planner.ts';

/** A SQL request, as Druid's `/druid/v2/sql/task` API takes it. */
export interface SqlRequest {
  readonly query: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly parameters?: readonly SqlParameter[];
}

/**
 * Parses, validates and plans one SQL statement (SELECT, INSERT, REPLACE or an export
 * `INSERT INTO EXTERN(…) AS CSV`, with optional leading `SET k = v;` statements and an optional
 * `EXPLAIN PLAN FOR` prefix, which sets `explain: true` on the result) into Silt's logical plan. The
 * result's `context` is the request's context overlaid with the SET values; every MSQ context
 * parameter is validated. Throws a {@link DruidError} (invalid input, HTTP 400) for syntax errors
 * (with line and column) and for every validation error, worded like Druid's. `engine` is the
 * endpoint's SQL engine: the task engine (`msq-task`) refuses system tables, as Druid's does.
 *
 * @example
 * const planned = planSql(
 *   { query: "INSERT INTO ds SELECT TIME_PARSE(ts) AS __time, page FROM TABLE(EXTERN('{…}', '{…}', '[…]')) PARTITIONED BY DAY" },
 *   { tableSignature: () => undefined },
 *   'msq-task',
 * );
 * planned.kind; // 'insert'
 */
export function planSql(request: SqlRequest, catalog: Catalog, engine: SqlEngine): PlannedStatement {
  const planned = planStatement(request, catalog);
  checkEngineTables(planned.plan, engine);
  return planned;
}

function planStatement(request: SqlRequest, catalog: Catalog): PlannedStatement {
  const source = new SqlSource(request.query);
  const { query: parsed, placeholderLimits } = parseStatement(request.query);
  const query = hoistUnionClauses(parsed);
  const context = Object.freeze({ ...(request.context ?? {}), ...contextFromSetStatements(query) });
  const resolved = resolveQueryContext(context);
  const params = bindParameters(query, request.parameters ?? [], placeholderLimits);
  const env: PlanEnv = { catalog, source, params, options: plannerOptions(resolved) };
  const explain = query.explain ? ({ explain: true } as const) : {};
  const target = query.insertClause?.table;
  if ((target instanceof SqlFunction && target.getEffectiveFunctionName().toUpperCase() === 'EXTERN') || query.insertClause?.format !== undefined) {
    return Object.freeze({ ...planExport(query, env, context, request.query), ...explain });
  }
  if (query.insertClause || query.replaceClause) return Object.freeze({ ...planIngest(query, env, context, resolved, request.query), ...explain });
  const { plan, columns, items } = planQuery(query, env);
  const sqlTypeNames = columns.map((c) => (c.timestamp ? 'TIMESTAMP' : sqlTypeName(c.type)));
  const columnNames = Object.freeze(items.map((i) => i.name));
  return Object.freeze({ kind: 'select', plan, sqlTypeNames, columnNames, context, sql: request.query, ...explain });
}
