import type { ColumnType } from '@silt/common';

/**
 * The expression IR shared by SQL and (later) Druid's native expression language. Nodes are frozen
 * plain objects so plans serialize to JSON and cross worker threads by structured clone.
 *
 * Every node carries its result `type`, resolved by the planner. Timestamps are LONG epoch millis;
 * booleans are LONG 1/0 (as in Druid).
 */
export type Expr = ColumnRef | Literal | Call;

/** A reference to a column of the input frame, by name. */
export interface ColumnRef {
  readonly kind: 'column';
  readonly name: string;
  readonly type: ColumnType;
}

/** A constant. `null` is SQL NULL of `type`. */
export interface Literal {
  readonly kind: 'literal';
  readonly value: string | number | null;
  readonly type: ColumnType;
}

/**
 * A scalar function or operator applied to arguments. `fn` is upper-case: a function name
 * (`TIME_PARSE`, `CONCAT`, …) or an operator: `+ - * / %`, `= <> < <= > >=`, `AND OR NOT`,
 * `IS NULL`, `IS NOT NULL`, `IS TRUE`, `IS FALSE`, `LIKE` (args: value, pattern[, escape]), `IN` (args:
 * value, v1, v2, …), `BETWEEN` (value, low, high), `CASE` (args: when1, then1, …, [else]),
 * `CASE_SIMPLE` (args: value, match1, then1, …, [else]), `CAST` (target = `type`), `NEG`.
 */
export interface Call {
  readonly kind: 'call';
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly type: ColumnType;
}

export const columnRef = (name: string, type: ColumnType): ColumnRef => Object.freeze({ kind: 'column', name, type });
export const literal = (value: string | number | null, type: ColumnType): Literal => Object.freeze({ kind: 'literal', value, type });
export const call = (fn: string, args: readonly Expr[], type: ColumnType): Call => Object.freeze({ kind: 'call', fn, args: Object.freeze([...args]), type });

/** Names of the input columns an expression reads. */
export function referencedColumns(expr: Expr, into = new Set<string>()): Set<string> {
  if (expr.kind === 'column') into.add(expr.name);
  else if (expr.kind === 'call') for (const a of expr.args) referencedColumns(a, into);
  return into;
}
