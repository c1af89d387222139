import { type ColumnType, invalidInput, parseColumnType } from '@silt/common';
import { call, type Expr, literal } from '@silt/expr';
import { asLong, asNumeric, asString, castTo, commonType, irCall, NULL_LITERAL, numericType, truth } from './native-typing.ts';

/**
 * Druid's native expression functions, each mapped to the expr IR function(s) that implement it with
 * Druid's semantics (argument order, 0- vs 1-based positions, result types). A function that is not in
 * this table, or whose IR counterpart the expr library lacks, is refused with a message naming it.
 */

/** Translates the arguments of one call; `name` is the native name as written. */
type FunctionTranslator = (args: readonly Expr[], name: string) => Expr;

function arity(name: string, args: readonly Expr[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
    throw invalidInput(`Function[${name}] needs ${expected} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`);
  }
}

/** A literal string argument (type names, regex patterns that must be constant, …). */
function literalString(name: string, e: Expr, what: string): string {
  if (e.kind !== 'literal' || typeof e.value !== 'string') throw invalidInput(`Function[${name}] needs a string literal as its ${what}`);
  return e.value;
}

/** A function with a fixed result type whose arguments pass through unchanged. */
function direct(fn: string, min: number, max: number, type: ColumnType, coerce: (e: Expr, i: number) => Expr = (e) => e): FunctionTranslator {
  return (args, name) => {
    arity(name, args, min, max);
    return irCall(fn, args.map(coerce), type, name);
  };
}

/** A function of one number whose result keeps LONG for LONG input (`abs`, `round`). */
function sameNumeric(fn: string, min: number, max: number): FunctionTranslator {
  return (args, name) => {
    arity(name, args, min, max);
    const x = asNumeric(args[0]!);
    return irCall(fn, [x, ...args.slice(1).map(asLong)], x.type, name);
  };
}

const stringFirst = (e: Expr, i: number): Expr => (i === 0 ? asString(e) : e);
const timeFirst = (e: Expr, i: number): Expr => (i === 0 ? asLong(e) : e);

/** `max(x, y)` / `min(x, y)`: NULL when either is NULL (unlike GREATEST / LEAST, which skip NULLs). */
function bivariateExtreme(fn: 'GREATEST' | 'LEAST'): FunctionTranslator {
  return (args, name) => {
    arity(name, args, 2);
    const [x, y] = [asNumeric(args[0]!), asNumeric(args[1]!)];
    const type = numericType(x, y);
    const anyNull = call('OR', [call('IS NULL', [x], 'LONG'), call('IS NULL', [y], 'LONG')], 'LONG');
    return irCall('CASE', [anyNull, literal(null, type), irCall(fn, [x, y], type, name)], type, name);
  };
}

function extreme(fn: 'GREATEST' | 'LEAST'): FunctionTranslator {
  return (args, name) => {
    if (args.length === 0) return NULL_LITERAL;
    const type = commonType(args);
    return irCall(fn, args.map((a) => castTo(a, type)), type, name);
  };
}

function conditional(args: readonly Expr[], name: string, conditions: (i: number) => boolean, fn: string): Expr {
  const results = args.filter((_, i) => !conditions(i));
  const type = commonType(results);
  return irCall(fn, args.map((a, i) => (conditions(i) ? a : castTo(a, type))), type, name);
}

const TABLE: Readonly<Record<string, FunctionTranslator>> = {
  // General
  cast: (args, name) => {
    arity(name, args, 2);
    const typeName = literalString(name, args[1]!, 'second argument');
    const type = parseColumnType(typeName);
    if (!type || !['STRING', 'LONG', 'DOUBLE', 'FLOAT'].includes(type)) throw invalidInput(`Function[${name}] cannot cast to type [${typeName}]`);
    return irCall('CAST', [args[0]!], type, name);
  },
  coalesce: (args, name) => {
    arity(name, args, 1, Number.POSITIVE_INFINITY);
    return conditional(args, name, () => false, 'COALESCE');
  },
  nvl: (args, name) => {
    arity(name, args, 2);
    return conditional(args, name, () => false, 'NVL');
  },
  if: (args, name) => {
    arity(name, args, 3);
    return conditional([truth(args[0]!), args[1]!, args[2]!], name, (i) => i === 0, 'CASE');
  },
  case_searched: (args, name) => {
    arity(name, args, 2, Number.POSITIVE_INFINITY);
    const isCondition = (i: number): boolean => i % 2 === 0 && i < args.length - (args.length % 2);
    return conditional(args.map((a, i) => (isCondition(i) ? truth(a) : a)), name, isCondition, 'CASE');
  },
  case_simple: (args, name) => {
    arity(name, args, 3, Number.POSITIVE_INFINITY);
    const isMatch = (i: number): boolean => i === 0 || (i % 2 === 1 && i < args.length - ((args.length - 1) % 2));
    return conditional(args, name, isMatch, 'CASE_SIMPLE');
  },
  isnull: direct('IS NULL', 1, 1, 'LONG'),
  notnull: direct('IS NOT NULL', 1, 1, 'LONG'),
  like: (args, name) => {
    arity(name, args, 2, 3);
    literalString(name, args[1]!, 'pattern');
    return irCall('LIKE', [asString(args[0]!), ...args.slice(1)], 'LONG', name);
  },
  // Strings
  concat: (args, name) => {
    arity(name, args, 1, Number.POSITIVE_INFINITY);
    return irCall('CONCAT', args.map(asString), 'STRING', name);
  },
  parse_long: (args, name) => {
    arity(name, args, 1, 2);
    const radix = args[1];
    if (radix && !(radix.kind === 'literal' && radix.value === 10)) throw invalidInput(`Function[${name}] supports only radix 10 in Silt`);
    const s = asString(args[0]!);
    const isLong = irCall('REGEXP_LIKE', [s, literal('^[+-]?[0-9]+$', 'STRING')], 'LONG', name);
    return irCall('CASE', [isLong, call('CAST', [s], 'LONG')], 'LONG', name);
  },
  regexp_extract: (args, name) => {
    arity(name, args, 2, 3);
    return irCall('REGEXP_EXTRACT', [asString(args[0]!), args[1]!, ...args.slice(2).map(asLong)], 'STRING', name);
  },
  regexp_like: direct('REGEXP_LIKE', 2, 2, 'LONG', stringFirst),
  contains_string: direct('CONTAINS_STRING', 2, 2, 'LONG', asString),
  icontains_string: (args, name) => {
    arity(name, args, 2);
    const lower = (e: Expr): Expr => irCall('LOWER', [asString(e)], 'STRING', name);
    return irCall('CONTAINS_STRING', [lower(args[0]!), lower(args[1]!)], 'LONG', name);
  },
  replace: direct('REPLACE', 3, 3, 'STRING', asString),
  substring: (args, name) => {
    // Java's String.substring from a 0-based index; an index at or past the end gives NULL.
    arity(name, args, 3);
    const s = asString(args[0]!);
    const index = asLong(args[1]!);
    const inRange = call('<', [index, irCall('LENGTH', [s], 'LONG', name)], 'LONG');
    const sub = irCall('SUBSTRING', [s, call('+', [index, literal(1, 'LONG')], 'LONG'), asLong(args[2]!)], 'STRING', name);
    return irCall('CASE', [inRange, sub], 'STRING', name);
  },
  left: direct('LEFT', 2, 2, 'STRING', (e, i) => (i === 0 ? asString(e) : asLong(e))),
  right: direct('RIGHT', 2, 2, 'STRING', (e, i) => (i === 0 ? asString(e) : asLong(e))),
  strlen: direct('LENGTH', 1, 1, 'LONG', asString),
  strpos: (args, name) => {
    // 0-based, -1 when absent (STRPOS is 1-based, 0 when absent).
    arity(name, args, 2);
    return call('-', [irCall('STRPOS', args.map(asString), 'LONG', name), literal(1, 'LONG')], 'LONG');
  },
  trim: direct('TRIM', 1, 2, 'STRING', asString),
  ltrim: direct('LTRIM', 1, 2, 'STRING', asString),
  rtrim: direct('RTRIM', 1, 2, 'STRING', asString),
  lower: direct('LOWER', 1, 1, 'STRING', asString),
  upper: direct('UPPER', 1, 1, 'STRING', asString),
  reverse: direct('REVERSE', 1, 1, 'STRING', asString),
  repeat: direct('REPEAT', 2, 2, 'STRING', (e, i) => (i === 0 ? asString(e) : asLong(e))),
  lpad: direct('LPAD', 3, 3, 'STRING', (e, i) => (i === 1 ? asLong(e) : asString(e))),
  rpad: direct('RPAD', 3, 3, 'STRING', (e, i) => (i === 1 ? asLong(e) : asString(e))),
  // Time
  timestamp: direct('TIME_PARSE', 1, 2, 'LONG', asString),
  unix_timestamp: (args, name) => {
    arity(name, args, 1, 2);
    return call('/', [irCall('TIME_PARSE', args.map(asString), 'LONG', name), literal(1000, 'LONG')], 'LONG');
  },
  timestamp_parse: direct('TIME_PARSE', 1, 3, 'LONG', asString),
  timestamp_format: direct('TIME_FORMAT', 1, 3, 'STRING', (e, i) => (i === 0 ? asLong(e) : asString(e))),
  timestamp_floor: direct('TIME_FLOOR', 2, 4, 'LONG', timeFirst),
  timestamp_ceil: direct('TIME_CEIL', 2, 4, 'LONG', timeFirst),
  timestamp_shift: direct('TIME_SHIFT', 3, 4, 'LONG', timeFirst),
  timestamp_extract: direct('TIME_EXTRACT', 2, 3, 'LONG', timeFirst),
  // Math
  abs: sameNumeric('ABS', 1, 1),
  round: sameNumeric('ROUND', 1, 2),
  ceil: direct('CEIL', 1, 1, 'DOUBLE', asNumeric),
  floor: direct('FLOOR', 1, 1, 'DOUBLE', asNumeric),
  pow: direct('POWER', 2, 2, 'DOUBLE', asNumeric),
  sqrt: direct('SQRT', 1, 1, 'DOUBLE', asNumeric),
  exp: direct('EXP', 1, 1, 'DOUBLE', asNumeric),
  log: direct('LN', 1, 1, 'DOUBLE', asNumeric),
  log10: direct('LOG10', 1, 1, 'DOUBLE', asNumeric),
  max: bivariateExtreme('GREATEST'),
  min: bivariateExtreme('LEAST'),
  greatest: extreme('GREATEST'),
  least: extreme('LEAST'),
  div: (args, name) => {
    arity(name, args, 2);
    return call('/', [asLong(args[0]!), asLong(args[1]!)], 'LONG');
  },
  safe_divide: (args, name) => {
    arity(name, args, 2);
    const [x, y] = [asNumeric(args[0]!), asNumeric(args[1]!)];
    return irCall('SAFE_DIVIDE', [x, y], numericType(x, y), name);
  },
  pi: (args, name) => {
    arity(name, args, 0);
    return literal(Math.PI, 'DOUBLE');
  },
};

/**
 * Translates a call of the native function `name` (case-sensitive, as in Druid) with already
 * translated arguments.
 *
 * @throws DruidError (invalidInput) for an unknown or unsupported function, or wrong arguments.
 */
export function translateNativeCall(name: string, args: readonly Expr[]): Expr {
  const translator = Object.hasOwn(TABLE, name) ? TABLE[name] : undefined;
  if (!translator) throw invalidInput(`Function[${name}] is not supported by Silt`);
  return translator(args, name);
}

/** The native function names Silt translates. */
export const NATIVE_FUNCTIONS: readonly string[] = Object.keys(TABLE);
