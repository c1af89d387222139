import { FaultError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_INPUT_BYTES_PER_WORKER,
  DEFAULT_MAX_NUM_FILES,
  DEFAULT_MAX_SPLIT_SIZE,
  type InputSplit,
  MAX_INPUT_FILES_PER_WORKER,
  assignSplitsToWorkers,
  groupSplits,
  humanReadableBytes,
} from '../src/index.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const local = { type: 'local', baseDir: '/data', filter: '*' };
const files = (sizes: readonly number[], inputSource: Record<string, unknown> = local): InputSplit[] =>
  sizes.map((size, i) => ({ source: `/data/f${i}`, size, inputSource }));
const names = (groups: InputSplit[][]) => groups.map((g) => g.map((s) => s.source.replace('/data/', '')));

describe('humanReadableBytes', () => {
  it('reads numbers and Druid units, decimal and binary, case-insensitively', () => {
    expect(['1GiB', '1gib', '500MiB', '1G', '10k', '3T', '123'].map(humanReadableBytes)).toEqual([GiB, GiB, 500 * MiB, 1e9, 10_000, 3e12, 123]);
    expect(humanReadableBytes(42)).toBe(42);
    expect(['1.5G', 'lots', '1GB', ''].map(humanReadableBytes)).toEqual([null, null, null, null]);
  });
});

describe('groupSplits (splitHintSpec)', () => {
  it('defaults to maxSize with maxSplitSize 1GiB and maxNumFiles 1000', () => {
    expect(DEFAULT_MAX_SPLIT_SIZE).toBe(GiB);
    expect(DEFAULT_MAX_NUM_FILES).toBe(1000);
    const small = files(Array.from({ length: 2500 }, () => 1000));
    expect(groupSplits(small).map((g) => g.length)).toEqual([1000, 1000, 500]);
    const big = files([600 * MiB, 400 * MiB, 24 * MiB - 1, 1, 2 * GiB, 1]);
    // 600+400+24MiB-1 stays under 1 GiB; adding the 1-byte file would reach it.
    expect(names(groupSplits(big))).toEqual([['f0', 'f1', 'f2'], ['f3'], ['f4'], ['f5']]);
  });

  it('keeps a group strictly under maxSplitSize and within maxNumFiles; a bigger file goes alone', () => {
    const spec = { type: 'maxSize', maxSplitSize: 100, maxNumFiles: 3 };
    expect(names(groupSplits(files([40, 59, 1, 30, 30, 30, 30, 500, 10]), spec))).toEqual([['f0', 'f1'], ['f2', 'f3', 'f4'], ['f5', 'f6'], ['f7'], ['f8']]);
    expect(names(groupSplits(files([10, 10]), { type: 'maxSize', maxSplitSize: '1KiB' }))).toEqual([['f0', 'f1']]);
  });

  it('applies segments limits to druid segments, and maxSize too', () => {
    const druid = { type: 'druid', dataSource: 'wiki', interval: '2016/2017' };
    const segments: InputSplit[] = [300, 300, 300, 300].map((size, i) => ({
      source: `/seg/${i}`,
      size,
      inputSource: druid,
      segmentId: `s${i}`,
      intervals: [],
      filter: null,
      dimensions: null,
      metrics: null,
    })) as InputSplit[];
    const sizes = (groups: InputSplit[][]) => groups.map((g) => g.length);
    expect(sizes(groupSplits(segments, { type: 'segments', maxInputSegmentBytesPerTask: 700 }))).toEqual([2, 2]);
    expect(sizes(groupSplits(segments, { type: 'segments', maxNumSegments: 3 }))).toEqual([3, 1]);
    expect(sizes(groupSplits(segments, { type: 'maxSize', maxSplitSize: 1000 }))).toEqual([3, 1]);
    expect(sizes(groupSplits(segments))).toEqual([4]);
  });

  it('never groups http or sql splits, nor splits of different delegates', () => {
    const http = { type: 'http', uris: ['http://a/1', 'http://a/2'] };
    const other = { type: 'local', files: ['/x'] };
    const splits = [...files([1, 1]), ...files([1, 1], http), ...files([1, 1], other)];
    expect(groupSplits(splits).map((g) => g.length)).toEqual([2, 1, 1, 2]);
  });

  it('refuses an invalid spec, and a segments spec for files', () => {
    expect(() => groupSplits(files([1]), { type: 'maxSize', maxSplitSize: 'huge' })).toThrow('Invalid splitHintSpec: field [maxSplitSize]: must be a positive number of bytes');
    expect(() => groupSplits(files([1]), { type: 'maxSize', maxNumFiles: 0 })).toThrow('Invalid splitHintSpec: field [maxNumFiles]');
    expect(() => groupSplits(files([1]), { type: 'dynamic' })).toThrow('Invalid splitHintSpec: unknown type [dynamic]; supported types are [maxSize, segments]');
    expect(() => groupSplits(files([1]), { type: 'segments' })).toThrow('splitHintSpec type [segments] applies only to the druid input source');
  });
});

describe('assignSplitsToWorkers', () => {
  it('has MSQ defaults: 512 MiB and 10,000 files per worker', () => {
    expect(DEFAULT_MAX_INPUT_BYTES_PER_WORKER).toBe(512 * MiB);
    expect(MAX_INPUT_FILES_PER_WORKER).toBe(10_000);
  });

  it('max: one worker per split when they are few', () => {
    expect(names(assignSplitsToWorkers(files([5, 1, 3]), { maxWorkers: 4, mode: 'max' }))).toEqual([['f0'], ['f1'], ['f2']]);
    expect(assignSplitsToWorkers([], { maxWorkers: 4, mode: 'max' })).toEqual([[]]);
  });

  it('max: otherwise every worker, each split to the lightest worker (ties to the lower one)', () => {
    const workers = assignSplitsToWorkers(files([10, 1, 1, 1, 5, 2]), { maxWorkers: 3, mode: 'max' });
    // f0→w0; f1→w1; f2→w2; f3→w1 (1<10, ties to lower); f4→w2 (1); f5→w1 (2)
    expect(names(workers)).toEqual([['f0'], ['f1', 'f3', 'f5'], ['f2', 'f4']]);
  });

  it('auto: as few workers as the byte budget allows, never more than maxWorkers', () => {
    const tenOf200MiB = files(Array.from({ length: 10 }, () => 200 * MiB));
    const byBytes = assignSplitsToWorkers(tenOf200MiB, { maxWorkers: 100, mode: 'auto' });
    expect(byBytes.map((w) => w.length)).toEqual([2, 2, 2, 2, 2]);
    expect(byBytes.every((w) => w.reduce((n, s) => n + s.size, 0) <= DEFAULT_MAX_INPUT_BYTES_PER_WORKER)).toBe(true);
    expect(assignSplitsToWorkers(tenOf200MiB, { maxWorkers: 3, mode: 'auto' }).map((w) => w.length)).toEqual([4, 3, 3]);
    const small = assignSplitsToWorkers(files(Array.from({ length: 50 }, () => 1000)), { maxWorkers: 8, mode: 'auto' });
    expect(small.map((w) => w.length)).toEqual([50]);
    const custom = assignSplitsToWorkers(files([60, 60, 60]), { maxWorkers: 8, mode: 'auto', maxInputBytesPerWorker: 100 });
    expect(names(custom)).toEqual([['f0'], ['f1'], ['f2']]);
  });

  it('auto: a new worker when one has maxInputFilesPerWorker files', () => {
    const many = files(Array.from({ length: 25_000 }, () => 1));
    expect(assignSplitsToWorkers(many, { maxWorkers: 10, mode: 'auto' }).map((w) => w.length)).toEqual([10_000, 10_000, 5000]);
    expect(assignSplitsToWorkers(files([1, 1, 1, 1, 1]), { maxWorkers: 10, mode: 'auto', maxInputFilesPerWorker: 2 }).map((w) => w.length)).toEqual([2, 2, 1]);
  });

  it('raises TooManyInputFiles when a worker would get more than 10,000 files even with every worker', () => {
    const many = files(Array.from({ length: 25_001 }, () => 1));
    for (const mode of ['auto', 'max'] as const) {
      const error = (() => {
        try {
          assignSplitsToWorkers(many, { maxWorkers: 2, mode });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(FaultError);
      expect((error as FaultError).fault).toMatchObject({
        errorCode: 'TooManyInputFiles',
        numInputFiles: 12_501,
        maxInputFiles: 10_000,
        minNumWorkers: 2,
      });
      expect((error as FaultError).fault.errorMessage).toContain('Too many input files/segments [12501] encountered');
    }
    expect(assignSplitsToWorkers(many, { maxWorkers: 3, mode: 'max' }).map((w) => w.length)).toEqual([8334, 8334, 8333]);
  });

  it('TooManyInputFiles with one worker counts every file (Druid: one work order)', () => {
    const error = (() => {
      try {
        assignSplitsToWorkers(files(Array.from({ length: 100_000 }, () => 9615)), { maxWorkers: 1, mode: 'max' });
      } catch (e) {
        return e;
      }
    })();
    expect((error as FaultError).fault).toMatchObject({ errorCode: 'TooManyInputFiles', numInputFiles: 100_000, maxInputFiles: 10_000, minNumWorkers: 10 });
  });

  it('refuses invalid options', () => {
    expect(() => assignSplitsToWorkers(files([1]), { maxWorkers: 0, mode: 'max' })).toThrow('Invalid maxWorkers [0]: must be a positive integer');
    expect(() => assignSplitsToWorkers(files([1]), { maxWorkers: 1, mode: 'fast' as 'max' })).toThrow('Invalid taskAssignment [fast]');
  });
});
