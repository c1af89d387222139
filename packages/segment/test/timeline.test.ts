import { DruidError, formatInterval, parseInterval } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { type DataSegment, overshadowedIds, type ShardSpec, segmentIdString, visibleSegments } from '../src/index.ts';

const DAY = '2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z';

function seg(interval: string, version: string, shardSpec: ShardSpec = { type: 'numbered', partitionNum: 0, partitions: 1 }, dataSource = 'wiki'): DataSegment {
  return {
    dataSource,
    interval: parseInterval(interval),
    version,
    shardSpec,
    loadSpec: shardSpec.type === 'tombstone' ? { type: 'tombstone' } : { type: 'local', path: `/deep/${version}/${shardSpec.partitionNum}` },
    dimensions: ['page'],
    metrics: [],
    signature: [
      { name: '__time', type: 'LONG' },
      { name: 'page', type: 'STRING' },
    ],
    numRows: shardSpec.type === 'tombstone' ? 0 : 10,
    size: 100,
    binaryVersion: 9,
    rollup: false,
  };
}

const numbered = (partitionNum: number, partitions: number): ShardSpec => ({ type: 'numbered', partitionNum, partitions });

/** Visible segments as `id → [intervals]` for compact assertions. */
function visible(segments: readonly DataSegment[], query?: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of visibleSegments(segments, query ? parseInterval(query) : undefined)) {
    out[segmentIdString(v.segment)] = v.intervals.map(formatInterval);
  }
  return out;
}

describe('visibleSegments', () => {
  it('shows a higher complete version over a lower one', () => {
    const v1 = [seg(DAY, 'v1', numbered(0, 2)), seg(DAY, 'v1', numbered(1, 2))];
    const v2 = seg(DAY, 'v2');
    expect(visible([...v1, v2])).toEqual({ [segmentIdString(v2)]: [DAY] });
    expect(overshadowedIds([...v1, v2])).toEqual(new Set(v1.map(segmentIdString)));
  });

  it('ignores a version whose core partition set is incomplete', () => {
    const v1 = seg(DAY, 'v1');
    const v2 = seg(DAY, 'v2', numbered(0, 2)); // partition 1 missing
    expect(visible([v1, v2])).toEqual({ [segmentIdString(v1)]: [DAY] });
    expect(overshadowedIds([v1, v2]).size).toBe(0);
    // Once the core set completes, v2 wins.
    const v2b = seg(DAY, 'v2', numbered(1, 2));
    expect(Object.keys(visible([v1, v2, v2b]))).toEqual([segmentIdString(v2), segmentIdString(v2b)]);
  });

  it('shows appended partitions with their complete chunk, and not without the core set', () => {
    const core = [seg(DAY, 'v1', numbered(0, 2)), seg(DAY, 'v1', numbered(1, 2))];
    const appended = [seg(DAY, 'v1', numbered(2, 2)), seg(DAY, 'v1', numbered(4, 2))];
    expect(Object.keys(visible([...appended, ...core]))).toEqual([...core, ...appended].map(segmentIdString));
    expect(visible([core[0]!, ...appended])).toEqual({});
    // A core size of 0 (dynamic partitioning appends) is always complete.
    const dynamic = [seg(DAY, 'v3', numbered(0, 0)), seg(DAY, 'v3', numbered(3, 0))];
    expect(Object.keys(visible([...core, ...dynamic]))).toEqual(dynamic.map(segmentIdString));
  });

  it('checks the core set of range and hashed shard specs', () => {
    const range = (partitionNum: number): ShardSpec => ({
      type: 'range',
      dimensions: ['page'],
      start: partitionNum === 0 ? null : ['m'],
      end: partitionNum === 0 ? ['m'] : null,
      partitionNum,
      numCorePartitions: 2,
    });
    const v1 = seg(DAY, 'v1');
    expect(Object.keys(visible([v1, seg(DAY, 'v2', range(1))]))).toEqual([segmentIdString(v1)]);
    expect(Object.keys(visible([v1, seg(DAY, 'v2', range(1)), seg(DAY, 'v2', range(0))])).length).toBe(2);
    const hashed: ShardSpec = { type: 'hashed', partitionNum: 0, partitions: 2, bucketId: 0, numBuckets: 2, partitionDimensions: [], partitionFunction: 'murmur3_32_abs' };
    expect(Object.keys(visible([v1, seg(DAY, 'v2', hashed)]))).toEqual([segmentIdString(v1)]);
  });

  it('lets a tombstone overshadow older data and reports it as visible', () => {
    const data = seg(DAY, 'v1');
    const tombstone = seg(DAY, 'v2', { type: 'tombstone', partitionNum: 0, partitions: 1 });
    const result = visibleSegments([data, tombstone]);
    expect(result.map((v) => v.segment.shardSpec.type)).toEqual(['tombstone']);
    expect(result[0]!.intervals.map(formatInterval)).toEqual([DAY]);
    expect(overshadowedIds([data, tombstone])).toEqual(new Set([segmentIdString(data)]));
  });

  it('leaves a lower DAY segment visible around a higher HOUR segment', () => {
    const day = seg(DAY, 'v1');
    const hour = seg('2015-09-12T01:00:00Z/2015-09-12T02:00:00Z', 'v2');
    expect(visible([day, hour])).toEqual({
      [segmentIdString(day)]: ['2015-09-12T00:00:00.000Z/2015-09-12T01:00:00.000Z', '2015-09-12T02:00:00.000Z/2015-09-13T00:00:00.000Z'],
      [segmentIdString(hour)]: ['2015-09-12T01:00:00.000Z/2015-09-12T02:00:00.000Z'],
    });
    expect(overshadowedIds([day, hour]).size).toBe(0);
    // A lower HOUR segment under a higher DAY segment is fully overshadowed.
    const oldHour = seg('2015-09-12T05:00:00Z/2015-09-12T06:00:00Z', 'v0');
    expect(overshadowedIds([day, hour, oldHour])).toEqual(new Set([segmentIdString(oldHour)]));
  });

  it('overshadows a segment covered only by several newer segments together', () => {
    const day = seg(DAY, 'v1');
    const halves = [seg('2015-09-12T00:00:00Z/2015-09-12T12:00:00Z', 'v2'), seg('2015-09-12T12:00:00Z/2015-09-13T00:00:00Z', 'v3')];
    expect(overshadowedIds([day, ...halves])).toEqual(new Set([segmentIdString(day)]));
    expect(overshadowedIds([day, halves[0]!]).size).toBe(0);
  });

  it('clips to the query interval and drops segments outside it', () => {
    const day = seg(DAY, 'v1');
    const hour = seg('2015-09-12T01:00:00Z/2015-09-12T02:00:00Z', 'v2');
    const nextDay = seg('2015-09-13/2015-09-14', 'v1');
    expect(visible([day, hour, nextDay], '2015-09-12T00:30:00Z/2015-09-12T01:30:00Z')).toEqual({
      [segmentIdString(day)]: ['2015-09-12T00:30:00.000Z/2015-09-12T01:00:00.000Z'],
      [segmentIdString(hour)]: ['2015-09-12T01:00:00.000Z/2015-09-12T01:30:00.000Z'],
    });
    expect(visible([day, hour, nextDay], '2015-09-12T03:00:00Z/2015-09-12T04:00:00Z')).toEqual({
      [segmentIdString(day)]: ['2015-09-12T03:00:00.000Z/2015-09-12T04:00:00.000Z'],
    });
    expect(visible([day, hour, nextDay], '2016-01-01/2016-01-02')).toEqual({});
  });

  it('keeps data sources apart', () => {
    const a = seg(DAY, 'v1', numbered(0, 1), 'a');
    const b = seg(DAY, 'v2', numbered(0, 1), 'b');
    expect(Object.keys(visible([b, a]))).toEqual([segmentIdString(a), segmentIdString(b)]);
    expect(overshadowedIds([a, b]).size).toBe(0);
  });

  it('refuses overlapping complete chunks with the same version, as Druid does', () => {
    const day = seg(DAY, 'v1');
    const hour = seg('2015-09-12T01:00:00Z/2015-09-12T02:00:00Z', 'v1');
    expect(() => visibleSegments([day, hour])).toThrow(DruidError);
  });
});
