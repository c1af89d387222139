import type { RowSignature } from '@silt/common';
import { planSql } from '@silt/sql';
import { describe, expect, it } from 'vitest';
import type { StageDefinition } from '../src/query-definition.ts';
import { buildQueryDefinition } from '../src/query-kit.ts';

const fooSignature: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'dim1', type: 'STRING' },
  { name: 'm1', type: 'FLOAT' },
];
const catalog = { tableSignature: (ds: string) => (ds === 'foo' || ds === 'foo2' ? fooSignature : undefined) };
const stagesOf = (query: string): readonly StageDefinition[] => buildQueryDefinition(planSql({ query }, catalog, 'msq-task'), { maxWorkers: 4, rowsPerSegment: 3_000_000 }).stages;

describe('UNION ALL stages', () => {
  it('runs each branch into one partition, then reads them all in one results stage, the last', () => {
    const stages = stagesOf('SELECT __time, dim1 FROM foo UNION ALL SELECT __time, dim1 FROM foo2');
    expect(stages.map((s) => [s.processor.type, s.input.map((i) => (i.type === 'stage' ? i.stage : i.type)), s.shuffleSpec?.type ?? null])).toEqual([
      ['scan', ['table'], 'mix'],
      ['scan', ['table'], 'mix'],
      ['results', [0, 1], null],
    ]);
    expect(stages[2]!.broadcast).toEqual([]);
    expect(stages[2]!.maxWorkerCount).toBe(1);
  });

  it('feeds later row operations and aggregations from the union stage', () => {
    const stages = stagesOf('SELECT dim1, COUNT(*) AS c FROM (SELECT dim1 FROM foo UNION ALL SELECT dim1 FROM foo2) GROUP BY dim1');
    const union = stages.findIndex((s) => s.input.length === 2);
    expect(stages[union]!.processor.type).toBe('results');
    expect(stages[union + 1]!.input).toEqual([{ type: 'stage', stage: union }]);
    expect(stages[union + 1]!.processor).toMatchObject({ type: 'scan', partialAggregate: { keys: [{ name: 'd0' }] } });
  });

  it('writes the union of an INSERT through the segment shuffle', () => {
    const stages = stagesOf('INSERT INTO dst SELECT __time, dim1 FROM foo UNION ALL SELECT __time, dim1 FROM foo2 PARTITIONED BY DAY');
    expect(stages.map((s) => s.processor.type)).toEqual(['scan', 'scan', 'results', 'segmentGenerator']);
    expect(stages[2]!.shuffleSpec?.type).toBe('targetSize');
  });
});

describe('a top-level ORDER BY / LIMIT', () => {
  it('is the last stage: its results stage collects the rows, with no stage after it', () => {
    const stages = stagesOf('SELECT dim1, COUNT(*) AS c FROM foo GROUP BY dim1 ORDER BY c DESC LIMIT 10');
    expect(stages.at(-1)!.processor).toMatchObject({ type: 'results', limit: 10, sort: [{ column: 'c', descending: true }] });
    expect(stages.filter((s) => s.processor.type === 'results')).toHaveLength(1);
  });
});
