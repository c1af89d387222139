import { ETERNITY, type Interval, formatInterval, parseGranularity, parseInterval } from '@silt/common';
import type { DataSegment } from '@silt/segment';
import { describe, expect, it } from 'vitest';
import { tombstonesFor } from '../src/exec/tombstones.ts';

const DAY = parseGranularity('DAY')!;
const MONTH = parseGranularity('MONTH')!;
const ALL = parseGranularity('ALL')!;

function segment(interval: Interval): DataSegment {
  return {
    dataSource: 'foo',
    interval,
    version: 'v1',
    shardSpec: { type: 'numbered', partitionNum: 0, partitions: 1 },
    loadSpec: { type: 'local' },
    dimensions: [],
    metrics: [],
    signature: [],
    numRows: 1,
    size: 1,
    binaryVersion: 9,
    rollup: false,
  };
}

const tombstones = (...args: Parameters<typeof tombstonesFor>): string[] => tombstonesFor(...args).map((t) => formatInterval(t.interval));

describe('REPLACE tombstones (Druid TombstoneHelper rules)', () => {
  it('one per empty chunk of the granularity where existing data is replaced', () => {
    const existing = [segment(parseInterval('2000-01-01/2000-01-04'))];
    expect(tombstones(DAY, [ETERNITY], [parseInterval('2000-01-02/2000-01-03')], existing, 'v2')).toEqual([
      '2000-01-01T00:00:00.000Z/2000-01-02T00:00:00.000Z',
      '2000-01-03T00:00:00.000Z/2000-01-04T00:00:00.000Z',
    ]);
  });

  it('OVERWRITE ALL over an eternity segment: tombstones from each end of eternity to the written chunks', () => {
    const existing = [segment(ETERNITY)];
    expect(tombstones(MONTH, [ETERNITY], [parseInterval('2000-01-01/2000-02-01')], existing, 'v2')).toEqual([
      '-146136543-09-08T08:23:32.096Z/2000-01-01T00:00:00.000Z',
      '2000-02-01T00:00:00.000Z/146140482-04-24T15:36:27.903Z',
    ]);
  });

  it('an empty REPLACE over an eternity segment: one eternity tombstone, whatever the granularity', () => {
    expect(tombstones(DAY, [ETERNITY], [], [segment(ETERNITY)], 'v2')).toEqual([formatInterval(ETERNITY)]);
  });

  it('PARTITIONED BY ALL: the tombstone covers the existing data only', () => {
    const existing = [segment(parseInterval('2016-06-01/2016-07-01'))];
    expect(tombstones(ALL, [ETERNITY], [], existing, 'v2')).toEqual(['2016-06-01T00:00:00.000Z/2016-07-01T00:00:00.000Z']);
  });

  it('nothing outside the replaced intervals, and nothing where no data exists', () => {
    const existing = [segment(parseInterval('2000-01-01/2000-01-03'))];
    expect(tombstones(DAY, [parseInterval('2000-01-02/2000-01-10')], [], existing, 'v2')).toEqual(['2000-01-02T00:00:00.000Z/2000-01-03T00:00:00.000Z']);
  });

  it('fails with TooManyBuckets past 5,000 tombstones', () => {
    const existing = [segment(parseInterval('2000-01-01/2020-01-01'))];
    expect(() => tombstonesFor(DAY, [ETERNITY], [], existing, 'v2')).toThrow(expect.objectContaining({ fault: expect.objectContaining({ errorCode: 'TooManyBuckets' }) }));
  });
});
