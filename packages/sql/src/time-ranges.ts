import { condenseIntervals, ETERNITY, parseInterval, type Interval } from '@silt/common';
import type { Expr } from '@silt/expr';

/**
 * Interval algebra over `__time` conditions: turns a filter (or part of one) into the sorted,
 * disjoint, half-open intervals of `__time` values it admits. Works on the converted IR, where
 * TIMESTAMP and string literals compared with `__time` are already LONG millis.
 */

/** Why a condition is not a pure `__time` range: the operation that cannot be turned into intervals. */
export class NotATimeRange extends Error {
  readonly operation: string | undefined;
  constructor(operation: string | undefined) {
    super(operation === undefined ? 'not a __time condition' : `Unsupported operation [${operation}]`);
    this.name = 'NotATimeRange';
    this.operation = operation;
  }
}

const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/**
 * The intervals a condition made only of AND, OR, NOT, `=` (one millisecond), `<`, `<=`, `>`, `>=`,
 * BETWEEN and TIME_IN_INTERVAL on `__time` against literals admits. Throws {@link NotATimeRange}
 * otherwise.
 */
export function timeRanges(condition: Expr): Interval[] {
  if (condition.kind !== 'call') throw new NotATimeRange(undefined);
  const { fn, args } = condition;
  switch (fn) {
    case 'AND':
      return args.map((a) => timeRanges(a)).reduce(intersect);
    case 'OR':
      return condenseIntervals(args.flatMap((a) => timeRanges(a)));
    case 'NOT':
      return complement(timeRanges(args[0]!));
    case 'BETWEEN': {
      const [value, low, high] = args;
      if (!isTime(value) || !isMillis(low) || !isMillis(high)) throw new NotATimeRange(fn);
      return range(low.value, high.value + 1);
    }
    case 'TIME_IN_INTERVAL': {
      const [value, text] = args;
      if (!isTime(value) || text?.kind !== 'literal' || typeof text.value !== 'string') throw new NotATimeRange(fn);
      try {
        const interval = parseInterval(text.value);
        return range(interval.start, interval.end);
      } catch {
        throw new NotATimeRange(fn);
      }
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '=': {
      const [left, right] = args;
      if (isTime(left) && isMillis(right)) return compare(fn, right.value);
      if (isMillis(left) && isTime(right)) return compare(FLIPPED[fn]!, left.value);
      throw new NotATimeRange(fn);
    }
    default:
      throw new NotATimeRange(fn);
  }
}

/**
 * The intervals a table scan must read for a WHERE condition: the intersection of the ranges of its
 * top-level AND conjuncts that are pure `__time` conditions (others do not narrow it). ETERNITY when
 * nothing constrains `__time`.
 */
export function scanIntervals(condition: Expr): Interval[] {
  let intervals: Interval[] = [ETERNITY];
  for (const conjunct of conjuncts(condition)) {
    try {
      intervals = intersect(intervals, timeRanges(conjunct));
    } catch (error) {
      if (!(error instanceof NotATimeRange)) throw error;
    }
  }
  return intervals;
}

/** The top-level AND operands of a condition. */
function conjuncts(condition: Expr): Expr[] {
  return condition.kind === 'call' && condition.fn === 'AND' ? condition.args.flatMap(conjuncts) : [condition];
}

function isTime(e: Expr | undefined): boolean {
  return e?.kind === 'column' && e.name === '__time';
}

function isMillis(e: Expr | undefined): e is Expr & { kind: 'literal'; value: number } {
  return e?.kind === 'literal' && typeof e.value === 'number';
}

function range(start: number, end: number): Interval[] {
  const s = Math.max(start, ETERNITY.start);
  const e = Math.min(end, ETERNITY.end);
  return s < e ? [{ start: s, end: e }] : [];
}

function compare(op: string, millis: number): Interval[] {
  switch (op) {
    case '<':
      return range(ETERNITY.start, millis);
    case '<=':
      return range(ETERNITY.start, millis + 1);
    case '>':
      return range(millis + 1, ETERNITY.end);
    case '>=':
      return range(millis, ETERNITY.end);
    default:
      return range(millis, millis + 1);
  }
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (start < end) out.push({ start, end });
    }
  }
  return condenseIntervals(out);
}

function complement(intervals: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let cursor = ETERNITY.start;
  for (const i of condenseIntervals(intervals)) {
    if (i.start > cursor) out.push({ start: cursor, end: i.start });
    cursor = Math.max(cursor, i.end);
  }
  if (cursor < ETERNITY.end) out.push({ start: cursor, end: ETERNITY.end });
  return out;
}
