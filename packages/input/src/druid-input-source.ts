import { type Interval, invalidInput, overlaps, parseInterval } from '@silt/common';
import type { InputSplit } from './input-split.ts';
import type { DruidInputSource } from './input-source-spec.ts';

/** A used segment of a datasource, as the metadata store describes it. */
export interface DruidSegmentDescriptor {
  /** Segment file path (local or deep storage), read by the engine with `SegmentFile`. */
  readonly path: string;
  /** Segment size in bytes. */
  readonly size: number;
  /** The parts of the segment's interval where it is visible (not overshadowed) within the asked interval. */
  readonly intervals: readonly Interval[];
  /** Segment id (`dataSource_start_end_version[_partition]`). */
  readonly id: string;
}

/**
 * How the input layer learns which segments a `druid` input source reads: the embedder (which owns
 * the metadata store and the segment timeline) supplies it to `listSplits`. Input does not read the
 * metadata store itself.
 */
export interface DruidSegmentResolver {
  /** The used, visible segments of `dataSource` overlapping `interval`, in timeline order. */
  segmentsFor(dataSource: string, interval: Interval): Promise<readonly DruidSegmentDescriptor[]>;
}

/**
 * A split of a `druid` input source: one segment. `source` is the segment path, `size` its size.
 * It is not read by `readRecordChunks`: the engine opens `source` with `SegmentFile` (from
 * @silt/segment), keeps the rows whose `__time` falls in `intervals`, applies `filter` and reads the
 * `dimensions` and `metrics` columns (all columns when they are absent), with `__time` as epoch millis.
 */
export interface DruidSegmentSplit extends InputSplit {
  readonly segmentId: string;
  /** Visible intervals of the segment, clipped to the input source's `interval`. */
  readonly intervals: readonly Interval[];
  /** Druid native filter JSON, as given (opaque here). */
  readonly filter: Readonly<Record<string, unknown>> | null;
  /** Columns to read as dimensions; null for all of the segment's dimensions. */
  readonly dimensions: readonly string[] | null;
  /** Columns to read as metrics; null for all of the segment's metrics. */
  readonly metrics: readonly string[] | null;
}

/**
 * True when `split` is a segment of a `druid` input source (read it with `SegmentFile`, not with
 * `readRecordChunks`).
 *
 * @example
 * if (isDruidSplit(split)) frame = (await SegmentFile.open(split.source)).readColumns(columns);
 */
export function isDruidSplit(split: InputSplit): split is DruidSegmentSplit {
  return split.inputSource.type === 'druid' && typeof (split as Partial<DruidSegmentSplit>).segmentId === 'string';
}

/**
 * One split per segment of the input source's datasource visible in its interval, in the resolver's
 * order, with the visible intervals clipped to the asked interval (segments left with none are
 * dropped). A datasource with no segments in the interval gives no splits, as in Druid (the ingestion
 * then reads no rows).
 *
 * @throws DruidError (invalidInput) when no resolver was supplied.
 */
export async function listDruidSplits(
  spec: DruidInputSource,
  inputSource: Readonly<Record<string, unknown>>,
  resolver: DruidSegmentResolver | undefined,
): Promise<DruidSegmentSplit[]> {
  if (!resolver) {
    throw invalidInput(`The druid input source (dataSource [${spec.dataSource}]) needs the segment timeline: call listSplits with context.druidSegments`);
  }
  const interval = parseInterval(spec.interval);
  const splits: DruidSegmentSplit[] = [];
  for (const segment of await resolver.segmentsFor(spec.dataSource, interval)) {
    const visible = segment.intervals
      .filter((i) => overlaps(i, interval))
      .map((i) => ({ start: Math.max(i.start, interval.start), end: Math.min(i.end, interval.end) }));
    if (visible.length === 0) continue;
    splits.push({
      source: segment.path,
      size: segment.size,
      inputSource,
      segmentId: segment.id,
      intervals: visible,
      filter: spec.filter ?? null,
      dimensions: spec.dimensions ?? null,
      metrics: spec.metrics ?? null,
    });
  }
  return splits;
}
