import { isNumericType } from '@silt/common';
import { type FrameColumn, type NumericColumn, isLongValues } from '@silt/frame';
import type { Call, Expr } from './expr.ts';
import { divisionByZero } from './scalar/operators.ts';
import { TIME_OPS, compiledTimeOp } from './scalar/time-functions.ts';
import { type FixedBuckets, fixedBucketsOf } from './time/chronology.ts';

/**
 * Whole-column kernels for the common numeric cases: arithmetic and comparisons of two numeric
 * columns, negation, IN with a list of numeric literals, and the timestamp functions (TIME_FLOOR,
 * TIME_SHIFT, …) of a numeric column with constant settings. They give the same results as the per-row
 * functions, without per-row dispatch.
 */

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', 'MOD']);
const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);

/** The kernel's result for `call` over already evaluated `args`, or null when no kernel applies. */
export function numericKernel(call: Call, args: readonly FrameColumn[], n: number): FrameColumn | null {
  const [a, b] = args;
  if (ARITHMETIC.has(call.fn) && isNumericType(call.type) && a?.kind === 'numeric' && b?.kind === 'numeric' && args.length === 2) {
    return arithmetic(call.fn, a, b, call.type === 'LONG', n);
  }
  if (COMPARISONS.has(call.fn) && a?.kind === 'numeric' && b?.kind === 'numeric' && args.length === 2) return compare(call.fn, a, b, n);
  if (call.fn === 'NEG' && a?.kind === 'numeric') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = -a.values[i]! + 0;
    return { kind: 'numeric', values, nulls: a.nulls };
  }
  if (call.fn === 'IN' && a?.kind === 'numeric' && call.args.slice(1).every((arg) => arg.kind === 'literal' && (arg.value === null || typeof arg.value === 'number'))) {
    return inList(a, call.args.slice(1).map((arg) => (arg.kind === 'literal' ? (arg.value as number | null) : null)), n);
  }
  return null;
}

/**
 * A time function (TIME_FLOOR, TIME_SHIFT, …) of one numeric column whose other arguments are
 * literals: it reads them from the call, so only the column is evaluated (`evaluateArg`), not a
 * column of copies per literal (4–8 MB for a 1M-row frame). Null for any other call, or when the
 * column is not numeric (the caller then evaluates every argument, that one again).
 */
export function timeKernel(call: Call, evaluateArg: (arg: Expr) => FrameColumn, n: number): FrameColumn | null {
  const op = TIME_OPS[call.fn];
  if (!op || op.timeArg >= call.args.length || !call.args.every((arg, i) => i === op.timeArg || arg.kind === 'literal')) return null;
  const time = evaluateArg(call.args[op.timeArg]!);
  if (time.kind !== 'numeric') return null;
  const params = call.args.flatMap((arg, i) => (i === op.timeArg || arg.kind !== 'literal' ? [] : [arg.value]));
  return mapTimestamps(compiledTimeOp(call.fn, params), time, n);
}

function mergeNulls(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! | b[i]!;
  return out;
}

function arithmetic(op: string, a: NumericColumn, b: NumericColumn, long: boolean, n: number): FrameColumn {
  const x = a.values;
  const y = b.values;
  const nulls = mergeNulls(a.nulls, b.nulls, n);
  const out = new Float64Array(n);
  switch (op) {
    case '+':
      for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
      break;
    case '-':
      for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
      break;
    case '*':
      for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
      break;
    case '/':
      if (!long) for (let i = 0; i < n; i++) out[i] = x[i]! / y[i]!;
      else
        for (let i = 0; i < n; i++) {
          if (nulls && nulls[i] === 1) continue;
          const d = Math.trunc(y[i]!);
          if (d === 0) throw divisionByZero();
          out[i] = Math.trunc(Math.trunc(x[i]!) / d);
        }
      break;
    default:
      if (!long) for (let i = 0; i < n; i++) out[i] = x[i]! % y[i]!;
      else
        for (let i = 0; i < n; i++) {
          if (nulls && nulls[i] === 1) continue;
          const d = Math.trunc(y[i]!);
          if (d === 0) throw divisionByZero();
          out[i] = Math.trunc(x[i]!) % d;
        }
  }
  if (long) for (let i = 0; i < n; i++) out[i] = Math.trunc(out[i]!) + 0;
  if (nulls) for (let i = 0; i < n; i++) if (nulls[i] === 1) out[i] = 0;
  return { kind: 'numeric', values: out, nulls };
}

function compare(op: string, a: NumericColumn, b: NumericColumn, n: number): FrameColumn {
  const x = a.values;
  const y = b.values;
  const out = new Float64Array(n);
  switch (op) {
    case '=':
      for (let i = 0; i < n; i++) out[i] = x[i] === y[i] ? 1 : 0;
      break;
    case '<>':
      for (let i = 0; i < n; i++) out[i] = x[i] !== y[i] ? 1 : 0;
      break;
    case '<':
      for (let i = 0; i < n; i++) out[i] = x[i]! < y[i]! ? 1 : 0;
      break;
    case '<=':
      for (let i = 0; i < n; i++) out[i] = x[i]! <= y[i]! ? 1 : 0;
      break;
    case '>':
      for (let i = 0; i < n; i++) out[i] = x[i]! > y[i]! ? 1 : 0;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = x[i]! >= y[i]! ? 1 : 0;
  }
  const nulls = mergeNulls(a.nulls, b.nulls, n);
  if (nulls) for (let i = 0; i < n; i++) if (nulls[i] === 1) out[i] = 0;
  return { kind: 'numeric', values: out, nulls };
}

/** `x IN (v1, v2, …)` over a numeric column with a hashed list of numeric literals. */
function inList(column: NumericColumn, items: readonly (number | null)[], n: number): FrameColumn {
  const set = new Set(items.filter((v): v is number => v !== null));
  const sawNull = items.includes(null);
  const out = new Float64Array(n);
  let nulls: Uint8Array | null = column.nulls ? column.nulls.slice() : null;
  for (let i = 0; i < n; i++) {
    if (nulls && nulls[i] === 1) continue;
    if (set.has(column.values[i]! + 0)) out[i] = 1;
    else if (sawNull) (nulls ??= new Uint8Array(n))[i] = 1;
  }
  return { kind: 'numeric', values: out, nulls };
}

function mapTimestamps(f: (t: number) => number | null, column: NumericColumn, n: number): FrameColumn {
  const buckets = fixedBucketsOf(f);
  if (buckets) return floorToBuckets(buckets, column, n);
  const { values, nulls: inNulls } = column;
  const out = new Float64Array(n);
  let nulls: Uint8Array | null = inNulls ? inNulls.slice() : null;
  for (let i = 0; i < n; i++) {
    if (inNulls && inNulls[i] === 1) continue;
    const r = f(values[i]!);
    if (r === null) (nulls ??= new Uint8Array(n))[i] = 1;
    else out[i] = r;
  }
  return { kind: 'numeric', values: out, nulls };
}

/**
 * TIME_FLOOR to fixed-length buckets: the floorer's arithmetic, with no call per value. A double
 * `%` costs a runtime call, so a safe integer inside the last bucket found (the usual case: a
 * segment is sorted by time) takes that bucket's start, which is what the arithmetic gives it
 * exactly; other values go through the arithmetic.
 */
function floorToBuckets(buckets: FixedBuckets, column: NumericColumn, n: number): FrameColumn {
  const out = new Float64Array(n);
  floorInto(buckets, column, out);
  return { kind: 'numeric', values: out, nulls: column.nulls ? column.nulls.slice() : null };
}

/**
 * Floors each non-null value into `out`. A function that ends with its loop: V8 compiles the loop
 * while it runs, and code after it, not yet run then, made that code bail out at the loop's end on
 * every query (docs/performance.md, "V8 pitfalls").
 */
function floorInto({ size, anchor }: FixedBuckets, { values, nulls }: NumericColumn, out: Float64Array): void {
  // Values marked as safe integers (a segment's __time) need no test each.
  const safe = isLongValues(values);
  let start = Number.NaN;
  let end = Number.NaN;
  for (let i = 0; i < out.length; i++) {
    if (nulls && nulls[i] === 1) continue;
    const t = values[i]!;
    if (t >= start && t < end && (safe || Number.isSafeInteger(t))) {
      out[i] = start;
      continue;
    }
    const offset = (t - anchor) % size;
    const floor = t - (offset < 0 ? offset + size : offset);
    out[i] = floor;
    if (Number.isSafeInteger(t)) {
      start = floor;
      end = floor + size;
    }
  }
}
