import { invalidInput } from '@silt/common';
import type { SqlQuery } from 'druid-query-toolkit';
import { generalInvalidInput } from './general-error.ts';
import type { LogicalPlan } from './logical-plan.ts';
import { unionNode } from './plan-nodes.ts';
import type { PlannedRelation } from './relation-planner.ts';

/**
 * The parser hangs the clauses that follow the last SELECT of a `UNION ALL` chain (ORDER BY, LIMIT,
 * OFFSET, PARTITIONED BY, CLUSTERED BY) on that SELECT; they belong to the whole union, so they move
 * to the first query, which stands for the statement. A query without UNION ALL is returned as is.
 */
export function hoistUnionClauses(query: SqlQuery): SqlQuery {
  if (!query.unionQuery) return query;
  let last = query.unionQuery;
  for (let q: SqlQuery | undefined = query; q?.unionQuery; q = q.unionQuery) {
    if (trailingClauses(q).length > 0) throw invalidInput(`${trailingClauses(q)[0]} must follow the last query of a UNION ALL`);
    last = q.unionQuery;
  }
  const stripLast = (q: SqlQuery): SqlQuery =>
    q.unionQuery
      ? q.changeUnionQuery(stripLast(q.unionQuery))
      : q.changeOrderByClause(undefined).changeLimitClause(undefined).changeOffsetClause(undefined).changePartitionedByClause(undefined).changeClusteredByClause(undefined);
  return stripLast(query)
    .changeOrderByClause(last.orderByClause)
    .changeLimitClause(last.limitClause)
    .changeOffsetClause(last.offsetClause)
    .changePartitionedByClause(last.partitionedByClause)
    .changeClusteredByClause(last.clusteredByClause);
}

/** The statement-wide clauses a query carries, by name. */
function trailingClauses(q: SqlQuery): string[] {
  const present: [string, unknown][] = [
    ['ORDER BY', q.orderByClause],
    ['LIMIT', q.limitClause],
    ['OFFSET', q.offsetClause],
    ['PARTITIONED BY', q.partitionedByClause],
    ['CLUSTERED BY', q.clusteredByClause],
  ];
  return present.filter(([, clause]) => clause !== undefined).map(([name]) => name);
}

/**
 * The SELECTs of a `UNION ALL` chain whose statement clauses were hoisted (see hoistUnionClauses),
 * each on its own: without the chain, the WITH clause (planned once for all of them), the target
 * and the statement-wide clauses.
 */
export function unionBranches(query: SqlQuery): SqlQuery[] {
  const first = query
    .changeUnionQuery(undefined)
    .changeWithClause(undefined)
    .changeInsertClause(undefined)
    .changeReplaceClause(undefined)
    .changeOrderByClause(undefined)
    .changeLimitClause(undefined)
    .changeOffsetClause(undefined)
    .changePartitionedByClause(undefined)
    .changeClusteredByClause(undefined);
  const rest: SqlQuery[] = [];
  for (let q = query.unionQuery; q; q = q.unionQuery) rest.push(q.changeUnionQuery(undefined));
  return [first, ...rest];
}

const NOT_TABLES =
  'SQL requires union between inputs that are not simple table scans and involve a filter or aliasing. ' +
  'Or column types of tables being unioned are not of same type.';

/**
 * UNION ALL of planned SELECTs, as Druid's multi-stage engine plans it: a union datasource. Each
 * branch must read one table's columns as they are (no filter, no expression); every branch must
 * read columns of the same names, in the same order and of the same types. The output takes the first
 * branch's column names (aliases included).
 */
export function unionOfTables(branches: readonly PlannedRelation[]): PlannedRelation {
  const width = branches[0]!.columns.length;
  if (branches.some((b) => b.columns.length !== width)) throw invalidInput('Column count mismatch in UNION ALL');
  const tableColumns = branches.map((b) => columnsRead(b.plan));
  if (tableColumns.some((c) => c === undefined)) throw generalInvalidInput(NOT_TABLES);
  const left = tableColumns[0]!;
  for (const right of tableColumns.slice(1)) {
    if (right!.some((name, i) => name !== left[i])) {
      throw generalInvalidInput(`SQL requires union between two tables and column names queried for each table are different Left: [${left.join(', ')}], Right: [${right!.join(', ')}].`);
    }
  }
  const types = branches[0]!.columns.map((c) => c.type);
  if (branches.some((b) => b.columns.some((c, i) => c.type !== types[i]))) throw generalInvalidInput(NOT_TABLES);
  return { plan: unionNode(branches.map((b) => b.plan)), columns: branches[0]!.columns };
}

/** The table columns a plan reads as they are: a table scan, or a projection of its columns; else undefined. */
function columnsRead(plan: LogicalPlan): string[] | undefined {
  if (plan.kind === 'tableScan') return plan.signature.map((c) => c.name);
  if (plan.kind !== 'project' || plan.input.kind !== 'tableScan') return undefined;
  const names: string[] = [];
  for (const c of plan.columns) {
    if (c.expr.kind !== 'column') return undefined;
    names.push(c.expr.name);
  }
  return names;
}
