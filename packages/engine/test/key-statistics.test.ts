import { describe, expect, it } from 'vitest';
import { decideBoundaries, partitionOfKey, partitionOfWholeRun } from '../src/exec/key-statistics.ts';
import type { RunStatistics } from '../src/exec/output-spec.ts';

const keys = (prefix: string, n: number, mod = n) => Array.from({ length: n }, (_, i) => [`${prefix}${String(i % mod).padStart(4, '0')}`]);

describe('partition boundaries from key statistics (MERGING_STATISTICS)', () => {
  it('gives each time bucket ceil(rows / targetSize) partitions, numbered across buckets, with run offsets', () => {
    const w0: RunStatistics[] = [[{ bucket: 0, count: 25, sample: [] }]];
    const w1: RunStatistics[] = [[{ bucket: 0, count: 10, sample: [] }], [{ bucket: 86_400_000, count: 5, sample: [] }]];
    const b = decideBoundaries([w0, w1], 10, false);
    expect(b.partitionCount).toBe(5);
    expect(b.firstRunOfWorker).toEqual([0, 1]);
    expect(b.buckets.map((x) => [x.bucket, x.firstPartition, x.numPartitions, x.rows])).toEqual([
      [0, 0, 4, 35],
      [86_400_000, 4, 1, 5],
    ]);
    expect(b.buckets[0]!.runOffsets).toEqual([0, 25, 35]);
  });

  it('names the partition of a run whose rows all go to one: one bucket that is one partition', () => {
    const w0: RunStatistics[] = [[{ bucket: 0, count: 25, sample: [] }], [{ bucket: 0, count: 3, sample: [] }, { bucket: 86_400_000, count: 2, sample: [] }]];
    const w1: RunStatistics[] = [[{ bucket: 86_400_000, count: 5, sample: [] }], [{ bucket: 2 * 86_400_000, count: 4, sample: [] }]];
    const b = decideBoundaries([w0, w1], 10, false);
    const whole = partitionOfWholeRun(b);
    // Bucket 0 (28 rows) is three partitions, the next two buckets one each.
    expect([w0[0]!, w0[1]!, w1[0]!, w1[1]!].map(whole)).toEqual([null, null, 3, 4]);
  });

  it('splits clustered buckets at sampled key quantiles into partitions of similar size', () => {
    const run: RunStatistics = [{ bucket: 0, count: 1000, sample: keys('k', 1000) }];
    const b = decideBoundaries([[run]], 250, true).buckets[0]!;
    expect(b.keyBoundaries).toHaveLength(3);
    expect(partitionOfKey(b.keyBoundaries!, ['k0000'])).toBe(0);
    expect(partitionOfKey(b.keyBoundaries!, ['k0999'])).toBe(3);
    const sizes = [0, 0, 0, 0];
    for (const [k] of keys('k', 1000)) sizes[partitionOfKey(b.keyBoundaries!, [k])]!++;
    for (const s of sizes) expect(s).toBeGreaterThan(150);
  });

  it('never produces empty partitions for a skewed key: equal quantiles collapse', () => {
    const sample = [...Array.from({ length: 900 }, () => ['#en.wikipedia']), ...keys('#x', 100, 10)];
    const b = decideBoundaries([[[{ bucket: 0, count: 1000, sample }]]], 100, true).buckets[0]!;
    expect(b.numPartitions).toBe(b.keyBoundaries!.length + 1);
    const used = new Set<number>();
    for (const key of ['#en.wikipedia', ...keys('#x', 10).map((k) => k[0])]) used.add(partitionOfKey(b.keyBoundaries!, [key]));
    expect(used.size).toBe(b.numPartitions);
  });
});
