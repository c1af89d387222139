import { parseInterval } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { type DataSegment, newVersion, segmentIdString, segmentPayload, shardSpecJson } from '../src/index.ts';

const interval = parseInterval('2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z');

describe('segmentIdString', () => {
  it('prints Druid ids, adding the partition number only above 0', () => {
    const base = { dataSource: 'wikipedia', interval, version: '2024-01-01T00:00:00.000Z' };
    expect(segmentIdString({ ...base, shardSpec: { type: 'numbered', partitionNum: 0, partitions: 2 } })).toBe(
      'wikipedia_2015-09-12T00:00:00.000Z_2015-09-13T00:00:00.000Z_2024-01-01T00:00:00.000Z',
    );
    expect(segmentIdString({ ...base, shardSpec: { type: 'numbered', partitionNum: 1, partitions: 2 } })).toBe(
      'wikipedia_2015-09-12T00:00:00.000Z_2015-09-13T00:00:00.000Z_2024-01-01T00:00:00.000Z_1',
    );
  });

  it('keeps underscores in data source names and prints hour intervals', () => {
    const id = segmentIdString({
      dataSource: 'wiki_edits',
      interval: parseInterval('2015-09-12T01:00:00Z/2015-09-12T02:00:00Z'),
      version: 'v2',
      shardSpec: { type: 'tombstone', partitionNum: 0, partitions: 1 },
    });
    expect(id).toBe('wiki_edits_2015-09-12T01:00:00.000Z_2015-09-12T02:00:00.000Z_v2');
  });
});

describe('newVersion', () => {
  it('is the ISO-8601 instant given', () => {
    expect(newVersion(Date.UTC(2026, 10, 21, 6))).toBe('2026-11-21T06:00:00.000Z');
  });

  it('increases strictly across calls without an explicit instant', () => {
    const versions = Array.from({ length: 50 }, () => newVersion());
    for (let i = 1; i < versions.length; i++) expect(versions[i]! > versions[i - 1]!).toBe(true);
    expect(versions[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe('segmentPayload', () => {
  const segment: DataSegment = {
    dataSource: 'wikipedia',
    interval,
    version: '2024-01-01T00:00:00.000Z',
    shardSpec: { type: 'numbered', partitionNum: 1, partitions: 2 },
    loadSpec: { type: 'local', path: '/deep/wikipedia/1/index.sseg' },
    dimensions: ['channel', 'page', 'user'],
    metrics: ['count', 'added'],
    signature: [
      { name: '__time', type: 'LONG' },
      { name: 'channel', type: 'STRING' },
    ],
    numRows: 10,
    size: 1234,
    binaryVersion: 9,
    rollup: true,
  };

  it('matches Druid DataSegment JSON, field order included', () => {
    const payload = segmentPayload(segment);
    expect(Object.keys(payload)).toEqual(['dataSource', 'interval', 'version', 'loadSpec', 'dimensions', 'metrics', 'shardSpec', 'binaryVersion', 'size', 'identifier']);
    expect(payload).toEqual({
      dataSource: 'wikipedia',
      interval: '2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z',
      version: '2024-01-01T00:00:00.000Z',
      loadSpec: { type: 'local', path: '/deep/wikipedia/1/index.sseg' },
      dimensions: 'channel,page,user',
      metrics: 'count,added',
      shardSpec: { type: 'numbered', partitionNum: 1, partitions: 2 },
      binaryVersion: 9,
      size: 1234,
      identifier: 'wikipedia_2015-09-12T00:00:00.000Z_2015-09-13T00:00:00.000Z_2024-01-01T00:00:00.000Z_1',
    });
  });

  it('serializes every shard spec type as Druid does', () => {
    expect(JSON.stringify(shardSpecJson({ type: 'tombstone', partitionNum: 0, partitions: 1 }))).toBe('{"type":"tombstone","partitionNum":0,"partitions":1}');
    expect(
      JSON.stringify(shardSpecJson({ type: 'range', dimensions: ['page'], start: null, end: ['m'], partitionNum: 0, numCorePartitions: 2 })),
    ).toBe('{"type":"range","dimensions":["page"],"start":null,"end":["m"],"partitionNum":0,"numCorePartitions":2}');
    expect(
      JSON.stringify(
        shardSpecJson({
          type: 'hashed',
          partitionNum: 1,
          partitions: 3,
          bucketId: 1,
          numBuckets: 3,
          partitionDimensions: ['user'],
          partitionFunction: 'murmur3_32_abs',
        }),
      ),
    ).toBe('{"type":"hashed","partitionNum":1,"partitions":3,"bucketId":1,"numBuckets":3,"partitionDimensions":["user"],"partitionFunction":"murmur3_32_abs"}');
  });
});
