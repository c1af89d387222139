import { planSql } from '@silt/sql';
import { describe, expect, it } from 'vitest';
import type { BucketPartitions } from '../src/exec/key-statistics.ts';
import { shardSpecOf } from '../src/exec/segment-allocation.ts';
import { segmentReportOf, shardKindOf } from '../src/exec/shard-spec-choice.ts';

const catalog = {
  tableSignature: (name: string) =>
    name === 'foo'
      ? ([
          { name: '__time', type: 'LONG' },
          { name: 'dim1', type: 'STRING' },
          { name: 'm1', type: 'FLOAT' },
        ] as const)
      : undefined,
};

function ingest(query: string) {
  const planned = planSql({ query }, catalog, 'msq-task');
  if (planned.kind !== 'insert' && planned.kind !== 'replace') throw new Error('not an ingest');
  return planned;
}

describe('shard spec choice', () => {
  it('numbers the segments of an INSERT, clustered or not', () => {
    const st = ingest('INSERT INTO t SELECT __time, dim1 FROM foo PARTITIONED BY DAY CLUSTERED BY dim1');
    expect(shardKindOf(st)).toEqual({ type: 'numbered' });
    expect(segmentReportOf(st)).toEqual({ shardSpec: 'NumberedShardSpec', details: 'Using NumberedShardSpec to generate segments since the query is inserting rows.' });
  });

  it('range-partitions a REPLACE on its leading string CLUSTERED BY columns', () => {
    const st = ingest('REPLACE INTO t OVERWRITE ALL SELECT __time, dim1, m1 FROM foo PARTITIONED BY DAY CLUSTERED BY dim1, m1');
    expect(shardKindOf(st)).toEqual({ type: 'range', dimensions: ['dim1'] });
    expect(segmentReportOf(st)).toEqual({
      shardSpec: 'DimensionRangeShardSpec',
      details: "Using[1] CLUSTERED BY columns for 'range' shard specs, since the next column is of type[FLOAT]. Only string columns are included in 'range' shard specs.",
    });
  });

  it('numbers the segments of a REPLACE without string cluster columns', () => {
    const st = ingest('REPLACE INTO t OVERWRITE ALL SELECT __time, m1 FROM foo PARTITIONED BY DAY CLUSTERED BY m1');
    expect(shardKindOf(st)).toEqual({ type: 'numbered' });
    expect(segmentReportOf(st)?.shardSpec).toBe('NumberedShardSpec');
  });
});

describe('range shard specs over a key prefix', () => {
  it('keep only the leading key columns of the boundaries', () => {
    const bucket: BucketPartitions = { bucket: 0, firstPartition: 0, numPartitions: 2, keyBoundaries: [['abc', 5]], hashed: false, runOffsets: [], rows: 10 };
    expect(shardSpecOf({ type: 'range', dimensions: ['dim1'] }, bucket, 0)).toEqual({ type: 'range', dimensions: ['dim1'], start: null, end: ['abc'], partitionNum: 0, numCorePartitions: 2 });
    expect(shardSpecOf({ type: 'range', dimensions: ['dim1'] }, bucket, 1)).toEqual({ type: 'range', dimensions: ['dim1'], start: ['abc'], end: null, partitionNum: 1, numCorePartitions: 2 });
  });
});
