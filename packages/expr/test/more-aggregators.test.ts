import type { ColumnType } from '@silt/common';
import { FaultError } from '@silt/common';
import { type FrameColumn, decodeFrame, encodeFrame, gatherColumn } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { type AggregateCall, type Expr, aggregatorFactory, columnRef, evaluate, literal } from '../src/index.ts';
import { frame, values } from './helpers.ts';

// Rows: group, v (LONG), name (STRING), tags (multi-value STRING), arr (ARRAY<LONG>), t (LONG time).
const data = frame({ g: 'LONG', v: 'LONG', name: 'STRING', tags: 'STRING', arr: 'ARRAY<LONG>', t: 'LONG' }, [
  [0, 12, 'b', ['x', 'y'], [1, 2], 30],
  [1, null, null, null, null, 10],
  [0, 10, 'a', 'y', [3], 10],
  [1, 6, 'c', ['z', 'x'], [4, 4], 20],
  [0, 12, 'b', null, null, 20],
  [1, 3, 'a', 'x', [], 5],
]);
const groups = new Int32Array(values(data.columns[0]!, data.numRows) as number[]);
const NUM_GROUPS = 2;

function call(fn: string, args: Expr[], type: ColumnType, distinct = false): AggregateCall {
  return { fn, args, distinct, filter: null, type };
}
const c = (name: string, type: ColumnType): Expr => columnRef(name, type);

function argColumns(agg: AggregateCall, rows?: number[]): FrameColumn[] {
  return agg.args.map((a) => {
    const column = evaluate(a, data);
    return rows ? gatherColumn(column, rows) : column;
  });
}

function single(agg: AggregateCall): unknown[] {
  const acc = aggregatorFactory(agg).create();
  acc.aggregate(groups, NUM_GROUPS, argColumns(agg), null);
  return values(acc.finalize(), NUM_GROUPS);
}

/** Two workers (rows 0-2 and 3-5); partials go through the frame codec before the combine. */
function twoPhase(agg: AggregateCall): unknown[] {
  const factory = aggregatorFactory(agg);
  const final = factory.create();
  for (const rows of [
    [0, 1, 2],
    [3, 4, 5],
  ]) {
    const acc = factory.create();
    acc.aggregate(Int32Array.from(rows.map((r) => groups[r]!)), NUM_GROUPS, argColumns(agg, rows), null);
    const signature = factory.intermediateTypes.map((type, i) => ({ name: `p${i}`, type }));
    const decoded = decodeFrame(encodeFrame({ signature, numRows: NUM_GROUPS, columns: acc.partial() }));
    final.combine(new Int32Array([0, 1]), NUM_GROUPS, decoded.columns);
  }
  return values(final.finalize(), NUM_GROUPS);
}

const cases: [string, AggregateCall, unknown[]][] = [
  ['STRING_AGG(name, ",")', call('STRING_AGG', [c('name', 'STRING'), literal(',', 'STRING')], 'STRING'), ['b,a,b', 'c,a']],
  ['STRING_AGG(DISTINCT name, "|")', call('STRING_AGG', [c('name', 'STRING'), literal('|', 'STRING')], 'STRING', true), ['a|b', 'a|c']],
  ['STRING_AGG(v, "-")', call('STRING_AGG', [c('v', 'LONG'), literal('-', 'STRING')], 'STRING'), ['12-10-12', '6-3']],
  ['ARRAY_AGG(v)', call('ARRAY_AGG', [c('v', 'LONG')], 'ARRAY<LONG>'), [[12, 10, 12], [null, 6, 3]]],
  ['ARRAY_AGG(DISTINCT v)', call('ARRAY_AGG', [c('v', 'LONG')], 'ARRAY<LONG>', true), [[10, 12], [null, 3, 6]]],
  ['ARRAY_CONCAT_AGG(arr)', call('ARRAY_CONCAT_AGG', [c('arr', 'ARRAY<LONG>')], 'ARRAY<LONG>'), [[1, 2, 3], [4, 4]]],
  ['ARRAY_CONCAT_AGG(DISTINCT arr)', call('ARRAY_CONCAT_AGG', [c('arr', 'ARRAY<LONG>')], 'ARRAY<LONG>', true), [[1, 2, 3], [4]]],
  ['BIT_AND(v)', call('BIT_AND', [c('v', 'LONG')], 'LONG'), [12 & 10, 6 & 3]],
  ['BIT_OR(v)', call('BIT_OR', [c('v', 'LONG')], 'LONG'), [14, 7]],
  ['BIT_XOR(v)', call('BIT_XOR', [c('v', 'LONG')], 'LONG'), [12 ^ 10 ^ 12, 6 ^ 3]],
  ['COUNT(DISTINCT tags)', call('COUNT', [c('tags', 'STRING')], 'LONG', true), [2, 2]],
  ['APPROX_COUNT_DISTINCT(tags)', call('APPROX_COUNT_DISTINCT', [c('tags', 'STRING')], 'LONG'), [2, 2]],
  ['APPROX_COUNT_DISTINCT_DS_THETA(name)', call('APPROX_COUNT_DISTINCT_DS_THETA', [c('name', 'STRING')], 'LONG'), [2, 2]],
  ['APPROX_QUANTILE_DS(v, 0.5)', call('APPROX_QUANTILE_DS', [c('v', 'LONG'), literal(0.5, 'DOUBLE')], 'DOUBLE'), [12, 3]],
];

describe('more aggregators', () => {
  it.each(cases)('%s over all rows', (_name, agg, expected) => {
    expect(single(agg)).toEqual(expected);
  });

  it.each(cases)('%s: two partials through the frame codec combine to the same result', (name, agg, expected) => {
    const result = twoPhase(agg);
    // Collected order follows processing order, so only the DISTINCT (sorted) forms compare as lists.
    if (/^(STRING_AGG|ARRAY_AGG|ARRAY_CONCAT_AGG)\(/.test(name) && !name.includes('DISTINCT')) {
      expect(result.map((r) => (typeof r === 'string' ? r.split(/[,-]/).sort() : [...(r as unknown[])].sort()))).toEqual(
        expected.map((r) => (typeof r === 'string' ? r.split(/[,-]/).sort() : [...(r as unknown[])].sort())),
      );
    } else {
      expect(result).toEqual(expected);
    }
  });

  it('fails when a collected result exceeds its size', () => {
    const agg = call('STRING_AGG', [c('name', 'STRING'), literal(',', 'STRING'), literal(4, 'LONG')], 'STRING');
    expect(() => single(agg)).toThrow(FaultError);
    expect(() => single(agg)).toThrow(/Unable to serialize \[STRING\], size \[13\] is larger than max \[4\]/);
  });

  it('gives NULL for groups with nothing collected', () => {
    const acc = aggregatorFactory(call('ARRAY_AGG', [c('v', 'LONG')], 'ARRAY<LONG>')).create();
    acc.aggregate(new Int32Array(0), 3, [{ kind: 'numeric', values: new Float64Array(0), nulls: null }], null);
    expect(values(acc.finalize(), 3)).toEqual([null, null, null]);
  });

  it('cuts strings to maxBytesPerString in EARLIEST / LATEST / ANY_VALUE', () => {
    const t = c('t', 'LONG');
    expect(single(call('EARLIEST', [c('name', 'STRING'), t, literal(0, 'LONG')], 'STRING'))).toEqual(['', '']);
    const long = frame({ s: 'STRING', t: 'LONG' }, [['x'.repeat(2000), 1]]);
    const acc = aggregatorFactory(call('LATEST', [c('s', 'STRING'), t], 'STRING')).create();
    acc.aggregate(new Int32Array(1), 1, long.columns, null);
    expect((values(acc.finalize(), 1)[0] as string).length).toBe(1024);
    expect(single(call('ANY_VALUE', [c('name', 'STRING'), literal(1, 'LONG')], 'STRING'))).toEqual(['b', 'c']);
  });

  it('states sketch intermediate and final types', () => {
    const hll = aggregatorFactory(call('DS_HLL', [c('name', 'STRING')], 'COMPLEX<json>'));
    expect([hll.intermediateTypes, hll.finalType]).toEqual([['COMPLEX<json>'], 'COMPLEX<json>']);
    const estimate = aggregatorFactory(call('APPROX_COUNT_DISTINCT_DS_HLL', [c('name', 'STRING')], 'LONG'));
    expect([estimate.intermediateTypes, estimate.finalType]).toEqual([['COMPLEX<json>'], 'LONG']);
    expect(single(call('DS_HLL', [c('name', 'STRING')], 'COMPLEX<json>')).every((v) => typeof v === 'string')).toBe(true);
  });
});
