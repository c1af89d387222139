import type { ColumnType, RowSignature } from '@silt/common';
import { columnRef } from '@silt/expr';
import { frameFromRows as frame, frameToRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { GroupByTable } from '../src/exec/group-by.ts';
import type { GroupBySpec } from '../src/query-definition.ts';

/** COUNT(*) and SUM(v) grouped by column `k` of `type`. */
function countAndSum(type: ColumnType): { spec: GroupBySpec; signature: RowSignature } {
  const signature: RowSignature = [
    { name: 'k', type },
    { name: 'v', type: 'LONG' },
  ];
  const spec: GroupBySpec = {
    keys: [{ name: 'k', expr: columnRef('k', type) }],
    aggregates: [
      { name: 'n', call: { fn: 'COUNT', args: [], distinct: false, filter: null, type: 'LONG' } },
      { name: 's', call: { fn: 'SUM', args: [columnRef('v', 'LONG')], distinct: false, filter: null, type: 'LONG' } },
    ],
    signature: [
      { name: 'k', type },
      { name: 'n', type: 'LONG' },
      { name: 's', type: 'LONG' },
    ],
  };
  return { spec, signature };
}

describe('group keys of one column (looked up once per dictionary entry or value per frame)', () => {
  it('groups a string key across frames whose dictionaries differ, nulls in one group', () => {
    const { spec, signature } = countAndSum('STRING');
    const table = new GroupByTable(spec);
    table.aggregate(frame(signature, [['b', 1], [null, 2], ['a', 3], ['b', 4]]));
    table.aggregate(frame(signature, [['a', 10], ['c', 20], [null, 30]]));
    expect(frameToRows(table.finalFrame())).toEqual([
      [null, 2, 32],
      ['a', 2, 13],
      ['b', 2, 5],
      ['c', 1, 20],
    ]);
  });

  it('groups a numeric key, nulls in one group and -0 with 0, across frames', () => {
    const { spec, signature } = countAndSum('LONG');
    const table = new GroupByTable(spec);
    table.aggregate(frame(signature, [[3, 1], [null, 2], [0, 3], [3, 4]]));
    table.aggregate(frame(signature, [[-0, 10], [7, 20], [null, 30]]));
    expect(frameToRows(table.finalFrame())).toEqual([
      [null, 2, 32],
      [0, 2, 13],
      [3, 2, 5],
      [7, 1, 20],
    ]);
  });
});
