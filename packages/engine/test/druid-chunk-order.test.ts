import { FaultError, parseGranularity, parseInterval } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { druidChunkOrder } from '../src/exec/druid-chunk-order.ts';
import type { BucketPartitions } from '../src/exec/key-statistics.ts';
import { checkReplaceBounds } from '../src/exec/segment-allocation.ts';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const hours = (n: number) => Array.from({ length: n }, (_, i) => day('2000-01-01') + i * 3_600_000);

// Expected orders were produced by java.util.HashMap.computeIfAbsent with keys hashing as Joda's UTC DateTime.
describe('druidChunkOrder', () => {
  it("visits the days of Druid's foo table as its controller's HashMap does", () => {
    const days = ['2000-01-01', '2000-01-02', '2000-01-03', '2001-01-01', '2001-01-02', '2001-01-03'].map(day);
    expect(druidChunkOrder(days).map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(['2000-01-02', '2001-01-02', '2001-01-01', '2000-01-01', '2000-01-03', '2001-01-03']);
  });

  it('follows the table as it grows past 3/4 of 16 bins', () => {
    const java = [946706400000, 946713600000, 946688400000, 946720800000, 946695600000, 946728000000, 946702800000, 946710000000, 946684800000, 946717200000, 946692000000, 946724400000, 946699200000];
    expect(druidChunkOrder(hours(13))).toEqual(java);
  });

  it('grows a small table when one bin passes seven keys, and lists a bin newest first', () => {
    const colliding = Array.from({ length: 12 }, (_, i) => i * 1_048_576);
    expect(druidChunkOrder(colliding)).toEqual([11534336, 9437184, 7340032, 5242880, 3145728, 1048576, 10485760, 8388608, 6291456, 4194304, 2097152, 0]);
  });
});

describe('checkReplaceBounds', () => {
  const DAY = parseGranularity('DAY')!;
  const buckets = (starts: number[]): BucketPartitions[] => starts.map((bucket, i) => ({ bucket, firstPartition: i, numPartitions: 1, keyBoundaries: null, hashed: false, runOffsets: [], rows: 1 }));

  it('passes chunks inside the bounds', () => {
    expect(() => checkReplaceBounds(DAY, buckets([day('2000-01-02')]), [parseInterval('2000-01-01/2000-01-03')])).not.toThrow();
  });

  it('names the first chunk out of bounds in Druid order, and every bound', () => {
    const bounds = [parseInterval('2002-01-02/2002-01-03'), parseInterval('2003-01-01/2003-02-01')];
    const error = (() => {
      try {
        checkReplaceBounds(DAY, buckets(['2000-01-01', '2000-01-02', '2000-01-03'].map(day)), bounds);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FaultError);
    expect((error as FaultError).fault).toEqual({
      errorCode: 'InsertTimeOutOfBounds',
      errorMessage:
        'Inserted data contains time chunk[2000-01-02T00:00:00.000Z/2000-01-03T00:00:00.000Z] outside of bounds specified by OVERWRITE WHERE[[2002-01-02T00:00:00.000Z/2002-01-03T00:00:00.000Z, 2003-01-01T00:00:00.000Z/2003-02-01T00:00:00.000Z]]. If you want to include this data, expand your OVERWRITE WHERE. If you do not want to include this data, use SELECT ... WHERE to filter it from your inserted data.',
      interval: '2000-01-02T00:00:00.000Z/2000-01-03T00:00:00.000Z',
      intervalBounds: ['2002-01-02T00:00:00.000Z/2002-01-03T00:00:00.000Z', '2003-01-01T00:00:00.000Z/2003-02-01T00:00:00.000Z'],
    });
  });

  it('refuses a chunk only partly inside a bound', () => {
    expect(() => checkReplaceBounds(parseGranularity('MONTH')!, buckets([day('2000-01-01')]), [parseInterval('2000-01-01/2000-01-15')])).toThrow(/time chunk\[2000-01-01T00:00:00.000Z\/2000-02-01T00:00:00.000Z\]/);
  });
});
