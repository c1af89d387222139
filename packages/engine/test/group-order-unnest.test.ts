import type { RowSignature } from '@silt/common';
import { type Expr, call, columnRef } from '@silt/expr';
import { type Frame, columnBuilder, valueAt } from '@silt/frame';
import { planSql } from '@silt/sql';
import { describe, expect, it } from 'vitest';
import { applyOps } from '../src/exec/frame-ops.ts';
import { GroupByTable } from '../src/exec/group-by.ts';
import type { FrameOp, GroupBySpec, ProcessorSpec, StageDefinition } from '../src/query-definition.ts';
import { buildQueryDefinition } from '../src/query-kit.ts';

function frame(signature: RowSignature, rows: readonly (readonly unknown[])[]): Frame {
  const columns = signature.map((c, i) => {
    const b = columnBuilder(c.type, rows.length);
    for (const row of rows) b.add(row[i]);
    return b.build();
  });
  return { signature, numRows: rows.length, columns };
}

function rowsOf(f: Frame): unknown[][] {
  return Array.from({ length: f.numRows }, (_, r) => f.columns.map((c) => valueAt(c, r)));
}

const fooSignature: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'dim1', type: 'STRING' },
  { name: 'dim2', type: 'STRING' },
  { name: 'dim3', type: 'STRING' },
  { name: 'cnt', type: 'LONG' },
  { name: 'm1', type: 'FLOAT' },
];
const catalog = { tableSignature: (ds: string) => (ds === 'foo' ? fooSignature : undefined) };
const stagesOf = (query: string, maxWorkers = 4): readonly StageDefinition[] => buildQueryDefinition(planSql({ query }, catalog, 'msq-task'), { maxWorkers, rowsPerSegment: 3_000_000 }).stages;
const resultsOf = (stages: readonly StageDefinition[]) => stages.filter((s) => s.processor.type === 'results').map((s) => s.processor as Extract<ProcessorSpec, { type: 'results' }>);

describe('GROUP BY without ORDER BY returns groups in key order (Druid groupBy)', () => {
  const spec: GroupBySpec = {
    keys: [{ name: 'k', expr: columnRef('k', 'STRING') }],
    aggregates: [{ name: 'n', call: { fn: 'COUNT', args: [], distinct: false, filter: null, type: 'LONG' } }],
    signature: [
      { name: 'k', type: 'STRING' },
      { name: 'n', type: 'LONG' },
    ],
  };

  it('sorts the final groups by key, ascending with nulls first', () => {
    const table = new GroupByTable(spec);
    table.aggregate(frame([{ name: 'k', type: 'STRING' }], [['def'], ['10.1'], [null], ['abc'], ['1'], [''], ['abc'], ['2']]));
    expect(rowsOf(table.finalFrame())).toEqual([
      [null, 1],
      ['', 1],
      ['1', 1],
      ['10.1', 1],
      ['2', 1],
      ['abc', 2],
      ['def', 1],
    ]);
  });

  it('sorts numeric and multi-column keys', () => {
    const two: GroupBySpec = {
      keys: [
        { name: 'a', expr: columnRef('a', 'LONG') },
        { name: 'b', expr: columnRef('b', 'STRING') },
      ],
      aggregates: [],
      signature: [
        { name: 'a', type: 'LONG' },
        { name: 'b', type: 'STRING' },
      ],
    };
    const table = new GroupByTable(two);
    const sig: RowSignature = two.signature;
    table.aggregate(frame(sig, [[10, 'x'], [2, 'y'], [null, 'z'], [2, 'a'], [10, null]]));
    expect(rowsOf(table.finalFrame())).toEqual([
      [null, 'z'],
      [2, 'a'],
      [2, 'y'],
      [10, null],
      [10, 'x'],
    ]);
  });

  it('makes a LIMIT (and the results) over a GROUP BY sort on the group keys across partitions', () => {
    const stages = stagesOf("SELECT dim1, cnt FROM (SELECT dim1, COUNT(*) AS cnt FROM foo GROUP BY dim1 HAVING dim1 != '' LIMIT 1) LIMIT 20");
    expect(resultsOf(stages)[0]!.sort).toEqual([{ column: 'dim1', descending: false }]);
    const top = stagesOf('SELECT dim2, COUNT(*) AS c FROM foo GROUP BY dim2');
    expect(resultsOf(top)[0]!.sort).toEqual([{ column: 'dim2', descending: false }]);
  });

  it('follows a renamed key through the projection', () => {
    const stages = stagesOf('SELECT dim2 AS d, COUNT(*) AS c FROM foo GROUP BY dim2');
    expect(resultsOf(stages)[0]!.sort).toEqual([{ column: 'd', descending: false }]);
  });

  it('merges in one partition when a key is projected away', () => {
    const stages = stagesOf('SELECT COUNT(*) AS c FROM foo GROUP BY dim2');
    expect(resultsOf(stages)[0]!.sort).toEqual([]);
    const partial = stages.find((s) => s.processor.type === 'scan' && s.processor.partialAggregate !== null)!;
    expect(partial.shuffleSpec).toMatchObject({ type: 'hash', partitions: 1 });
  });

  it('keeps an explicit ORDER BY, and then the merge leaves its groups unsorted', () => {
    const merge = (stages: readonly StageDefinition[]) => stages.map((s) => s.processor).find((p) => p.type === 'groupByPostShuffle') as Extract<ProcessorSpec, { type: 'groupByPostShuffle' }>;
    const stages = stagesOf('SELECT dim2, COUNT(*) AS c FROM foo GROUP BY dim2 ORDER BY c DESC');
    expect(resultsOf(stages)[0]!.sort).toEqual([{ column: 'c', descending: true }]);
    expect(merge(stages).groupBy.unordered).toBe(true);
    expect(merge(stagesOf('SELECT dim2, COUNT(*) AS c FROM foo GROUP BY dim2')).groupBy.unordered).toBeUndefined();
  });
});

describe('UNNEST of null or empty values', () => {
  const sig: RowSignature = [
    { name: 'id', type: 'LONG' },
    { name: 'dim3', type: 'STRING' },
    { name: 'arr', type: 'ARRAY<STRING>' },
  ];
  const input = frame(sig, [
    [1, ['a', 'b'], ['a', 'b']],
    [2, 'd', ['d']],
    [3, '', []],
    [4, null, null],
  ]);
  const op = (expr: Expr): FrameOp => ({ type: 'unnest', expr, name: 'u', signature: [...sig, { name: 'u', type: 'STRING' }] });

  it('gives one NULL row for a multi-value string row without values (MV_TO_ARRAY of a column)', () => {
    const out = applyOps(input, [op(call('MV_TO_ARRAY', [columnRef('dim3', 'STRING')], 'ARRAY<STRING>'))]);
    expect(rowsOf(out).map((r) => [r[0], r[3]])).toEqual([
      [1, 'a'],
      [1, 'b'],
      [2, 'd'],
      [3, ''],
      [4, null],
    ]);
  });

  it('gives no row for a null or empty true array', () => {
    const out = applyOps(input, [op(columnRef('arr', 'ARRAY<STRING>'))]);
    expect(rowsOf(out).map((r) => [r[0], r[3]])).toEqual([
      [1, 'a'],
      [1, 'b'],
      [2, 'd'],
    ]);
  });
});
