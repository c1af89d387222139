import { type ColumnType, invalidInput } from '@silt/common';
import type { Call } from '../expr.ts';
import { multiValueRow, rowValues } from '../multi-value.ts';
import { asString, castValue, elementType } from '../values.ts';
import { sameValue } from './operators.ts';
import { type ScalarFunction, intArg, rawScalar, stringArg } from './scalar-function.ts';
import { javaRegExp } from './string-functions.ts';

/**
 * ARRAY and multi-value string functions. Every "array" argument may be an ARRAY value or a
 * multi-value string (a single string is a one-value array). The ARRAY_* and MV_* forms share one
 * implementation: the result follows the call's type, so an ARRAY type gives an array of elements cast
 * to its element type and STRING gives a multi-value string row (see multi-value.ts). Offsets are
 * 0-based, ordinals 1-based; a missing element is NULL. Elements compare as `=` does.
 */

/** An array argument's elements, or null for NULL. */
function arrayArg(args: readonly unknown[], i: number): readonly unknown[] | null {
  const v = args[i];
  return v === null || v === undefined ? null : rowValues(v);
}

/** The element type of argument i (its own type when it is not an array type). */
const elementOf = (call: Call, i: number): ColumnType => elementType(call.args[i]!.type);

/** Array-valued result `values` (elements of type `from`) in the shape `call.type` asks for. */
function arrayResult(values: readonly unknown[], call: Call, from: ColumnType): unknown {
  if (call.type === 'STRING') return multiValueRow(values.map((v) => asString(v, from)));
  const element = elementType(call.type);
  if (element === call.type) return [...values];
  return values.map((v) => castValue(v, from, element));
}

function contains(haystack: readonly unknown[], needle: unknown): boolean {
  return haystack.some((v) => sameValue(v ?? null, needle ?? null));
}

function indexOf(args: readonly unknown[]): number {
  const array = arrayArg(args, 0)!;
  const needle = args[1] ?? null;
  if (Array.isArray(needle)) throw invalidInput('Function[array_offset_of] second argument must be a scalar type');
  return array.findIndex((v) => sameValue(v ?? null, needle));
}

function elementAt(args: readonly unknown[], index: number): unknown {
  const array = arrayArg(args, 0)!;
  return index >= 0 && index < array.length ? (array[index] ?? null) : null;
}

/**
 * Java's `String.split(regex)`: no match gives the whole string, a zero-width match at the start does
 * not give a leading empty string, and trailing empty strings are dropped.
 */
export function javaSplit(text: string, pattern: string): string[] {
  const parts: string[] = [];
  let last = 0;
  let matched = false;
  for (const m of text.matchAll(javaRegExp(pattern, 'g'))) {
    if (m[0].length === 0 && m.index === 0) continue;
    matched = true;
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  if (!matched) return [text];
  parts.push(text.slice(last));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const length = rawScalar((args) => arrayArg(args, 0)!.length);
const offset = rawScalar((args) => elementAt(args, intArg(args, 1, 0)));
const ordinal = rawScalar((args) => elementAt(args, intArg(args, 1, 0) - 1));
const containsFn = rawScalar((args) => {
  const array = arrayArg(args, 0)!;
  return Array.isArray(args[1]) ? (args[1].every((v) => contains(array, v)) ? 1 : 0) : contains(array, args[1]) ? 1 : 0;
});
const overlap = rawScalar((args) => {
  const b = arrayArg(args, 1)!;
  return arrayArg(args, 0)!.some((v) => contains(b, v)) ? 1 : 0;
});
const offsetOf = rawScalar((args) => {
  const i = indexOf(args);
  return i < 0 ? null : i;
}, 1);
const ordinalOf = rawScalar((args) => {
  const i = indexOf(args);
  return i < 0 ? null : i + 1;
}, 1);
const append = rawScalar((args, call) => {
  const from = elementOf(call, 0);
  return arrayResult([...arrayArg(args, 0)!, castValue(args[1] ?? null, call.args[1]!.type, from)], call, from);
}, 1);
const prepend = rawScalar((args, call) => {
  const array = arrayArg(args, 1);
  if (array === null) return null;
  const from = elementOf(call, 1);
  return arrayResult([castValue(args[0] ?? null, call.args[0]!.type, from), ...array], call, from);
}, 0);
const concat = rawScalar((args, call) => {
  const from = elementOf(call, 0);
  const second = elementOf(call, 1);
  return arrayResult([...arrayArg(args, 0)!, ...arrayArg(args, 1)!.map((v) => castValue(v ?? null, second, from))], call, from);
});
const slice = rawScalar((args, call) => {
  const array = arrayArg(args, 0)!;
  const start = intArg(args, 1, 0);
  const end = args.length > 2 ? intArg(args, 2, array.length) : array.length;
  if (start < 0 || start > array.length || start > end) return null;
  return arrayResult(array.slice(start, end), call, elementOf(call, 0));
}, 2);
const toString = rawScalar((args, call) => {
  const array = arrayArg(args, 0)!;
  if (array.length === 1 && (array[0] ?? null) === null) return null;
  const from = elementOf(call, 0);
  return array.map((v) => (v === null || v === undefined ? 'null' : asString(v, from))).join(stringArg(args, call, 1) ?? '');
}, 1);
const split = rawScalar((args, call) => arrayResult(javaSplit(stringArg(args, call, 0)!, stringArg(args, call, 1) ?? ''), call, 'STRING'), 1);
const convert = rawScalar((args, call) => arrayResult(arrayArg(args, 0)!, call, elementOf(call, 0)));

/** Keeps the values of a multi-value row that `keep` accepts. */
function filterValues(keep: (value: unknown, args: readonly unknown[], call: Call) => boolean): ScalarFunction {
  return rawScalar((args, call) => {
    const values = arrayArg(args, 0)!.filter((v) => keep(v ?? null, args, call));
    return arrayResult(values, call, elementOf(call, 0));
  }, 1);
}

/** The array and multi-value function table. */
export const ARRAY_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  ARRAY: rawScalar((args, call) => {
    const element = elementType(call.type);
    return element === call.type ? [...args] : args.map((v, i) => castValue(v ?? null, call.args[i]!.type, element));
  }, 0),
  ARRAY_LENGTH: length,
  MV_LENGTH: length,
  ARRAY_OFFSET: offset,
  MV_OFFSET: offset,
  ARRAY_ORDINAL: ordinal,
  MV_ORDINAL: ordinal,
  ARRAY_CONTAINS: containsFn,
  MV_CONTAINS: containsFn,
  ARRAY_OVERLAP: overlap,
  MV_OVERLAP: overlap,
  ARRAY_OFFSET_OF: offsetOf,
  MV_OFFSET_OF: offsetOf,
  ARRAY_ORDINAL_OF: ordinalOf,
  MV_ORDINAL_OF: ordinalOf,
  ARRAY_APPEND: append,
  MV_APPEND: append,
  ARRAY_PREPEND: prepend,
  MV_PREPEND: prepend,
  ARRAY_CONCAT: concat,
  MV_CONCAT: concat,
  ARRAY_SLICE: slice,
  MV_SLICE: slice,
  ARRAY_TO_STRING: toString,
  MV_TO_STRING: toString,
  STRING_TO_ARRAY: split,
  STRING_TO_MV: split,
  MV_TO_ARRAY: convert,
  ARRAY_TO_MV: convert,
  MV_FILTER_ONLY: filterValues((v, args) => v !== null && contains(rowValues(args[1]), v)),
  MV_FILTER_NONE: filterValues((v, args) => v !== null && !contains(rowValues(args[1]), v)),
  MV_FILTER_REGEX: filterValues((v, args, call) => typeof v === 'string' && javaRegExp(stringArg(args, call, 1) ?? '').test(v)),
  MV_FILTER_PREFIX: filterValues((v, args, call) => typeof v === 'string' && v.startsWith(stringArg(args, call, 1) ?? '')),
};
