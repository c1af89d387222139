import { isNumericType, type ColumnType } from '@silt/common';
import type { Expr } from '@silt/expr';
import { arithmeticType, isTimestamp, leastRestrictiveInput, leastRestrictiveType, reductionType } from './sql-types.ts';

/**
 * How a scalar function's result type follows from its arguments: a fixed type, the first
 * argument's type (`numeric`: DOUBLE when that argument is not a number), the second argument's
 * type, the arithmetic rule, the least restrictive type of all (non-NULL) arguments, an array of
 * that type (`array`), or the element type of the first argument (`element0`).
 */
export type ReturnRule = ColumnType | 'numeric' | 'arg0' | 'arg1' | 'arithmetic' | 'common' | 'reduction' | 'array' | 'element0';

/** A scalar SQL function the evaluator implements. */
export interface ScalarFunction {
  /** The IR `fn` name, when it differs from the SQL name. */
  readonly fn?: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly returns: ReturnRule;
  /** The result is a SQL TIMESTAMP. */
  readonly timestamp?: boolean;
  /** Arguments that are timestamps: string literals there are read as TIMESTAMP literals. */
  readonly timestampArgs?: readonly number[];
}

const ANY = Number.POSITIVE_INFINITY;

const f = (minArgs: number, maxArgs: number, returns: ReturnRule, extra: Partial<ScalarFunction> = {}): ScalarFunction =>
  Object.freeze({ minArgs, maxArgs, returns, ...extra });

const time = (minArgs: number, maxArgs: number, timestampArgs: readonly number[] = [0]): ScalarFunction =>
  f(minArgs, maxArgs, 'LONG', { timestamp: true, timestampArgs });

/** Scalar functions by upper-case SQL name. FLOOR/CEIL `TO unit`, CAST, EXTRACT and TRIM forms are handled by the converter. */
export const SCALAR_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = Object.freeze({
  // Time
  TIME_PARSE: f(1, 3, 'LONG', { timestamp: true }),
  TIME_FORMAT: f(1, 3, 'STRING', { timestampArgs: [0] }),
  TIME_FLOOR: time(2, 4),
  TIME_CEIL: time(2, 4),
  TIME_SHIFT: time(3, 4),
  TIME_EXTRACT: f(1, 3, 'LONG', { timestampArgs: [0] }),
  TIME_IN_INTERVAL: f(2, 2, 'LONG', { timestampArgs: [0] }),
  MILLIS_TO_TIMESTAMP: f(1, 1, 'LONG', { timestamp: true }),
  TIMESTAMP_TO_MILLIS: f(1, 1, 'LONG', { timestampArgs: [0] }),
  DATE_TRUNC: time(2, 2, [1]),
  CURRENT_TIMESTAMP: time(0, 0, []),
  // Strings
  CONCAT: f(1, ANY, 'STRING'),
  TEXTCAT: f(2, 2, 'STRING'),
  LOWER: f(1, 1, 'STRING'),
  UPPER: f(1, 1, 'STRING'),
  SUBSTRING: f(2, 3, 'STRING'),
  SUBSTR: f(2, 3, 'STRING'),
  TRIM: f(1, 2, 'STRING'),
  BTRIM: f(1, 2, 'STRING'),
  LTRIM: f(1, 2, 'STRING'),
  RTRIM: f(1, 2, 'STRING'),
  REPLACE: f(3, 3, 'STRING'),
  STRPOS: f(2, 2, 'LONG'),
  LENGTH: f(1, 1, 'LONG'),
  CHAR_LENGTH: f(1, 1, 'LONG'),
  CHARACTER_LENGTH: f(1, 1, 'LONG', { fn: 'CHAR_LENGTH' }),
  REGEXP_EXTRACT: f(2, 3, 'STRING'),
  REGEXP_LIKE: f(2, 2, 'LONG'),
  CONTAINS_STRING: f(2, 2, 'LONG'),
  LPAD: f(2, 3, 'STRING'),
  RPAD: f(2, 3, 'STRING'),
  REVERSE: f(1, 1, 'STRING'),
  REPEAT: f(2, 2, 'STRING'),
  LEFT: f(2, 2, 'STRING'),
  RIGHT: f(2, 2, 'STRING'),
  // Numbers
  ABS: f(1, 1, 'numeric'),
  CEIL: f(1, 1, 'numeric'),
  FLOOR: f(1, 1, 'numeric'),
  ROUND: f(1, 2, 'numeric'),
  POWER: f(2, 2, 'DOUBLE'),
  SQRT: f(1, 1, 'DOUBLE'),
  EXP: f(1, 1, 'DOUBLE'),
  LN: f(1, 1, 'DOUBLE'),
  LOG10: f(1, 1, 'DOUBLE'),
  MOD: f(2, 2, 'arithmetic', { fn: '%' }),
  SAFE_DIVIDE: f(2, 2, 'arithmetic'),
  GREATEST: f(1, ANY, 'reduction'),
  LEAST: f(1, ANY, 'reduction'),
  TRUNCATE: f(1, 2, 'numeric'),
  TRUNC: f(1, 2, 'numeric'),
  // Conditionals
  COALESCE: f(1, ANY, 'common'),
  NVL: f(2, 2, 'common'),
  IFNULL: f(2, 2, 'common'),
  NULLIF: f(2, 2, 'arg0'),
  // Arrays (sql-array-functions.md)
  ARRAY: f(0, ANY, 'array'),
  ARRAY_LENGTH: f(1, 1, 'LONG'),
  ARRAY_OFFSET: f(2, 2, 'element0'),
  ARRAY_ORDINAL: f(2, 2, 'element0'),
  ARRAY_CONTAINS: f(2, 2, 'LONG'),
  ARRAY_OVERLAP: f(2, 2, 'LONG'),
  SCALAR_IN_ARRAY: f(2, 2, 'LONG'),
  ARRAY_OFFSET_OF: f(2, 2, 'LONG'),
  ARRAY_ORDINAL_OF: f(2, 2, 'LONG'),
  ARRAY_PREPEND: f(2, 2, 'arg1'),
  ARRAY_APPEND: f(2, 2, 'arg0'),
  ARRAY_CONCAT: f(2, 2, 'arg0'),
  ARRAY_SLICE: f(2, 3, 'arg0'),
  ARRAY_TO_STRING: f(2, 2, 'STRING'),
  STRING_TO_ARRAY: f(2, 2, 'ARRAY<STRING>'),
  ARRAY_TO_MV: f(1, 1, 'STRING'),
  // Multi-value strings (sql-multivalue-string-functions.md)
  MV_FILTER_ONLY: f(2, 2, 'STRING'),
  MV_FILTER_NONE: f(2, 2, 'STRING'),
  MV_LENGTH: f(1, 1, 'LONG'),
  MV_OFFSET: f(2, 2, 'STRING'),
  MV_ORDINAL: f(2, 2, 'STRING'),
  MV_CONTAINS: f(2, 2, 'LONG'),
  MV_OVERLAP: f(2, 2, 'LONG'),
  MV_OFFSET_OF: f(2, 2, 'LONG'),
  MV_ORDINAL_OF: f(2, 2, 'LONG'),
  MV_PREPEND: f(2, 2, 'STRING'),
  MV_APPEND: f(2, 2, 'STRING'),
  MV_CONCAT: f(2, 2, 'STRING'),
  MV_SLICE: f(2, 3, 'STRING'),
  MV_TO_STRING: f(2, 2, 'STRING'),
  STRING_TO_MV: f(2, 2, 'STRING'),
  MV_TO_ARRAY: f(1, 1, 'ARRAY<STRING>'),
  // Nested JSON (sql-json-functions.md); JSON_VALUE … RETURNING is handled by the converter.
  JSON_VALUE: f(2, 2, 'STRING'),
  JSON_QUERY: f(2, 2, 'COMPLEX<json>'),
  JSON_KEYS: f(2, 2, 'ARRAY<STRING>'),
  JSON_PATHS: f(1, 1, 'ARRAY<STRING>'),
  PARSE_JSON: f(1, 1, 'COMPLEX<json>'),
  TRY_PARSE_JSON: f(1, 1, 'COMPLEX<json>'),
  TO_JSON_STRING: f(1, 1, 'STRING'),
  // Sketch post-aggregation (sql-aggregations.md): they read the COMPLEX result of DS_HLL, DS_THETA, DS_QUANTILES_SKETCH.
  HLL_SKETCH_ESTIMATE: f(1, 2, 'DOUBLE'),
  THETA_SKETCH_ESTIMATE: f(1, 1, 'DOUBLE'),
  DS_GET_QUANTILE: f(2, 2, 'DOUBLE'),
  DS_GET_QUANTILES: f(2, ANY, 'ARRAY<DOUBLE>'),
});

/** Aggregate functions the planner turns into AggregateCalls, with their least and most arguments. */
export const AGGREGATE_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  APPROX_COUNT_DISTINCT: [1, 1],
  APPROX_COUNT_DISTINCT_DS_HLL: [1, 3],
  APPROX_COUNT_DISTINCT_DS_THETA: [1, 2],
  DS_HLL: [1, 3],
  DS_THETA: [1, 2],
  DS_QUANTILES_SKETCH: [1, 2],
  APPROX_QUANTILE_DS: [2, 3],
  COUNT: [0, 1],
  SUM: [1, 1],
  MIN: [1, 1],
  MAX: [1, 1],
  AVG: [1, 1],
  ANY_VALUE: [1, 2],
  EARLIEST: [1, 2],
  LATEST: [1, 2],
  EARLIEST_BY: [2, 3],
  LATEST_BY: [2, 3],
};

/** Aggregate function names (upper-case). */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(AGGREGATE_ARITY));

/** The array type holding elements of `type` (Druid has string, long, float and double arrays). */
export function arrayOf(type: ColumnType): ColumnType {
  if (type === 'STRING') return 'ARRAY<STRING>';
  if (type === 'LONG') return 'ARRAY<LONG>';
  if (type === 'FLOAT') return 'ARRAY<FLOAT>';
  if (isNumericType(type)) return 'ARRAY<DOUBLE>';
  return type.startsWith('ARRAY<') ? type : 'ARRAY<STRING>';
}

/** The element type of an array type; a (multi-value) string or scalar is its own element. */
export function elementOf(type: ColumnType): ColumnType {
  if (type === 'ARRAY<STRING>') return 'STRING';
  if (type === 'ARRAY<LONG>') return 'LONG';
  if (type === 'ARRAY<FLOAT>') return 'FLOAT';
  if (type === 'ARRAY<DOUBLE>') return 'DOUBLE';
  return type;
}

/** Whether a NULL literal: it takes no part in type inference. */
export function isNullLiteral(expr: Expr): boolean {
  return expr.kind === 'literal' && expr.value === null;
}

/** The result type of a scalar function under its return rule. */
export function resultType(rule: ReturnRule, args: readonly Expr[]): ColumnType {
  switch (rule) {
    case 'numeric': {
      const t = args[0]?.type;
      return t !== undefined && isNumericType(t) ? t : 'DOUBLE';
    }
    case 'arg0':
      return args[0]?.type ?? 'STRING';
    case 'arg1':
      return args[1]?.type ?? 'STRING';
    case 'element0':
      return elementOf(args[0]?.type ?? 'STRING');
    case 'array':
      return arrayOf(leastRestrictiveType(args.filter((a) => !isNullLiteral(a)).map(leastRestrictiveInput)));
    case 'arithmetic':
      return arithmeticType(args.map((a) => a.type));
    case 'common':
      return leastRestrictiveType(args.filter((a) => !isNullLiteral(a)).map(leastRestrictiveInput));
    case 'reduction':
      return reductionType(args.filter((a) => !isNullLiteral(a)).map((a) => a.type));
    default:
      return rule;
  }
}

/** Whether a branch-combining result is a timestamp: all its non-NULL inputs are. */
export function allTimestamps(args: readonly Expr[]): boolean {
  const values = args.filter((a) => !isNullLiteral(a));
  return values.length > 0 && values.every(isTimestamp);
}
