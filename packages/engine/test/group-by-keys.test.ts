import type { ColumnType, RowSignature } from '@silt/common';
import { columnRef } from '@silt/expr';
import { type Frame, frameFromRows as frame, frameToRows, isDistinctDictionary, markDistinctDictionary } from '@silt/frame';
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

  it('keys groups by dictionary entry over one distinct dictionary, then by value when another arrives', () => {
    const { spec, signature } = countAndSum('STRING');
    const table = new GroupByTable(spec);
    const dictionary = markDistinctDictionary(['x', 'y', 'z']);
    const byEntry: Frame = { signature, numRows: 4, columns: [{ kind: 'string', ids: Int32Array.of(2, 0, 2, -1), dictionary }, frame(signature, [[null, 1], [null, 2], [null, 3], [null, 4]]).columns[1]!] };
    table.aggregate(byEntry);
    table.aggregate(byEntry);
    table.aggregate(frame(signature, [['z', 100], ['w', 200]]));
    const groups = table.finalFrame();
    expect(frameToRows(groups)).toEqual([
      [null, 2, 8],
      ['w', 1, 200],
      ['x', 2, 4],
      ['z', 5, 108],
    ]);
    expect(isDistinctDictionary((groups.columns[0] as { dictionary: readonly string[] }).dictionary)).toBe(true);
  });

  it('keys many groups by entry in first-seen order (null among them), and hands on only the entries in use', () => {
    const { spec, signature } = countAndSum('STRING');
    const table = new GroupByTable({ ...spec, unordered: true });
    const dictionary = markDistinctDictionary(Array.from({ length: 1000 }, (_, e) => `e${String(e).padStart(4, '0')}`));
    // 200 entries, each twice, from the last down, with a null row after the 100th.
    const entries = Array.from({ length: 200 }, (_, i) => 999 - 3 * i);
    const ids = Int32Array.from([...entries.slice(0, 100), -1, ...entries.slice(100), ...entries]);
    const values = frame(signature, Array.from(ids, (_, r) => [null, r])).columns[1]!;
    table.aggregate({ signature, numRows: ids.length, columns: [{ kind: 'string', ids, dictionary }, values] });
    const sumOf = (entry: number) => [...ids.keys()].filter((r) => ids[r] === entry).reduce((a, b) => a + b, 0);
    const expected = [...entries.slice(0, 100), -1, ...entries.slice(100)].map((e) => [e < 0 ? null : dictionary[e], e < 0 ? 1 : 2, sumOf(e)]);
    expect(frameToRows(table.finalFrame())).toEqual(expected);
    const partial = table.partialFrame([...signature.slice(0, 1), { name: 'n', type: 'LONG' }, { name: 's', type: 'LONG' }]);
    const keys = partial.columns[0] as { dictionary: readonly string[] };
    expect(keys.dictionary).toHaveLength(200);
    expect(isDistinctDictionary(keys.dictionary)).toBe(true);
    const merged = new GroupByTable({ ...spec, unordered: true });
    merged.combine(partial);
    expect(frameToRows(merged.finalFrame())).toEqual(expected);
  });

  it('merges the entries of a dictionary not known distinct that hold one value twice (LOWER of A and a)', () => {
    const { spec, signature } = countAndSum('STRING');
    const table = new GroupByTable(spec);
    const repeated: Frame = { signature, numRows: 3, columns: [{ kind: 'string', ids: Int32Array.of(0, 1, 0), dictionary: ['a', 'a'] }, frame(signature, [[null, 1], [null, 2], [null, 3]]).columns[1]!] };
    table.aggregate(repeated);
    expect(frameToRows(table.finalFrame())).toEqual([['a', 3, 6]]);
  });
});
