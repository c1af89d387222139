import type { RowSignature } from '@silt/common';
import { columnRef } from '@silt/expr';
import { type Frame, columnBuilder, valueAt } from '@silt/frame';
import type { MultiValueGrouping } from '@silt/sql';
import { describe, expect, it } from 'vitest';
import { GroupByTable } from '../src/exec/group-by.ts';
import type { GroupBySpec } from '../src/query-definition.ts';

const input: RowSignature = [
  { name: 'dim3', type: 'STRING' },
  { name: 'm1', type: 'DOUBLE' },
];
// Druid's foo.dim3: ["a","b"], ["b","c"], "d", "", [] and NULL.
const foo: Frame = (() => {
  const rows: [unknown, number][] = [[['a', 'b'], 1], [['b', 'c'], 2], [['d'], 3], [[''], 4], [[], 5], [null, 6]];
  const columns = input.map((c, i) => {
    const b = columnBuilder(c.type, rows.length);
    for (const row of rows) b.add(row[i]);
    return b.build();
  });
  return { signature: input, numRows: rows.length, columns };
})();

function groupBy(multiValueKeys?: MultiValueGrouping): GroupByTable {
  const spec: GroupBySpec = {
    keys: [{ name: 'd0', expr: columnRef('dim3', 'STRING') }],
    aggregates: [
      { name: 'a0', call: { fn: 'COUNT', args: [], distinct: false, filter: null, type: 'LONG' } },
      { name: 'a1', call: { fn: 'SUM', args: [columnRef('m1', 'DOUBLE')], distinct: false, filter: null, type: 'DOUBLE' } },
    ],
    ...(multiValueKeys ? { multiValueKeys } : {}),
    signature: [
      { name: 'd0', type: 'STRING' },
      { name: 'a0', type: 'LONG' },
      { name: 'a1', type: 'DOUBLE' },
    ],
  };
  return new GroupByTable(spec);
}

const rowsOf = (f: Frame): unknown[][] => Array.from({ length: f.numRows }, (_, r) => f.columns.map((c) => valueAt(c, r)));

describe('GROUP BY on a multi-value string key', () => {
  it('unnest: a row joins the group of each of its values; a row without values is in the NULL group', () => {
    const table = groupBy('unnest');
    table.aggregate(foo);
    expect(rowsOf(table.finalFrame())).toEqual([
      [null, 2, 11],
      ['', 1, 4],
      ['a', 1, 1],
      ['b', 2, 3],
      ['c', 1, 2],
      ['d', 1, 3],
    ]);
  });

  it('unnest: two multi-value keys give every combination of their values', () => {
    const spec: GroupBySpec = {
      keys: [
        { name: 'd0', expr: columnRef('x', 'STRING') },
        { name: 'd1', expr: columnRef('y', 'STRING') },
      ],
      aggregates: [{ name: 'a0', call: { fn: 'COUNT', args: [], distinct: false, filter: null, type: 'LONG' } }],
      multiValueKeys: 'unnest',
      signature: [
        { name: 'd0', type: 'STRING' },
        { name: 'd1', type: 'STRING' },
        { name: 'a0', type: 'LONG' },
      ],
    };
    const x = columnBuilder('STRING', 1);
    x.add(['a', 'b']);
    const y = columnBuilder('STRING', 1);
    y.add(['p', 'q']);
    const table = new GroupByTable(spec);
    const signature: RowSignature = [
      { name: 'x', type: 'STRING' },
      { name: 'y', type: 'STRING' },
    ];
    table.aggregate({ signature, numRows: 1, columns: [x.build(), y.build()] });
    expect(rowsOf(table.finalFrame())).toEqual([
      ['a', 'p', 1],
      ['a', 'q', 1],
      ['b', 'p', 1],
      ['b', 'q', 1],
    ]);
  });

  it('fail: a row with several values fails with QueryRuntimeError naming the column', () => {
    expect(() => groupBy('fail').aggregate(foo)).toThrow(
      expect.objectContaining({
        fault: expect.objectContaining({ errorCode: 'QueryRuntimeError', errorMessage: 'Column [dim3] is a multi-value string. Please wrap the column using MV_TO_ARRAY() to proceed further.' }),
      }),
    );
  });

  it("failPostAggregated: the groupBy engine's message", () => {
    expect(() => groupBy('failPostAggregated').aggregate(foo)).toThrow(/^Encountered multi-value dimension \[dim3\] that cannot be processed with 'groupByEnableMultiValueUnnesting' set to false\./);
  });

  it('fail: lists of one value or none are that value or NULL', () => {
    const table = groupBy('fail');
    table.aggregate({ ...foo, numRows: 0 });
    const single = columnBuilder('STRING', 3);
    for (const v of [['d'], [], 'd']) single.add(v);
    const m1 = columnBuilder('DOUBLE', 3);
    for (const v of [1, 2, 3]) m1.add(v);
    table.aggregate({ signature: input, numRows: 3, columns: [single.build(), m1.build()] });
    expect(rowsOf(table.finalFrame())).toEqual([
      [null, 1, 2],
      ['d', 2, 4],
    ]);
  });

  it('absent (native rollup): groups by the whole list', () => {
    const table = groupBy();
    table.aggregate(foo);
    expect(rowsOf(table.finalFrame()).map((r) => r[0])).toContainEqual(['a', 'b']);
  });
});
