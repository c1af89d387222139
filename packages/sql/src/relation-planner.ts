import { ETERNITY } from '@silt/common';
import { columnRef } from '@silt/expr';
import { SqlAlias, SqlFunction, SqlLiteral, SqlQuery, SqlTable, SqlValues, type SqlExpression, type SqlFromClause, type SqlJoinPart } from 'druid-query-toolkit';
import type { Catalog, LogicalPlan } from './logical-plan.ts';
import { planExtern } from './extern.ts';
import { joinRelations, unnestRelation } from './join-planner.ts';
import type { ParameterBindings } from './parameters.ts';
import { externalScanNode, projectNode, systemScanNode, tableScanNode } from './plan-nodes.ts';
import type { PlannerOptions } from './planner-options.ts';
import { columnsOfSignature, type RelationColumn, type ScopeEntry } from './scope.ts';
import type { SqlSource } from './sql-source.ts';
import { markTimestamp } from './sql-types.ts';
import { SYSTEM_SCHEMAS, systemTable } from './system-tables.ts';
import { planValues } from './values-planner.ts';

/** A planned relation: its plan and the columns it offers. */
export interface PlannedRelation {
  readonly plan: LogicalPlan;
  readonly columns: readonly RelationColumn[];
}

/** The statement-wide things planning needs. */
export interface PlanEnv {
  readonly catalog: Catalog;
  readonly source: SqlSource;
  readonly params: ParameterBindings;
  readonly options: PlannerOptions;
}

/** Common table expressions in scope, by name. */
export type CteMap = ReadonlyMap<string, PlannedRelation>;

/** Plans a subquery (supplied by the SELECT planner, which owns query planning). */
export type SubqueryPlanner = (query: SqlQuery, ctes: CteMap) => PlannedRelation;

/** A FROM relation and how the query sees its columns (`alias.col`, `table.col`, unqualified). */
export interface FromRelation extends PlannedRelation {
  readonly entries: readonly ScopeEntry[];
}

/** A relation with its columns all reachable through `qualifiers`. */
export function fromRelation(relation: PlannedRelation, qualifiers: readonly string[]): FromRelation {
  return { plan: relation.plan, columns: relation.columns, entries: relation.columns.map((column) => ({ column, name: column.name, qualifiers })) };
}

/**
 * A relation of exactly one row and no columns (an inline input holding one empty JSON object):
 * the input of `SELECT` without FROM and of `FROM UNNEST(…)` alone.
 */
export function singleRowRelation(): FromRelation {
  return fromRelation({ plan: externalScanNode({ type: 'inline', data: '{}' }, { type: 'json' }, []), columns: [] }, []);
}

/**
 * Plans a FROM clause: a datasource (`wikipedia`, `druid.wikipedia`), a system table (`sys.segments`,
 * `INFORMATION_SCHEMA.COLUMNS` …), `TABLE(EXTERN(…))`, `(VALUES …)`, a CTE or a subquery, optionally aliased (`AS x`,
 * `AS x (a, b)`), joined left to right with JOIN … ON / USING, NATURAL JOIN, CROSS JOIN or commas,
 * and UNNEST over the relation to its left (`t CROSS JOIN UNNEST(expr) AS u(v)`, `t, UNNEST(expr)`).
 */
export function planFrom(from: SqlFromClause, env: PlanEnv, ctes: CteMap, planSubquery: SubqueryPlanner): FromRelation {
  const [first, ...rest] = from.expressions.values;
  let position = 0;
  const plan = (item: SqlExpression): FromRelation => planItem(item, position++, env, ctes, planSubquery);
  let relation = isUnnest(first!) ? unnestRelation(singleRowRelation(), first!, env) : plan(first!);
  for (const item of rest) {
    relation = isUnnest(item) ? unnestRelation(relation, item, env) : joinRelations(relation, plan(item), undefined, env);
  }
  for (const part of from.joinParts?.values ?? []) {
    if (isUnnest(part.table)) {
      if (!unnestJoinAllowed(part)) throw env.source.errorAt('UNNEST can only be joined with CROSS JOIN, a comma, or [INNER] JOIN … ON TRUE', part);
      relation = unnestRelation(relation, part.table, env);
    } else {
      relation = joinRelations(relation, plan(part.table), part, env);
    }
  }
  return relation;
}

/**
 * UNNEST joins its left side row by row: CROSS JOIN, or an INNER JOIN whose condition is TRUE (rows
 * with no elements produce nothing, so an outer join cannot be expressed).
 */
function unnestJoinAllowed(part: SqlJoinPart): boolean {
  if (part.joinType === 'CROSS') return true;
  const onTrue = part.onExpression instanceof SqlLiteral && part.onExpression.value === true;
  return onTrue && (part.joinType === undefined || part.joinType === 'INNER');
}

/** Whether a FROM item is `UNNEST(…)` (optionally aliased). */
function isUnnest(item: SqlExpression): boolean {
  const inner = item instanceof SqlAlias ? item.expression : item;
  return inner instanceof SqlFunction && inner.getEffectiveFunctionName().toUpperCase() === 'UNNEST';
}

/**
 * Plans one FROM item that is not UNNEST. An unaliased subquery or EXTERN gets Calcite's implicit
 * alias `EXPR$<position>`, so its columns stay reachable when a join gives two of them the same name.
 */
function planItem(itemNode: SqlExpression, position: number, env: PlanEnv, ctes: CteMap, planSubquery: SubqueryPlanner): FromRelation {
  const { source } = env;
  let item: SqlExpression = itemNode;
  let alias: string | undefined;
  let columnAliases: readonly string[] | undefined;
  if (item instanceof SqlAlias) {
    alias = item.getAliasName();
    columnAliases = item.columns?.columns.values.map((c) => c.name);
    item = item.expression;
  }
  let relation: PlannedRelation;
  let qualifiers: readonly string[] = [`EXPR$${position}`];
  if (item instanceof SqlTable) {
    ({ relation, qualifiers } = planTable(item, env, ctes));
  } else if (item instanceof SqlFunction && item.getEffectiveFunctionName().toUpperCase() === 'TABLE') {
    const scan = planExtern(item, source);
    relation = { plan: scan, columns: columnsOfSignature(scan.signature) };
  } else if (item instanceof SqlQuery) {
    relation = planSubquery(item, ctes);
  } else if (item instanceof SqlValues) {
    relation = planValues(item, env);
  } else {
    throw source.errorAt(`Unsupported FROM clause item [${item.toString()}]`, item);
  }
  if (alias !== undefined) qualifiers = [alias];
  if (columnAliases) relation = renameColumns(relation, columnAliases, source, itemNode);
  return fromRelation(relation, qualifiers);
}

function planTable(table: SqlTable, env: PlanEnv, ctes: CteMap): { relation: PlannedRelation; qualifiers: readonly string[] } {
  const { source, catalog } = env;
  const name = table.getName();
  const schema = table.getNamespaceName();
  if (schema === undefined) {
    const cte = ctes.get(name);
    if (cte) return { relation: cte, qualifiers: [name] };
  }
  if (schema === undefined || schema === 'druid') {
    const signature = catalog.tableSignature(name);
    if (!signature) throw source.errorAt(schema === undefined ? `Object '${name}' not found` : `Object '${name}' not found within '${schema}'`, table);
    return { relation: { plan: tableScanNode(name, [ETERNITY], signature), columns: columnsOfSignature(signature) }, qualifiers: [name] };
  }
  if (SYSTEM_SCHEMAS.has(schema)) {
    const system = systemTable(schema, name);
    if (!system) throw source.errorAt(`Object '${name}' not found within '${schema}'`, table);
    return { relation: { plan: systemScanNode(system.name, system.signature), columns: columnsOfSignature(system.signature) }, qualifiers: [name] };
  }
  throw source.errorAt(`Object '${schema}' not found`, table);
}

/** `AS x (a, b, …)`: renames the relation's columns positionally. */
function renameColumns(relation: PlannedRelation, names: readonly string[], source: SqlSource, at: SqlExpression): PlannedRelation {
  if (names.length !== relation.columns.length) {
    throw source.errorAt(
      `List of column aliases must have same degree as table; table has ${relation.columns.length} columns, whereas alias list has ${names.length} columns`,
      at,
    );
  }
  return renamed(relation, names);
}

/** The relation with its columns renamed positionally (a projection of references); `names` has one name per column. */
export function renamed(relation: PlannedRelation, names: readonly string[]): PlannedRelation {
  const columns = relation.columns.map((c, i) => {
    const ref = columnRef(c.name, c.type);
    return { name: names[i]!, expr: c.timestamp ? markTimestamp(ref) : ref };
  });
  return { plan: projectNode(relation.plan, columns), columns: relation.columns.map((c, i) => ({ ...c, name: names[i]! })) };
}
