import { isNumericType, parseColumnType, type ColumnType } from '@silt/common';
import type { Expr } from '@silt/expr';

/**
 * SQL-level typing on top of Silt's column types. The IR folds TIMESTAMP into LONG millis; the
 * planner still needs to know which LONG expressions are SQL timestamps (to cast string literals
 * compared with them, and to pick the right CAST), so it remembers them here.
 */
const TIMESTAMPS = new WeakSet<Expr>();

/** Records that `expr` is a SQL TIMESTAMP (LONG millis) and returns it. */
export function markTimestamp<E extends Expr>(expr: E): E {
  TIMESTAMPS.add(expr);
  return expr;
}

/** Whether `expr` is a SQL TIMESTAMP. */
export function isTimestamp(expr: Expr): boolean {
  return TIMESTAMPS.has(expr);
}

/** Result type of `+ - * / %`: LONG for two LONGs, DOUBLE as soon as a FLOAT, DOUBLE or non-number is involved. */
export function arithmeticType(types: readonly ColumnType[]): ColumnType {
  return types.every((t) => t === 'LONG') ? 'LONG' : 'DOUBLE';
}

/**
 * The least restrictive type of values combined into one (CASE branches, COALESCE, NVL, ARRAY[…],
 * a FULL join's USING column), by Calcite's leastRestrictive as Druid's planner applies it. Numbers
 * are read in order: Druid's FLOAT and DOUBLE are both Calcite approximate types of precision 15, so
 * the first approximate type met stays (`ARRAY[m1, m2]` is FLOAT ARRAY, `ARRAY[m2, m1]` DOUBLE
 * ARRAY); an approximate type after integers replaces them; a decimal (a non-integer literal, which
 * Calcite types DECIMAL) mixed with an approximate type makes DOUBLE. Equal types stay; anything
 * mixing text and numbers is STRING. Pass {@link leastRestrictiveInput} of each value.
 */
export function leastRestrictiveType(types: readonly LeastRestrictiveInput[]): ColumnType {
  if (types.length === 0) return 'STRING';
  const first = types[0]!;
  if (types.every((t) => t === first)) return first === 'DECIMAL' ? 'DOUBLE' : first;
  if (!types.every((t) => t === 'DECIMAL' || isNumericType(t))) return 'STRING';
  let result = first;
  for (const t of types.slice(1)) result = numericLeastRestrictive(result, t);
  return result === 'DECIMAL' ? 'DOUBLE' : result;
}

/** A value's type as {@link leastRestrictiveType} reads it: a column type, or DECIMAL for a decimal literal. */
export type LeastRestrictiveInput = ColumnType | 'DECIMAL';

/** `expr`'s type for {@link leastRestrictiveType}: a non-integer number literal is a Calcite DECIMAL. */
export function leastRestrictiveInput(expr: Expr): LeastRestrictiveInput {
  return expr.kind === 'literal' && typeof expr.value === 'number' && expr.type === 'DOUBLE' ? 'DECIMAL' : expr.type;
}

/** One step of Calcite's numeric leastRestrictive: the type so far and the next value's type. */
function numericLeastRestrictive(result: LeastRestrictiveInput, next: LeastRestrictiveInput): LeastRestrictiveInput {
  const approximate = (t: LeastRestrictiveInput) => t === 'FLOAT' || t === 'DOUBLE';
  if (approximate(next)) {
    if (approximate(result)) return result;
    return result === 'DECIMAL' ? 'DOUBLE' : next;
  }
  if (approximate(result)) return next === 'DECIMAL' ? 'DOUBLE' : result;
  return result === 'DECIMAL' || next === 'DECIMAL' ? 'DECIMAL' : 'LONG';
}

/**
 * Druid's return type of GREATEST / LEAST (ReductionOperatorConversionHelper): STRING as soon as a
 * value is text, DOUBLE when any is FLOAT or DOUBLE, otherwise LONG.
 */
export function reductionType(types: readonly ColumnType[]): ColumnType {
  if (types.length === 0 || types.some((t) => !isNumericType(t))) return 'STRING';
  return types.some((t) => t === 'FLOAT' || t === 'DOUBLE') ? 'DOUBLE' : 'LONG';
}

/** A CAST target: the column type and whether it is a SQL TIMESTAMP/DATE. */
export interface CastTarget {
  readonly type: ColumnType;
  readonly timestamp: boolean;
  readonly date: boolean;
}

/** Maps a SQL type name (`VARCHAR`, `BIGINT`, `TIMESTAMP`, `DECIMAL(10, 2)`, `VARCHAR ARRAY` …) to a cast target. */
export function castTarget(sqlType: string): CastTarget | undefined {
  const name = sqlType.trim().toUpperCase().replace(/\s*\(.*\)$/, '').replace(/\s+/g, ' ');
  switch (name) {
    case 'TIMESTAMP':
      return { type: 'LONG', timestamp: true, date: false };
    case 'DATE':
      return { type: 'LONG', timestamp: true, date: true };
    case 'NUMERIC':
    case 'DECIMAL':
      return { type: 'DOUBLE', timestamp: false, date: false };
    default: {
      const type = parseColumnType(name);
      return type ? { type, timestamp: false, date: false } : undefined;
    }
  }
}

/** How Calcite names an argument type in "No match found for function signature" messages. */
export function signatureTypeName(expr: Expr): string {
  if (isTimestamp(expr)) return '<TIMESTAMP>';
  switch (expr.type) {
    case 'STRING':
      return '<CHARACTER>';
    case 'LONG':
    case 'FLOAT':
    case 'DOUBLE':
      return '<NUMERIC>';
    case 'COMPLEX<json>':
      return '<OTHER>';
    default:
      return '<ARRAY>';
  }
}
