import { formatInstant, type Interval } from '@silt/common';
import type { ShardSpec } from './data-segment.ts';

/**
 * Druid's segment id: `{dataSource}_{start}_{end}_{version}`, plus `_{partitionNum}` when the
 * partition number is above 0. Instants print as ISO-8601 UTC with milliseconds.
 *
 * @example
 * ```ts
 * segmentIdString({ dataSource: 'wikipedia', interval, version: '2024-01-01T00:00:00.000Z', shardSpec });
 * // 'wikipedia_2015-09-12T00:00:00.000Z_2015-09-13T00:00:00.000Z_2024-01-01T00:00:00.000Z'
 * ```
 */
export function segmentIdString(segment: {
  readonly dataSource: string;
  readonly interval: Interval;
  readonly version: string;
  readonly shardSpec: ShardSpec | { readonly partitionNum: number };
}): string {
  const base = `${segment.dataSource}_${formatInstant(segment.interval.start)}_${formatInstant(segment.interval.end)}_${segment.version}`;
  return segment.shardSpec.partitionNum > 0 ? `${base}_${segment.shardSpec.partitionNum}` : base;
}

let lastVersionMillis = Number.NEGATIVE_INFINITY;

/**
 * A new segment version: the ISO-8601 UTC instant of `now` (Druid uses the lock acquisition time,
 * e.g. `2026-11-21T06:00:00.000Z`). Versions compare lexicographically. Without `now`, successive
 * calls in one process return strictly increasing versions (bumping by a millisecond when the
 * clock has not moved), so two jobs never share a version.
 */
export function newVersion(now?: number): string {
  if (now !== undefined) return new Date(now).toISOString();
  const millis = Math.max(Date.now(), lastVersionMillis + 1);
  lastVersionMillis = millis;
  return new Date(millis).toISOString();
}
