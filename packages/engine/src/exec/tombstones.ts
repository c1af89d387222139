import { type Granularity, type Interval, ETERNITY, FaultError, bucketEnd, bucketStart, condenseIntervals, fault, overlaps } from '@silt/common';
import type { DataSegment } from '@silt/segment';
import { LIMITS } from '../limits.ts';
import type { PlannedSegment } from './segment-allocation.ts';

/**
 * Tombstones for a REPLACE, by Druid's rule: the replaced intervals minus the chunks that got rows
 * are dropped; wherever a dropped interval overlaps existing data (the condensed intervals of the
 * existing segments), that overlap is covered by tombstones: one per chunk of the query's
 * granularity (PARTITIONED BY ALL: the overlap itself). An overlap open at one end of eternity gets
 * one tombstone from the chunk boundary to that end (no chunks to count there); an overlap that is
 * all of eternity gets one eternity tombstone. More than Druid's bucket limit (5,000) fails with
 * TooManyBuckets, checked as they are made since a coarse segment replaced at a fine granularity can
 * need millions.
 */
export function tombstonesFor(granularity: Granularity, replaced: readonly Interval[], written: readonly Interval[], existing: readonly DataSegment[], version: string): PlannedSegment[] {
  const dropped = subtractIntervals(condenseIntervals(replaced), condenseIntervals(written));
  const used = condenseIntervals(existing.map((s) => s.interval).filter((i) => replaced.some((r) => overlaps(r, i))));
  const seen = new Set<string>();
  const out: PlannedSegment[] = [];
  const add = (interval: Interval): void => {
    const key = `${interval.start}/${interval.end}`;
    if (interval.start >= interval.end || seen.has(key)) return;
    seen.add(key);
    if (out.length === LIMITS.maxBuckets) throw new FaultError(fault('TooManyBuckets', { maxBuckets: LIMITS.maxBuckets }));
    out.push({ partition: -1, interval, version, shardSpec: { type: 'tombstone', partitionNum: 0, partitions: 1 } });
  };
  for (const drop of dropped) {
    for (const range of used) {
      const start = Math.max(drop.start, range.start);
      const end = Math.min(drop.end, range.end);
      if (start >= end) continue;
      const fromEternityStart = start <= ETERNITY.start;
      const toEternityEnd = end >= ETERNITY.end;
      if (fromEternityStart && toEternityEnd) add({ start, end });
      else if (fromEternityStart) add({ start, end: bucketStart(granularity, end) });
      else if (toEternityEnd) add({ start: bucketStart(granularity, start), end });
      else if (granularity.type === 'all') add({ start, end });
      else for (let b = bucketStart(granularity, start); b < end; b = bucketEnd(granularity, b)) add({ start: b, end: bucketEnd(granularity, b) });
    }
  }
  return out;
}

/** `from` without `remove`; both sorted and condensed. */
function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const interval of from) {
    let start = interval.start;
    for (const r of remove) {
      if (r.end <= start || r.start >= interval.end) continue;
      if (r.start > start) out.push({ start, end: r.start });
      start = Math.max(start, r.end);
    }
    if (start < interval.end) out.push({ start, end: interval.end });
  }
  return out;
}
