import { SqlAlias, SqlColumn, SqlFunction, SqlLiteral, SqlStar, type SqlBase, type SqlExpression, type SqlQuery } from 'druid-query-toolkit';
import { AGGREGATE_FUNCTIONS } from './function-registry.ts';
import type { Scope } from './scope.ts';
import type { SqlSource } from './sql-source.ts';

/** One output column of a SELECT list, after `*` expansion. */
export interface SelectItem {
  /** The output name: the alias, a bare column's name, or Calcite's `EXPR$<index>`. */
  readonly name: string;
  /** The expression, without its alias. */
  readonly node: SqlExpression;
}

/** Calcite's name for an unnamed output column. */
export const UNNAMED_COLUMN = /^EXPR\$\d+$/i;

/**
 * Expands the SELECT list: `*` (or `t.*`) becomes every input column in order, and each item gets
 * its output name. Unnamed expressions are `EXPR$i`, `i` counting expanded columns.
 */
export function expandSelectList(query: SqlQuery, scope: Scope, source: SqlSource): SelectItem[] {
  const items: SelectItem[] = [];
  for (const expression of query.selectExpressions?.values ?? []) {
    if (expression instanceof SqlStar) {
      const qualifier = expression.table?.getName();
      const columns = scope.star(qualifier);
      if (!columns) throw source.errorAt(`Unknown identifier '${qualifier}'`, expression);
      items.push(...columns);
    } else if (expression instanceof SqlAlias) {
      items.push({ name: expression.getAliasName(), node: expression.expression });
    } else if (expression instanceof SqlColumn) {
      items.push({ name: expression.getName(), node: expression });
    } else {
      items.push({ name: `EXPR$${items.length}`, node: expression });
    }
  }
  return items;
}

/** Makes output names unique the way Calcite does: a repeated `x` becomes `x0`, `x1`, … */
export function uniquifyNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let i = 0; seen.has(unique); i++) unique = `${name}${i}`;
    seen.add(unique);
    return unique;
  });
}

/** Whether `node` is an aggregate function call (not a window function). */
export function isAggregateCall(node: SqlBase): node is SqlFunction {
  return node instanceof SqlFunction && !node.windowSpec && AGGREGATE_FUNCTIONS.has(node.getEffectiveFunctionName().toUpperCase());
}

/** Whether `node` contains an aggregate function call. */
export function containsAggregate(node: SqlBase): boolean {
  return node.some((n) => isAggregateCall(n));
}

/** The 1-based ordinal a bare integer literal denotes (GROUP BY 1, ORDER BY 2 …), if `node` is one. */
export function ordinalOf(node: SqlBase): number | undefined {
  if (!(node instanceof SqlLiteral) || typeof node.value !== 'number') return undefined;
  return /^-?\d+$/.test(node.stringValue ?? '') ? node.value : undefined;
}
