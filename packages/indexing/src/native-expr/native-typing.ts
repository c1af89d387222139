import { type ColumnType, invalidInput, isNumericType } from '@silt/common';
import { call, type Expr, literal, SCALAR_FUNCTIONS } from '@silt/expr';

/**
 * Typing rules used when translating native expressions and filters to the expr IR. Druid evaluates
 * native expressions with dynamic types; the IR is statically typed, so these helpers insert the casts
 * Druid would apply at run time:
 * - arithmetic is LONG when both sides are LONG, DOUBLE otherwise; strings in arithmetic are read as
 *   numbers (DOUBLE);
 * - a value used as a condition is true, as in Druid, when it is a number greater than 0 or a string
 *   equal to `true` (any case); comparisons and other predicates are used as they are.
 */

/** The IR functions that produce 1/0/NULL truth values. */
const PREDICATES = new Set([
  '=', '<>', '<', '<=', '>', '>=', 'AND', 'OR', 'NOT', 'IS NULL', 'IS NOT NULL', 'IS TRUE', 'IS FALSE', 'IS NOT TRUE', 'IS NOT FALSE',
  'IS DISTINCT FROM', 'IS NOT DISTINCT FROM', 'LIKE', 'IN', 'BETWEEN', 'REGEXP_LIKE', 'CONTAINS_STRING', 'TIME_IN_INTERVAL',
]);

/** A call to an IR function, refused with a clear message when the expr library lacks it. */
export function irCall(fn: string, args: readonly Expr[], type: ColumnType, nativeName: string): Expr {
  if (!SCALAR_FUNCTIONS.has(fn)) throw invalidInput(`Function[${nativeName}] is not supported by Silt: the expression library has no [${fn}]`);
  return call(fn, args, type);
}

/** The NULL literal. */
export const NULL_LITERAL: Expr = literal(null, 'STRING');

/** True for a NULL literal. */
export function isNullLiteral(e: Expr): boolean {
  return e.kind === 'literal' && e.value === null;
}

/** `e` as a value of `type`: itself when it already has that type, otherwise CAST. */
export function castTo(e: Expr, type: ColumnType): Expr {
  if (e.type === type) return e;
  if (e.kind === 'literal' && e.value === null) return literal(null, type);
  return call('CAST', [e], type);
}

/** `e` as a number: numeric expressions as they are (FLOAT widened to DOUBLE), others cast to DOUBLE. */
export function asNumeric(e: Expr): Expr {
  if (e.type === 'LONG' || e.type === 'DOUBLE') return e;
  return castTo(e, 'DOUBLE');
}

/** `e` as a LONG. */
export function asLong(e: Expr): Expr {
  return castTo(e, 'LONG');
}

/** `e` as a STRING (numbers print as Druid prints them). */
export function asString(e: Expr): Expr {
  return castTo(e, 'STRING');
}

/** LONG when every operand is LONG, else DOUBLE. */
export function numericType(...exprs: readonly Expr[]): ColumnType {
  return exprs.every((e) => e.type === 'LONG' || isNullLiteral(e)) ? 'LONG' : 'DOUBLE';
}

/**
 * The type of a value that may come from any of `exprs` (CASE branches, COALESCE arguments,
 * GREATEST/LEAST): NULL literals don't count; one type is kept; any string makes it STRING; otherwise
 * LONG when all are LONG, else DOUBLE.
 */
export function commonType(exprs: readonly Expr[]): ColumnType {
  const typed = exprs.filter((e) => !isNullLiteral(e));
  if (typed.length === 0) return 'STRING';
  const first = typed[0]!.type;
  if (typed.every((e) => e.type === first)) return first;
  if (typed.some((e) => !isNumericType(e.type))) return 'STRING';
  return numericType(...typed);
}

/** Druid's truth value of `e` as a 1/0/NULL predicate. */
export function truth(e: Expr): Expr {
  if (e.kind === 'call' && PREDICATES.has(e.fn)) return e;
  if (e.kind === 'literal') {
    if (e.value === null) return literal(null, 'LONG');
    if (typeof e.value === 'number') return literal(e.value > 0 ? 1 : 0, 'LONG');
    return literal(e.value.toLowerCase() === 'true' ? 1 : 0, 'LONG');
  }
  if (isNumericType(e.type)) return call('>', [e, literal(0, 'LONG')], 'LONG');
  if (e.type === 'STRING') return call('=', [call('LOWER', [e], 'STRING'), literal('true', 'STRING')], 'LONG');
  throw invalidInput(`A value of type [${e.type}] cannot be used as a condition`);
}

/** Druid's truth value of a raw input column of unknown type: `true` (any case), or a number above 0. */
export function untypedTruth(e: Expr): Expr {
  return call('OR', [truth(castTo(e, 'STRING')), call('>', [castTo(e, 'DOUBLE'), literal(0, 'LONG')], 'LONG')], 'LONG');
}
