import { FaultError, fault } from '@silt/common';
import { castValue, compareScalars, toLong } from '../values.ts';
import { likeRegExp } from './like.ts';
import { type ScalarFunction, numberArg, rawScalar, scalar, stringArg } from './scalar-function.ts';

/**
 * Operators: arithmetic, comparison, LIKE, IN, BETWEEN, IS [NOT] DISTINCT FROM, NULLIF and CAST, per
 * row. NULL propagates through arithmetic and comparisons (SQL semantics). LONG arithmetic stays
 * integral: `/` truncates toward zero and integer division or modulo by zero fails the query, as in
 * Druid; DOUBLE division by zero gives Infinity or NaN.
 */

/** The error Druid raises for integer division or modulo by zero. */
export function divisionByZero(): FaultError {
  return new FaultError(fault('UnknownError', { message: '/ by zero' }));
}

/** Applies an arithmetic operator; `long` selects integer semantics. */
export function arithmetic(op: string, a: number, b: number, long: boolean): number {
  switch (op) {
    case '+':
      return long ? toLong(a + b) : a + b;
    case '-':
      return long ? toLong(a - b) : a - b;
    case '*':
      return long ? toLong(a * b) : a * b;
    case '/':
      if (!long) return a / b;
      if (b === 0) throw divisionByZero();
      return toLong(Math.trunc(a) / Math.trunc(b));
    default:
      if (!long) return a % b;
      if (b === 0) throw divisionByZero();
      return Math.trunc(a) % Math.trunc(b);
  }
}

const arith = (op: string): ScalarFunction =>
  scalar((args, call) => {
    if (call.type === 'STRING' && op === '+') return (stringArg(args, call, 0) ?? '') + (stringArg(args, call, 1) ?? '');
    const a = numberArg(args, 0);
    const b = numberArg(args, 1);
    return a === null || b === null ? null : arithmetic(op, a, b, call.type === 'LONG');
  });

/** Applies a comparison operator to a three-way comparison result. */
function comparisonHolds(op: string, cmp: number): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '<>':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    default:
      return cmp >= 0;
  }
}

const compare = (op: string): ScalarFunction =>
  scalar((args) => (comparisonHolds(op, compareScalars(args[0], args[1])) ? 1 : 0), Number.POSITIVE_INFINITY, op === '<>' ? 'all' : 'any');

/** Null-safe equality of two scalars (arrays and objects compare by their JSON form). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return compareScalars(a, b) === 0;
}

/** Three-valued AND of two comparison outcomes (null = unknown). */
function and3(a: boolean | null, b: boolean | null): number | null {
  if (a === false || b === false) return 0;
  if (a === null || b === null) return null;
  return 1;
}

/** The operator table. */
export const OPERATORS: Readonly<Record<string, ScalarFunction>> = {
  '+': arith('+'),
  '-': arith('-'),
  '*': arith('*'),
  '/': arith('/'),
  '%': arith('%'),
  MOD: arith('%'),
  NEG: scalar((args, call) => {
    const a = numberArg(args, 0);
    return a === null ? null : call.type === 'LONG' ? toLong(-a) : -a;
  }),
  '||': scalar((args, call) => stringArg(args, call, 0)! + stringArg(args, call, 1)!),
  '=': compare('='),
  '<>': compare('<>'),
  '<': compare('<'),
  '<=': compare('<='),
  '>': compare('>'),
  '>=': compare('>='),
  'IS DISTINCT FROM': rawScalar((args) => (sameValue(args[0] ?? null, args[1] ?? null) ? 0 : 1), 0),
  'IS NOT DISTINCT FROM': rawScalar((args) => (sameValue(args[0] ?? null, args[1] ?? null) ? 1 : 0), 0),
  LIKE: scalar(
    (args, call) => {
      const escape = args.length > 2 ? stringArg(args, call, 2) : null;
      return likeRegExp(stringArg(args, call, 1)!, escape).test(stringArg(args, call, 0)!) ? 1 : 0;
    },
    Number.POSITIVE_INFINITY,
    'any',
  ),
  IN: scalar((args) => {
    let sawNull = false;
    for (let i = 1; i < args.length; i++) {
      const item = args[i] ?? null;
      if (item === null) sawNull = true;
      else if (sameValue(args[0], item)) return 1;
    }
    return sawNull ? null : 0;
  }, 1, 'any'),
  BETWEEN: scalar(
    (args) => {
      const low = args[1] ?? null;
      const high = args[2] ?? null;
      const ge = low === null ? null : compareScalars(args[0], low) >= 0;
      const le = high === null ? null : compareScalars(args[0], high) <= 0;
      return and3(ge, le);
    },
    1,
    'any',
  ),
  NULLIF: rawScalar((args) => {
    const b = args[1] ?? null;
    return b !== null && sameValue(args[0], b) ? null : args[0];
  }, 1),
  CAST: rawScalar((args, call) => castValue(args[0], call.args[0]!.type, call.type)),
};
