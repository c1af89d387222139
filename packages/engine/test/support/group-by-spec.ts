import type { ColumnType } from '@silt/common';
import type { AggregateCall, Expr } from '@silt/expr';
import type { GroupBySpec } from '../../src/query-definition.ts';

/** An aggregate call with no DISTINCT or FILTER unless `extra` says otherwise. */
export const aggregate = (fn: string, args: Expr[], type: ColumnType, extra: Partial<AggregateCall> = {}): AggregateCall => ({ fn, args, distinct: false, filter: null, type, ...extra });

export const COUNT_STAR = aggregate('COUNT', [], 'LONG');

/** A GROUP BY on `keys` (named k0, k1, …) with these aggregates (a0, a1, …), in first-seen group order when `unordered`. */
export function groupBySpec(keys: readonly Expr[], calls: readonly AggregateCall[], unordered = false): GroupBySpec {
  return {
    keys: keys.map((expr, i) => ({ name: `k${i}`, expr })),
    aggregates: calls.map((c, i) => ({ name: `a${i}`, call: c })),
    signature: [...keys.map((expr, i) => ({ name: `k${i}`, type: expr.type })), ...calls.map((c, i) => ({ name: `a${i}`, type: c.type }))],
    ...(unordered ? { unordered: true } : {}),
  };
}
