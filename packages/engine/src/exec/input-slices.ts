import type { Interval } from '@silt/common';
import type { InputSplit } from '@silt/input';
import type { DataSegment } from '@silt/segment';

/** A visible segment a table input reads: where its file is and the sub-intervals to keep. */
export interface SegmentToRead {
  readonly segment: DataSegment;
  readonly intervals: readonly Interval[];
  /** Local file path, null for tombstones. */
  readonly path: string | null;
}

/** What one worker reads for one stage (Druid's InputSlice). */
export type InputSlice =
  | { readonly type: 'external'; readonly splits: readonly InputSplit[] }
  | { readonly type: 'table'; readonly segments: readonly SegmentToRead[] }
  | { readonly type: 'system' }
  | { readonly type: 'stage'; readonly stage: number; readonly partitions: readonly number[]; readonly upstreamWorkers: number };

/** Splits items across `workers` by weight, largest first onto the least-loaded worker. */
export function assignByWeight<T>(items: readonly T[], workers: number, weight: (t: T) => number): T[][] {
  const out: T[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  const sorted = [...items].sort((a, b) => weight(b) - weight(a));
  for (const item of sorted) {
    let w = 0;
    for (let i = 1; i < workers; i++) if (load[i]! < load[w]!) w = i;
    out[w]!.push(item);
    load[w]! += Math.max(1, weight(item));
  }
  return out;
}
