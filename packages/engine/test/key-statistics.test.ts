import { describe, expect, it } from 'vitest';
import { type KeyStatistics, addKey, decideBoundaries, partitionOfKey } from '../src/exec/key-statistics.ts';

describe('partition boundaries from key statistics', () => {
  it('gives each time bucket ceil(rows / targetSize) partitions, numbered across buckets', () => {
    const w0: KeyStatistics = new Map();
    const w1: KeyStatistics = new Map();
    for (let i = 0; i < 25; i++) addKey(w0, 0, null);
    for (let i = 0; i < 10; i++) addKey(w1, 0, null);
    for (let i = 0; i < 5; i++) addKey(w1, 86_400_000, null);
    const b = decideBoundaries([w0, w1], 10, false);
    expect(b.partitionCount).toBe(5);
    expect(b.buckets.map((x) => [x.bucket, x.firstPartition, x.numPartitions, x.rows])).toEqual([
      [0, 0, 4, 35],
      [86_400_000, 4, 1, 5],
    ]);
    expect(b.buckets[0]!.workerOffsets).toEqual([0, 25]);
  });

  it('splits clustered buckets at sampled key quantiles', () => {
    const stats: KeyStatistics = new Map();
    for (let i = 0; i < 1000; i++) addKey(stats, 0, [`k${String(i).padStart(4, '0')}`]);
    const b = decideBoundaries([stats], 250, true);
    const boundaries = b.buckets[0]!.keyBoundaries!;
    expect(boundaries).toHaveLength(3);
    expect(partitionOfKey(boundaries, ['k0000'])).toBe(0);
    expect(partitionOfKey(boundaries, ['k0999'])).toBe(3);
    const sizes = [0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) sizes[partitionOfKey(boundaries, [`k${String(i).padStart(4, '0')}`])]!++;
    for (const s of sizes) expect(s).toBeGreaterThan(150);
  });
});
