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
 * The least restrictive type of branch values (CASE, COALESCE, GREATEST …): equal types stay,
 * numbers widen to DOUBLE (FLOAT only when all are FLOAT), anything mixing text and numbers is STRING.
 */
export function leastRestrictiveType(types: readonly ColumnType[]): ColumnType {
  if (types.length === 0) return 'STRING';
  const first = types[0]!;
  if (types.every((t) => t === first)) return first;
  if (types.every(isNumericType)) return types.every((t) => t === 'LONG') ? 'LONG' : 'DOUBLE';
  return 'STRING';
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
