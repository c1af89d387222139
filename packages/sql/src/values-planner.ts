import type { ColumnType } from '@silt/common';
import type { SqlValues } from 'druid-query-toolkit';
import { convertExpression } from './expression-converter.ts';
import { externalScanNode } from './plan-nodes.ts';
import type { PlanEnv, PlannedRelation } from './relation-planner.ts';
import { Scope, type RelationColumn } from './scope.ts';
import { isTimestamp } from './sql-types.ts';

/** One converted cell of a VALUES row: its value and SQL type. */
interface Cell {
  readonly value: string | number | null;
  readonly type: ColumnType;
  readonly timestamp: boolean;
}

/**
 * Plans `VALUES (…), (…)` (Druid's inline datasource) as an inline input of JSON lines. Columns are
 * named as Calcite names them (`EXPR$0`, `EXPR$1`, …; `AS t(a, b)` renames them); a column's type is
 * that of its non-null cells (LONG and DOUBLE together make DOUBLE; only NULLs make VARCHAR). Each
 * cell must be a literal (numbers, strings, NULL, TIMESTAMP '…').
 */
export function planValues(values: SqlValues, env: PlanEnv): PlannedRelation {
  const { source } = env;
  if (values.orderByClause || values.limitClause || values.offsetClause) throw source.errorAt('ORDER BY, LIMIT and OFFSET are not supported on VALUES', values);
  const ctx = { scope: new Scope([]), source, params: env.params, options: env.options, clause: 'VALUES' };
  const rows = values.records.values.map((record) =>
    (record.expressions?.values ?? []).map((node): Cell => {
      const expr = convertExpression(node, ctx);
      if (expr.kind !== 'literal') throw source.errorAt('VALUES may only hold literals', node);
      return { value: expr.value, type: expr.type, timestamp: isTimestamp(expr) };
    }),
  );
  const width = rows[0]!.length;
  if (rows.some((r) => r.length !== width)) throw source.errorAt('Column count mismatch in VALUES', values);
  const columns: RelationColumn[] = Array.from({ length: width }, (_, i) => {
    const type = commonType(rows.map((r) => r[i]!));
    if (!type) throw source.errorAt('Values passed to VALUES operator must have compatible types', values);
    return { name: `EXPR$${i}`, ...type };
  });
  const data = rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, r[i]!.value])))).join('\n');
  const signature = columns.map((c) => ({ name: c.name, type: c.type }));
  return { plan: externalScanNode({ type: 'inline', data }, { type: 'json' }, signature), columns };
}

/** The type of a column's cells (ignoring NULLs), or undefined when they do not mix. */
function commonType(cells: readonly Cell[]): { type: ColumnType; timestamp: boolean } | undefined {
  const typed = cells.filter((c) => c.value !== null);
  if (typed.length === 0) return { type: 'STRING', timestamp: false };
  const timestamp = typed[0]!.timestamp;
  if (typed.some((c) => c.timestamp !== timestamp)) return undefined;
  const types = new Set(typed.map((c) => c.type));
  if (types.size === 1) return { type: typed[0]!.type, timestamp };
  return [...types].every((t) => t === 'LONG' || t === 'FLOAT' || t === 'DOUBLE') ? { type: 'DOUBLE', timestamp } : undefined;
}
