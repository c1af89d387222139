import type { ColumnType } from '@silt/common';
import { call, columnRef, type Expr } from '@silt/expr';
import { SqlAlias, SqlFunction, type SqlExpression, type SqlJoinPart } from 'druid-query-toolkit';
import { coerceTo, convertExpression } from './expression-converter.ts';
import { elementOf } from './function-registry.ts';
import type { JoinNode, LogicalPlan } from './logical-plan.ts';
import { filterNode, joinNode, projectNode, unnestNode } from './plan-nodes.ts';
import { renamed, type FromRelation, type PlanEnv } from './relation-planner.ts';
import { Scope, type RelationColumn, type ScopeEntry } from './scope.ts';
import { leastRestrictiveType, markTimestamp } from './sql-types.ts';

/** Calcite's rule for a name that is already taken: append 0, 1, 2, … until it is free. */
function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 0; ; i++) if (!taken.has(`${name}${i}`)) return `${name}${i}`;
}

/**
 * Joins `right` to the relation on its left. `part` is the JOIN clause (none for a comma). Right
 * columns whose names clash are renamed (Calcite's `x0`), so the join's signature is the left
 * columns then the right ones; the query still reaches them by their own names and qualifiers.
 * ON conditions are converted over both sides; `a = b` conjuncts between a left and a right column
 * become the equi-join keys. USING and NATURAL joins compare the shared columns, which then come
 * first in the output, once (a FULL join takes the non-null side of each).
 */
export function joinRelations(left: FromRelation, right: FromRelation, part: SqlJoinPart | undefined, env: PlanEnv): FromRelation {
  const { source } = env;
  const joinType: JoinNode['joinType'] = part ? (part.joinType ?? 'INNER') : 'CROSS';
  const hasCondition = !!part && (part.onExpression !== undefined || part.usingColumns !== undefined || !!part.natural);
  if (joinType === 'CROSS' && hasCondition) {
    throw source.errorAt('Cannot specify condition (NATURAL keyword, or ON or USING clause) following CROSS JOIN', part);
  }
  if (joinType !== 'CROSS' && !hasCondition) {
    throw source.errorAt('INNER, LEFT, RIGHT or FULL join requires a condition (NATURAL keyword or ON or USING clause)', part);
  }

  const taken = new Set(left.columns.map((c) => c.name));
  const rightNames = right.columns.map((c) => {
    const name = uniqueName(c.name, taken);
    taken.add(name);
    return name;
  });
  const renamedRight = rightNames.some((n, i) => n !== right.columns[i]!.name) ? renamed(right, rightNames) : right;
  const byOld = new Map(right.columns.map((c, i) => [c, renamedRight.columns[i]!]));
  const rightEntries = right.entries.map((e) => ({ ...e, column: byOld.get(e.column) ?? e.column }));
  const entries: ScopeEntry[] = [...left.entries, ...rightEntries];
  const scope = new Scope(entries);

  let condition: Expr | null = null;
  let using: { name: string; left: RelationColumn; right: RelationColumn }[] = [];
  if (part?.onExpression) {
    condition = convertExpression(part.onExpression, { scope, source, params: env.params, options: env.options, clause: 'ON' });
  } else if (part?.usingColumns || part?.natural) {
    const names = part.usingColumns
      ? part.usingColumns.columns.values.map((c) => c.name)
      : [...new Set(left.entries.map((e) => e.name))].filter((n) => rightEntries.some((e) => e.name === n));
    using = names.map((name) => ({ name, left: sideColumn(left.entries, name, 'left', part, env), right: sideColumn(rightEntries, name, 'right', part, env) }));
    const equalities = using.map((u) => call('=', [refOf(u.left), refOf(u.right)], 'LONG'));
    condition = equalities.length === 0 ? null : equalities.reduce((a, b) => call('AND', [a, b], 'LONG'));
  }
  const keys = condition ? equiKeys(condition, left.plan, renamedRight.plan) : [];
  const plan = joinNode(left.plan, renamedRight.plan, joinType, condition, keys);
  const joined: FromRelation = { plan, columns: [...left.columns, ...renamedRight.columns], entries };
  return using.length > 0 ? collapseUsing(joined, using, joinType) : joined;
}

/** The one column of a join side named `name` in USING / NATURAL JOIN. */
function sideColumn(entries: readonly ScopeEntry[], name: string, side: string, at: SqlJoinPart, env: PlanEnv): RelationColumn {
  const matches = entries.filter((e) => e.name === name);
  if (matches.length === 0) throw env.source.errorAt(`Column '${name}' not found in any table`, at);
  if (matches.length > 1) throw env.source.errorAt(`Column name '${name}' in USING clause is not unique on one side of join (${side})`, at);
  return matches[0]!.column;
}

function refOf(column: RelationColumn): Expr {
  const ref = columnRef(column.name, column.type);
  return column.timestamp ? markTimestamp(ref) : ref;
}

/** After a USING / NATURAL join: the shared columns first (once), then the other left and right columns. */
function collapseUsing(joined: FromRelation, using: readonly { name: string; left: RelationColumn; right: RelationColumn }[], joinType: JoinNode['joinType']): FromRelation {
  const shared = new Set(using.flatMap((u) => [u.left, u.right]));
  const sharedColumns = using.map((u) => {
    let expr: Expr;
    if (joinType === 'FULL') {
      const type: ColumnType = leastRestrictiveType([u.left.type, u.right.type]);
      expr = call('COALESCE', [coerceTo(refOf(u.left), type), coerceTo(refOf(u.right), type)], type);
      if (u.left.timestamp && u.right.timestamp) markTimestamp(expr);
    } else {
      expr = refOf(joinType === 'RIGHT' ? u.right : u.left);
    }
    return { name: u.name, expr, column: { name: u.name, type: expr.type, timestamp: joinType === 'RIGHT' ? u.right.timestamp : u.left.timestamp } };
  });
  const rest = joined.columns.filter((c) => !shared.has(c));
  const plan = projectNode(joined.plan, [...sharedColumns.map((c) => ({ name: c.name, expr: c.expr })), ...rest.map((c) => ({ name: c.name, expr: refOf(c) }))]);
  const qualifiersOf = (column: RelationColumn): string[] => joined.entries.filter((e) => e.column === column).flatMap((e) => e.qualifiers);
  const entries: ScopeEntry[] = [
    ...sharedColumns.map((c, i) => ({ column: c.column, name: c.name, qualifiers: [...qualifiersOf(using[i]!.left), ...qualifiersOf(using[i]!.right)] })),
    ...joined.entries.filter((e) => !shared.has(e.column)),
  ];
  return { plan, columns: [...sharedColumns.map((c) => c.column), ...rest], entries };
}

/** The top-level AND operands of a condition. */
export function conjuncts(condition: Expr): Expr[] {
  return condition.kind === 'call' && condition.fn === 'AND' ? condition.args.flatMap(conjuncts) : [condition];
}

/** The `leftColumn = rightColumn` conjuncts of a condition, as join keys. */
function equiKeys(condition: Expr, left: LogicalPlan, right: LogicalPlan): { left: string; right: string }[] {
  const leftNames = new Set(left.signature.map((c) => c.name));
  const rightNames = new Set(right.signature.map((c) => c.name));
  const keys: { left: string; right: string }[] = [];
  for (const c of conjuncts(condition)) {
    if (c.kind !== 'call' || c.fn !== '=') continue;
    const [a, b] = c.args;
    if (a?.kind !== 'column' || b?.kind !== 'column') continue;
    if (leftNames.has(a.name) && rightNames.has(b.name)) keys.push({ left: a.name, right: b.name });
    else if (rightNames.has(a.name) && leftNames.has(b.name)) keys.push({ left: b.name, right: a.name });
  }
  return keys;
}

/**
 * A WHERE condition over a cross join (a comma join or CROSS JOIN): the conjuncts equating a left
 * and a right column turn the join into an INNER join on them; the rest filters its output.
 */
export function filterOverJoin(input: LogicalPlan, condition: Expr): LogicalPlan {
  if (input.kind !== 'join' || input.joinType !== 'CROSS') return filterNode(input, condition);
  const all = conjuncts(condition);
  const keys = equiKeys(condition, input.left, input.right);
  if (keys.length === 0) return filterNode(input, condition);
  const isKey = (c: Expr): boolean => equiKeys(c, input.left, input.right).length === 1;
  const joinConjuncts = all.filter(isKey);
  const rest = all.filter((c) => !isKey(c));
  const and = (items: Expr[]): Expr => items.reduce((a, b) => call('AND', [a, b], 'LONG'));
  const join = joinNode(input.left, input.right, 'INNER', and(joinConjuncts), keys);
  return rest.length > 0 ? filterNode(join, and(rest)) : join;
}

/**
 * UNNEST over the relation to its left: `expr` (an array, or a multi-value string) is converted
 * over the left columns; each element becomes a row, in a column named by the alias column list
 * (`AS u(v)`), else `EXPR$0`, appended after the left columns.
 */
export function unnestRelation(left: FromRelation, item: SqlExpression, env: PlanEnv): FromRelation {
  const { source } = env;
  let unnest: SqlExpression = item;
  let alias: string | undefined;
  let columnAliases: readonly string[] | undefined;
  if (item instanceof SqlAlias) {
    alias = item.getAliasName();
    columnAliases = item.columns?.columns.values.map((c) => c.name);
    unnest = item.expression;
  }
  const args = unnest instanceof SqlFunction ? (unnest.args?.values ?? []) : [];
  if (args.length !== 1) throw source.errorAt('UNNEST takes exactly one argument (an array or multi-value string expression)', item);
  if (columnAliases && columnAliases.length !== 1) {
    throw source.errorAt(`List of column aliases must have same degree as table; table has 1 columns, whereas alias list has ${columnAliases.length} columns`, item);
  }
  const expr = convertExpression(args[0]!, { scope: new Scope(left.entries), source, params: env.params, options: env.options, clause: 'UNNEST' });
  const type = elementOf(expr.type);
  const sqlName = columnAliases?.[0] ?? 'EXPR$0';
  const name = uniqueName(sqlName, new Set(left.columns.map((c) => c.name)));
  const column: RelationColumn = { name, type, timestamp: false };
  return {
    plan: unnestNode(left.plan, expr, name, type),
    columns: [...left.columns, column],
    entries: [...left.entries, { column, name: sqlName, qualifiers: alias === undefined ? [] : [alias] }],
  };
}
