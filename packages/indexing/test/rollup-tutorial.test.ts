import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTaskSpec } from '../src/index.ts';
import { runPlan } from './plan-runner.ts';

/** Druid's `examples/quickstart/tutorial/rollup-index.json` (docs/tutorials/tutorial-rollup.md). */
const DATA = '/work/shared/datasets/druid-tutorial/rollup-data.json';
const hasData = existsSync(DATA);
if (!hasData) console.log(`Skipping the rollup tutorial test: ${DATA} is absent`);

const ROLLUP_INDEX = {
  type: 'index_parallel',
  spec: {
    dataSchema: {
      dataSource: 'rollup-tutorial',
      timestampSpec: { column: 'timestamp', format: 'iso' },
      dimensionsSpec: { dimensions: ['srcIP', 'dstIP'] },
      metricsSpec: [
        { type: 'count', name: 'count' },
        { type: 'longSum', name: 'packets', fieldName: 'packets' },
        { type: 'longSum', name: 'bytes', fieldName: 'bytes' },
      ],
      granularitySpec: { type: 'uniform', segmentGranularity: 'day', queryGranularity: 'minute', intervals: ['2018-01-01/2018-01-03'], rollup: true },
    },
    ioConfig: {
      type: 'index_parallel',
      inputSource: { type: 'local', baseDir: '/work/shared/datasets/druid-tutorial', filter: 'rollup-data.json' },
      inputFormat: { type: 'json' },
      appendToExisting: false,
    },
    tuningConfig: { type: 'index_parallel', maxRowsPerSegment: 5000000, maxRowsInMemory: 25000 },
  },
};

describe.skipIf(!hasData)('rollup tutorial', () => {
  it('rolls 9 rows up into 5 by minute, srcIP and dstIP', () => {
    const { plan } = parseTaskSpec(ROLLUP_INDEX);
    expect(plan.partitionsSpec).toEqual({ type: 'dynamic', maxRowsPerSegment: 5_000_000, maxTotalRows: null });
    expect(plan.tuning.maxRowsInMemory).toBe(25000);
    const { rows } = runPlan(plan.plan, readFileSync(DATA, 'utf8'));
    const printed = rows
      .map((r) => ({ ...r, __time: new Date(r.__time as number).toISOString() }))
      .sort((a, b) => (a.__time < b.__time ? -1 : 1));
    // The tutorial's result table.
    expect(printed).toEqual([
      { __time: '2018-01-01T01:01:00.000Z', srcIP: '1.1.1.1', dstIP: '2.2.2.2', count: 3, packets: 286, bytes: 35937 },
      { __time: '2018-01-01T01:02:00.000Z', srcIP: '1.1.1.1', dstIP: '2.2.2.2', count: 2, packets: 415, bytes: 366260 },
      { __time: '2018-01-01T01:03:00.000Z', srcIP: '1.1.1.1', dstIP: '2.2.2.2', count: 1, packets: 49, bytes: 10204 },
      { __time: '2018-01-02T21:33:00.000Z', srcIP: '7.7.7.7', dstIP: '8.8.8.8', count: 2, packets: 161, bytes: 100288 },
      { __time: '2018-01-02T21:35:00.000Z', srcIP: '7.7.7.7', dstIP: '8.8.8.8', count: 1, packets: 12, bytes: 2818 },
    ]);
  });

  it('keeps every row without rollup, with count 1 and the row values as metrics', () => {
    const spec = structuredClone(ROLLUP_INDEX);
    (spec.spec.dataSchema.granularitySpec as { rollup: boolean }).rollup = false;
    const { plan } = parseTaskSpec(spec);
    expect(plan.plan.kind).toBe('project');
    const { rows } = runPlan(plan.plan, readFileSync(DATA, 'utf8'));
    expect(rows).toHaveLength(9);
    expect(rows[0]).toEqual({ __time: Date.parse('2018-01-01T01:01:00Z'), srcIP: '1.1.1.1', dstIP: '2.2.2.2', count: 1, packets: 20, bytes: 9024 });
  });
});
