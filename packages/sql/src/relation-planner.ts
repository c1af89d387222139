import { ETERNITY } from '@silt/common';
import { columnRef } from '@silt/expr';
import { SqlAlias, SqlFunction, SqlQuery, SqlTable, type SqlExpression, type SqlFromClause } from 'druid-query-toolkit';
import type { Catalog, LogicalPlan } from './logical-plan.ts';
import { planExtern } from './extern.ts';
import type { ParameterBindings } from './parameters.ts';
import { projectNode, systemScanNode, tableScanNode } from './plan-nodes.ts';
import { columnsOfSignature, type RelationColumn } from './scope.ts';
import type { SqlSource } from './sql-source.ts';
import { markTimestamp } from './sql-types.ts';
import { SYSTEM_SCHEMAS, systemTable } from './system-tables.ts';

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
}

/** Common table expressions in scope, by name. */
export type CteMap = ReadonlyMap<string, PlannedRelation>;

/** Plans a subquery (supplied by the SELECT planner, which owns query planning). */
export type SubqueryPlanner = (query: SqlQuery, ctes: CteMap) => PlannedRelation;

/** The FROM relation and the names that qualify its columns (`alias.col`, `table.col`). */
export interface FromRelation extends PlannedRelation {
  readonly qualifiers: readonly string[];
}

/**
 * Plans a FROM clause of one relation: a datasource (`wikipedia`, `druid.wikipedia`), a system table
 * (`sys.segments`, `INFORMATION_SCHEMA.COLUMNS` …), `TABLE(EXTERN(…))`, a CTE or a subquery, optionally
 * aliased (`AS x`, `AS x (a, b)`). Joins and UNNEST are refused for now.
 */
export function planFrom(from: SqlFromClause, env: PlanEnv, ctes: CteMap, planSubquery: SubqueryPlanner): FromRelation {
  const { source } = env;
  const items = from.expressions.values;
  if (from.joinParts && from.joinParts.values.length > 0) {
    throw source.errorAt('JOIN is not supported yet by this version of the multi-stage query engine', from.joinParts.values[0]!);
  }
  if (items.length !== 1) throw source.errorAt('Queries over more than one relation (joins) are not supported yet by this version of the multi-stage query engine', items[1]!);
  let item: SqlExpression = items[0]!;
  let alias: string | undefined;
  let columnAliases: readonly string[] | undefined;
  if (item instanceof SqlAlias) {
    alias = item.getAliasName();
    columnAliases = item.columns?.columns.values.map((c) => c.name);
    item = item.expression;
  }
  let relation: FromRelation;
  if (item instanceof SqlTable) {
    relation = planTable(item, env, ctes);
  } else if (item instanceof SqlFunction && item.getEffectiveFunctionName().toUpperCase() === 'TABLE') {
    const scan = planExtern(item, source);
    relation = { plan: scan, columns: columnsOfSignature(scan.signature), qualifiers: [] };
  } else if (item instanceof SqlFunction && item.getEffectiveFunctionName().toUpperCase() === 'UNNEST') {
    throw source.errorAt('UNNEST is not supported yet by this version of the multi-stage query engine', item);
  } else if (item instanceof SqlQuery) {
    relation = { ...planSubquery(item, ctes), qualifiers: [] };
  } else {
    throw source.errorAt(`Unsupported FROM clause item [${item.toString()}]`, item);
  }
  if (alias !== undefined) relation = { ...relation, qualifiers: [alias] };
  return columnAliases ? renameColumns(relation, columnAliases, source, items[0]!) : relation;
}

function planTable(table: SqlTable, env: PlanEnv, ctes: CteMap): FromRelation {
  const { source, catalog } = env;
  const name = table.getName();
  const schema = table.getNamespaceName();
  if (schema === undefined) {
    const cte = ctes.get(name);
    if (cte) return { ...cte, qualifiers: [name] };
  }
  if (schema === undefined || schema === 'druid') {
    const signature = catalog.tableSignature(name);
    if (!signature) throw source.errorAt(schema === undefined ? `Object '${name}' not found` : `Object '${name}' not found within '${schema}'`, table);
    return { plan: tableScanNode(name, [ETERNITY], signature), columns: columnsOfSignature(signature), qualifiers: [name] };
  }
  if (SYSTEM_SCHEMAS.has(schema)) {
    const system = systemTable(schema, name);
    if (!system) throw source.errorAt(`Object '${name}' not found within '${schema}'`, table);
    return { plan: systemScanNode(system.name, system.signature), columns: columnsOfSignature(system.signature), qualifiers: [name] };
  }
  throw source.errorAt(`Object '${schema}' not found`, table);
}

/** `AS x (a, b, …)`: renames the relation's columns positionally. */
function renameColumns(relation: FromRelation, names: readonly string[], source: SqlSource, at: SqlExpression): FromRelation {
  if (names.length !== relation.columns.length) {
    throw source.errorAt(
      `List of column aliases must have same degree as table; table has ${relation.columns.length} columns, whereas alias list has ${names.length} columns`,
      at,
    );
  }
  return { ...renamed(relation, names), qualifiers: relation.qualifiers };
}

/** The relation with its columns renamed positionally (a projection of references); `names` has one name per column. */
export function renamed(relation: PlannedRelation, names: readonly string[]): PlannedRelation {
  const columns = relation.columns.map((c, i) => {
    const ref = columnRef(c.name, c.type);
    return { name: names[i]!, expr: c.timestamp ? markTimestamp(ref) : ref };
  });
  return { plan: projectNode(relation.plan, columns), columns: relation.columns.map((c, i) => ({ ...c, name: names[i]! })) };
}
