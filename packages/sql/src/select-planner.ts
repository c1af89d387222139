import { invalidInput } from '@silt/common';
import type { Expr } from '@silt/expr';
import { SqlColumn, SqlQuery, SqlValues, type SqlExpression, type SqlLiteral } from 'druid-query-toolkit';
import { aggregateProjection, simpleProjection, type Projection } from './projection.ts';
import { convertExpression, type ConvertContext } from './expression-converter.ts';
import type { LogicalPlan } from './logical-plan.ts';
import { filterOverJoin } from './join-planner.ts';
import { limitNode, projectNode, sortNode, tableScanNode } from './plan-nodes.ts';
import { planFrom, renamed, singleRowRelation, type CteMap, type PlanEnv, type PlannedRelation } from './relation-planner.ts';
import { columnsOfExprs, Scope } from './scope.ts';
import { containsAggregate, expandSelectList, ordinalOf, uniquifyNames, type SelectItem } from './select-list.ts';
import { scanIntervals } from './time-ranges.ts';
import { hoistUnionClauses, unionBranches, unionOfTables } from './union-planner.ts';
import { planValues } from './values-planner.ts';

/** A planned SELECT: its plan and output columns, plus what INSERT/REPLACE validation needs. */
export interface PlannedQuery extends PlannedRelation {
  /** The SELECT items, with their output names as written (before duplicates are renamed). */
  readonly items: readonly SelectItem[];
  /**
   * The output column an expression denotes: an unqualified output name, or an expression equal to
   * a SELECT item's. Undefined when there is none.
   */
  readonly matchOutput: (node: SqlExpression) => number | undefined;
  /** The columns the SELECT read (its FROM relation). */
  readonly inputScope: Scope;
  /** Whether the query aggregates (GROUP BY, aggregate functions, DISTINCT or HAVING). */
  readonly aggregated: boolean;
  /**
   * Converts an expression over the SELECT's input rows (SELECT aliases allowed, as in ORDER BY), to
   * compute it beside the outputs in the plan's top projection. Absent for an aggregating SELECT and
   * a UNION, whose top projection reads no input rows.
   */
  readonly convertOverInput?: (node: SqlExpression) => Expr;
}

/**
 * Plans a SELECT (with its WITH clause, whose CTEs are inlined where referenced) into
 * scan / join / unnest → filter → [aggregate → having filter] → project → sort → limit, or a
 * UNION ALL of SELECTs (whose trailing clauses were hoisted: see hoistUnionClauses) into
 * union → sort → limit. A SELECT without FROM reads one empty row. `outerCtes` is empty, and `topLevel` true, for the statement's
 * own query; subqueries and CTEs are planned with `topLevel` false (their aggregates are always
 * finalized).
 */
export function planQuery(query: SqlQuery, env: PlanEnv, outerCtes: CteMap = new Map(), topLevel = true): PlannedQuery {
  const { source, params, options } = env;
  const ctes = planCtes(query, env, outerCtes);
  if (query.unionQuery) return planUnion(query, env, ctes, topLevel);
  const from = query.fromClause
    ? planFrom(query.fromClause, env, ctes, (subquery, innerCtes) => planQuery(hoistUnionClauses(subquery), env, innerCtes, false))
    : singleRowRelation();
  const scope = new Scope(from.entries);
  const ctx: ConvertContext = { scope, source, params, options, clause: 'SELECT' };

  let input = from.plan;
  if (query.whereClause) {
    const where = query.whereClause.expression;
    const condition = convertExpression(where, { ...ctx, clause: 'WHERE' });
    if (input.kind === 'tableScan') input = tableScanNode(input.dataSource, scanIntervals(condition), input.signature);
    input = filterOverJoin(input, condition);
  }

  const items = expandSelectList(query, scope, source);
  const orderBy = query.orderByClause?.expressions?.values ?? [];
  const aggregated =
    !!query.groupByClause ||
    !!query.havingClause ||
    query.decorator === 'DISTINCT' ||
    items.some((i) => containsAggregate(i.node)) ||
    orderBy.some((o) => containsAggregate(o.expression));
  if (aggregated) {
    const aggregate = aggregateProjection(query, items, input, ctx, topLevel);
    const exprs = items.map((i) => aggregate.convert(i.node, 'SELECT'));
    if (query.havingClause) aggregate.having(query.havingClause.expression);
    return finish(query, scope, items, exprs, aggregate, env, topLevel);
  }
  const simple = simpleProjection(input, items, ctx);
  return finish(query, scope, items, items.map((i) => simple.convert(i.node, 'SELECT')), simple, env, topLevel);
}

/**
 * Plans a UNION ALL: each SELECT on its own, the union (see unionOfTables), then the union's ORDER BY
 * (output columns by name or ordinal), LIMIT and OFFSET.
 */
function planUnion(query: SqlQuery, env: PlanEnv, ctes: CteMap, topLevel: boolean): PlannedQuery {
  const { source } = env;
  const branches = unionBranches(query).map((branch) => planQuery(branch, env, ctes, false));
  const first = branches[0]!;
  const union = unionOfTables(branches);
  const names = union.columns.map((c) => c.name);
  const matchOutput = (node: SqlExpression): number | undefined => {
    const index = node instanceof SqlColumn && node.getTableName() === undefined ? names.indexOf(node.getName()) : -1;
    return index >= 0 ? index : undefined;
  };
  const keys = (query.orderByClause?.expressions?.values ?? []).map((orderItem) => {
    const node = orderItem.expression;
    const ordinal = ordinalOf(node);
    if (ordinal !== undefined && (ordinal < 1 || ordinal > names.length)) throw source.errorAt('Ordinal out of range', node);
    const index = ordinal !== undefined ? ordinal - 1 : matchOutput(node);
    if (index === undefined) throw source.errorAt(`ORDER BY of a UNION ALL must name one of its output columns, got [${node.toString()}]`, node);
    return { column: names[index]!, descending: orderItem.getEffectiveDirection() === 'DESC' };
  });
  let plan: LogicalPlan = keys.length > 0 ? sortNode(union.plan, keys) : union.plan;
  const limit = query.limitClause ? nonNegative(query.limitClause.limit, 'LIMIT', env, topLevel) : null;
  const offset = query.offsetClause ? nonNegative(query.offsetClause.offset, 'OFFSET', env, topLevel) : 0;
  if (limit !== null || offset > 0) plan = limitNode(plan, limit, offset);
  return { plan, columns: union.columns, items: first.items, matchOutput, inputScope: first.inputScope, aggregated: false };
}

/** Plans the WITH clause: each CTE (a query or VALUES) sees the ones before it. */
function planCtes(query: SqlQuery, env: PlanEnv, outer: CteMap): CteMap {
  const parts = query.withClause?.withParts.values ?? [];
  if (parts.length === 0) return outer;
  const ctes = new Map(outer);
  for (const part of parts) {
    const planned = part.query instanceof SqlValues ? planValues(part.query, env) : planQuery(hoistUnionClauses(part.query), env, ctes, false);
    const names = part.columns?.columns.values.map((c) => c.name);
    if (names && names.length !== planned.columns.length) {
      throw env.source.errorAt(`Number of columns must match number of query columns`, part);
    }
    ctes.set(part.table.name, names ? renamed(planned, names) : planned);
  }
  return ctes;
}

/** Projects the SELECT list, then applies ORDER BY (hidden sort columns are projected away again), LIMIT and OFFSET. */
function finish(
  query: SqlQuery,
  inputScope: Scope,
  items: readonly SelectItem[],
  exprs: readonly Expr[],
  projection: Projection,
  env: PlanEnv,
  topLevel: boolean,
): PlannedQuery {
  const { source } = env;
  const names = uniquifyNames(items.map((i) => i.name));
  const keys: { column: string; descending: boolean }[] = [];
  const hidden: { name: string; expr: Expr }[] = [];

  const matchOutput = (node: SqlExpression): number | undefined => {
    if (node instanceof SqlColumn && node.getTableName() === undefined) {
      const byName = items.findIndex((i) => i.name === node.getName());
      if (byName >= 0) return byName;
    }
    const byNode = items.findIndex((i) => i.node.logicalEquals(node));
    if (byNode >= 0) return byNode;
    let expr: Expr;
    try {
      expr = projection.convert(node, 'ORDER BY');
    } catch {
      return undefined;
    }
    const key = JSON.stringify(expr);
    const byExpr = exprs.findIndex((e) => JSON.stringify(e) === key);
    return byExpr >= 0 ? byExpr : undefined;
  };

  for (const orderItem of query.orderByClause?.expressions?.values ?? []) {
    const node = orderItem.expression;
    const descending = orderItem.getEffectiveDirection() === 'DESC';
    const ordinal = ordinalOf(node);
    if (ordinal !== undefined) {
      if (ordinal < 1 || ordinal > items.length) throw source.errorAt('Ordinal out of range', node);
      keys.push({ column: names[ordinal - 1]!, descending });
      continue;
    }
    const index = matchOutput(node);
    if (index !== undefined) {
      keys.push({ column: names[index]!, descending });
      continue;
    }
    let name = `s${hidden.length}`;
    while (names.includes(name)) name = `_${name}`;
    hidden.push({ name, expr: projection.convert(node, 'ORDER BY') });
    keys.push({ column: name, descending });
  }

  const outputs = projection.outputs(exprs);
  const finalColumns = outputs.map((expr, i) => ({ name: names[i]!, expr }));
  let plan: LogicalPlan = projectNode(projection.build(), [...finalColumns, ...hidden]);
  if (keys.length > 0) plan = sortNode(plan, keys);
  const limit = query.limitClause ? nonNegative(query.limitClause.limit, 'LIMIT', env, topLevel) : null;
  const offset = query.offsetClause ? nonNegative(query.offsetClause.offset, 'OFFSET', env, topLevel) : 0;
  if (limit !== null || offset > 0) plan = limitNode(plan, limit, offset);
  const outputColumns = columnsOfExprs(finalColumns);
  // Drop the hidden sort columns again.
  if (hidden.length > 0) plan = renamed({ plan, columns: outputColumns }, names).plan;
  const convertOverInput = projection.aggregated ? {} : { convertOverInput: (node: SqlExpression) => projection.convert(node, 'ORDER BY') };
  return { plan, columns: outputColumns, items, matchOutput, inputScope, aggregated: projection.aggregated, ...convertOverInput };
}

/** A LIMIT or OFFSET value: the literal, or on the outermost query the parameter bound to its `?`. */
function nonNegative(node: SqlLiteral, clause: 'LIMIT' | 'OFFSET', env: PlanEnv, topLevel: boolean): number {
  const bound = topLevel ? env.params.clause(clause) : undefined;
  if (bound) {
    if (typeof bound.value !== 'number' || !Number.isInteger(bound.value) || bound.value < 0) {
      throw invalidInput(`${clause} must be a non-negative integer, got parameter value [${String(bound.value)}]`);
    }
    return bound.value;
  }
  const value = node.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw env.source.errorAt(`${clause} must be a non-negative integer, got [${node.toString()}]`, node);
  }
  return value;
}
