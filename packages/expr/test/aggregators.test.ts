import type { ColumnType } from '@silt/common';
import { DruidError } from '@silt/common';
import { type FrameColumn, gatherColumn, markLongValues } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_FUNCTIONS, type AggregateCall, type Accumulator, aggregatorFactory, columnRef, evaluate } from '../src/index.ts';
import { frame, values } from './helpers.ts';

// Rows: group, value (LONG), amount (DOUBLE), name (STRING), time (LONG).
const data = frame({ g: 'LONG', v: 'LONG', x: 'DOUBLE', name: 'STRING', t: 'LONG' }, [
  [0, 5, 1.5, 'b', 30],
  [1, null, null, null, 10],
  [0, 3, 2.5, 'a', 10],
  [2, 7, null, 'c', 50],
  [0, null, 4, 'c', 20],
  [1, 3, 0.5, 'a', 5],
  [0, 5, -1, 'b', 40],
  [2, 1, 8, null, null],
]);
const groups = new Int32Array(values(data.columns[0]!, data.numRows) as number[]);
const NUM_GROUPS = 3;

function aggCall(fn: string, args: [string, ColumnType][], type: ColumnType, distinct = false): AggregateCall {
  return { fn, args: args.map(([name, t]) => columnRef(name, t)), distinct, filter: null, type };
}

function argColumns(call: AggregateCall, rows?: number[]): FrameColumn[] {
  return call.args.map((a) => {
    const column = evaluate(a, data);
    return rows ? gatherColumn(column, rows) : column;
  });
}

function finalValues(acc: Accumulator): unknown[] {
  return values(acc.finalize(), NUM_GROUPS);
}

/** One accumulator over all rows. */
function single(call: AggregateCall, mask: Uint8Array | null = null): unknown[] {
  const acc = aggregatorFactory(call).create();
  acc.aggregate(groups, NUM_GROUPS, argColumns(call), mask);
  return finalValues(acc);
}

/**
 * Two workers over halves of the rows, each seeing its own group count, then a combine of both
 * partials (in pieces, growing the group count) into a fresh accumulator.
 */
function twoPhase(call: AggregateCall): unknown[] {
  const factory = aggregatorFactory(call);
  const first = [0, 1, 2, 3];
  const second = [4, 5, 6, 7];
  const partials = [first, second].map((rows) => {
    const acc = factory.create();
    const ids = Int32Array.from(rows.map((r) => groups[r]!));
    acc.aggregate(ids, Math.max(...ids) + 1, argColumns(call, rows), null);
    const p = acc.partial();
    expect(p).toHaveLength(factory.intermediateTypes.length);
    return p;
  });
  const final = factory.create();
  // Each partial has one row per group of its worker: group ids are row numbers.
  for (const p of partials) {
    const n = p[0]!.kind === 'string' ? p[0]!.ids.length : p[0]!.values.length;
    final.combine(Int32Array.from({ length: n }, (_, i) => i), n, p);
  }
  return finalValues(final);
}

const expectations: [string, AggregateCall, unknown[]][] = [
  ['COUNT(*)', aggCall('COUNT', [], 'LONG'), [4, 2, 2]],
  ['COUNT(v)', aggCall('COUNT', [['v', 'LONG']], 'LONG'), [3, 1, 2]],
  ['SUM(v) LONG', aggCall('SUM', [['v', 'LONG']], 'LONG'), [13, 3, 8]],
  ['SUM(x) DOUBLE', aggCall('SUM', [['x', 'DOUBLE']], 'DOUBLE'), [7, 0.5, 8]],
  ['MIN(v)', aggCall('MIN', [['v', 'LONG']], 'LONG'), [3, 3, 1]],
  ['MAX(x)', aggCall('MAX', [['x', 'DOUBLE']], 'DOUBLE'), [4, 0.5, 8]],
  ['MIN(name)', aggCall('MIN', [['name', 'STRING']], 'STRING'), ['a', 'a', 'c']],
  ['MAX(name)', aggCall('MAX', [['name', 'STRING']], 'STRING'), ['c', 'a', 'c']],
  ['AVG(v)', aggCall('AVG', [['v', 'LONG']], 'DOUBLE'), [13 / 3, 3, 4]],
  ['COUNT(DISTINCT v)', aggCall('COUNT', [['v', 'LONG']], 'LONG', true), [2, 1, 2]],
  ['COUNT(DISTINCT name)', aggCall('COUNT', [['name', 'STRING']], 'LONG', true), [3, 1, 1]],
  ['EARLIEST(name, t)', aggCall('EARLIEST', [['name', 'STRING'], ['t', 'LONG']], 'STRING'), ['a', 'a', 'c']],
  ['LATEST(name, t)', aggCall('LATEST', [['name', 'STRING'], ['t', 'LONG']], 'STRING'), ['b', null, 'c']],
  ['EARLIEST_BY(v, t)', aggCall('EARLIEST_BY', [['v', 'LONG'], ['t', 'LONG']], 'LONG'), [3, 3, 7]],
  ['LATEST_BY(x, t)', aggCall('LATEST_BY', [['x', 'DOUBLE'], ['t', 'LONG']], 'DOUBLE'), [-1, null, null]],
];

describe('aggregators', () => {
  it.each(expectations)('%s over all rows', (_name, call, expected) => {
    expect(single(call)).toEqual(expected);
  });

  it.each(expectations)('%s: combining two partials equals one accumulator', (_name, call, expected) => {
    expect(twoPhase(call)).toEqual(expected);
  });

  it('gives NULL for SUM/MIN/AVG of no non-NULL rows, and 0 for COUNT', () => {
    const f = frame({ v: 'LONG' }, [[null], [null]]);
    const ids = new Int32Array([0, 0]);
    for (const [fn, expected] of [['SUM', null], ['MIN', null], ['MAX', null], ['AVG', null], ['COUNT', 0]] as const) {
      const call: AggregateCall = { fn, args: [columnRef('v', 'LONG')], distinct: false, filter: null, type: fn === 'AVG' ? 'DOUBLE' : 'LONG' };
      const acc = aggregatorFactory(call).create();
      acc.aggregate(ids, 1, [f.columns[0]!], null);
      expect(values(acc.finalize(), 1), fn).toEqual([expected]);
    }
  });

  it('respects the FILTER mask', () => {
    const mask = new Uint8Array([1, 1, 0, 1, 1, 1, 0, 1]);
    expect(single(aggCall('COUNT', [], 'LONG'), mask)).toEqual([2, 2, 2]);
    expect(single(aggCall('SUM', [['v', 'LONG']], 'LONG'), mask)).toEqual([5, 3, 8]);
  });

  it('grows group state across calls', () => {
    const acc = aggregatorFactory(aggCall('SUM', [['v', 'LONG']], 'LONG')).create();
    const col = (vals: number[]): FrameColumn => ({ kind: 'numeric', values: Float64Array.from(vals), nulls: null });
    acc.aggregate(new Int32Array([0, 1]), 2, [col([1, 2])], null);
    const many = Int32Array.from({ length: 100 }, (_, i) => i);
    acc.aggregate(many, 100, [col(Array.from({ length: 100 }, () => 1))], null);
    const result = values(acc.finalize(), 100);
    expect(result.slice(0, 3)).toEqual([2, 3, 1]);
    expect(result).toHaveLength(100);
    expect(result[99]).toBe(1);
  });

  it('casts each value of a LONG SUM to LONG, unless its values are marked as safe integers (then each is its own cast)', () => {
    const sum = (column: FrameColumn) => {
      const acc = aggregatorFactory(aggCall('SUM', [['v', 'LONG']], 'LONG')).create();
      acc.aggregate(new Int32Array([0, 1, 0, 1]), 2, [column], null);
      return values(acc.finalize(), 2);
    };
    expect(sum({ kind: 'numeric', values: Float64Array.of(1.9, -2.5, Number.NaN, 4), nulls: null })).toEqual([1, 2]);
    const whole = [7, 0, 2 ** 52, -3];
    expect(sum({ kind: 'numeric', values: markLongValues(Float64Array.from(whole)), nulls: null })).toEqual(sum({ kind: 'numeric', values: Float64Array.from(whole), nulls: null }));
  });

  it('truncates AVG when the planner types it LONG', () => {
    expect(single(aggCall('AVG', [['v', 'LONG']], 'LONG'))).toEqual([4, 3, 4]);
  });

  it('keeps ANY_VALUE to a value of the group', () => {
    const result = single(aggCall('ANY_VALUE', [['name', 'STRING']], 'STRING'));
    expect(result[0]).toBe('b');
    expect(result[1]).toBe('a');
    expect(result[2]).toBe('c');
  });

  it('states intermediate and final types', () => {
    expect(aggregatorFactory(aggCall('AVG', [['v', 'LONG']], 'DOUBLE')).intermediateTypes).toEqual(['DOUBLE', 'LONG']);
    expect(aggregatorFactory(aggCall('COUNT', [['v', 'LONG']], 'LONG', true)).intermediateTypes).toEqual(['COMPLEX<json>']);
    expect(aggregatorFactory(aggCall('LATEST', [['name', 'STRING'], ['t', 'LONG']], 'STRING')).finalType).toBe('STRING');
  });

  it('rejects unknown functions and unsupported DISTINCT', () => {
    expect(() => aggregatorFactory(aggCall('MEDIAN', [['v', 'LONG']], 'DOUBLE'))).toThrow(DruidError);
    expect(() => aggregatorFactory(aggCall('SUM', [['v', 'LONG']], 'LONG', true))).toThrow(DruidError);
    expect(() => aggregatorFactory(aggCall('EARLIEST', [['v', 'LONG']], 'LONG'))).toThrow(DruidError);
    expect(AGGREGATE_FUNCTIONS.has('EARLIEST_BY')).toBe(true);
  });
});
