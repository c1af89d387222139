import {
  bucketEnd,
  bucketStart,
  condenseIntervals,
  ETERNITY,
  formatInterval,
  type Granularity,
  granularityToJson,
  type Interval,
  parseGranularity,
  parseInterval,
} from '@silt/common';
import { z } from 'zod';
import { parseWith, specError, type SpecPath } from '../spec-error.ts';

/**
 * `dataSchema.granularitySpec`: Druid's `uniform` spec (segmentGranularity default DAY,
 * queryGranularity default NONE, rollup default true, optional intervals). Granularities are names
 * (`DAY`, `fifteen_minute`, `all`, `none`), ISO periods, or objects `{type: 'all' | 'none'}` and
 * `{type: 'period', period}` in UTC with no origin. The `arbitrary` spec, time zones, origins and
 * `duration` granularities are refused: Silt's time chunks are UTC periods.
 */
export interface GranularitySpec {
  readonly segmentGranularity: Granularity;
  readonly queryGranularity: Granularity;
  readonly rollup: boolean;
  /** The intervals as given, or null. */
  readonly intervals: readonly Interval[] | null;
  /**
   * The segment-granularity buckets that overlap `intervals`, condensed: the time chunks the task
   * locks, and outside which rows are thrown away (Druid keeps a row when its time chunk overlaps an
   * input interval, even if the row itself lies outside it). Null without intervals.
   */
  readonly bucketIntervals: readonly Interval[] | null;
  /** The spec as Druid echoes it in the task payload. */
  readonly json: Readonly<Record<string, unknown>>;
}

const periodObject = z.object({
  type: z.string(),
  period: z.string().nullish(),
  timeZone: z.string().nullish(),
  origin: z.unknown().optional(),
});

const schema = z.object({
  type: z.string().nullish(),
  segmentGranularity: z.unknown().optional(),
  queryGranularity: z.unknown().optional(),
  rollup: z.boolean().nullish(),
  intervals: z.array(z.string()).nullish(),
});

/**
 * Parses a granularity as Druid accepts it in a granularitySpec.
 *
 * @throws DruidError (invalidInput) `<path>: Invalid granularity [DAYZ]`.
 */
export function parseGranularityValue(value: unknown, path: SpecPath): Granularity {
  if (typeof value === 'string') {
    const g = parseGranularity(value);
    if (!g) throw specError(path, `Invalid granularity [${value}]`);
    return g;
  }
  const object = parseWith(periodObject, value, path);
  const type = object.type.toLowerCase();
  if (type === 'all' || type === 'none') return { type };
  if (type !== 'period') {
    if (type === 'duration') throw specError([...path, 'type'], 'duration granularities are not supported by Silt; use a period');
    throw specError([...path, 'type'], `Invalid granularity type [${object.type}]`);
  }
  if (object.period == null) throw specError([...path, 'period'], 'is required');
  const g = parseGranularity(object.period);
  if (!g || g.type !== 'period') throw specError([...path, 'period'], `Invalid period [${object.period}]`);
  const zone = object.timeZone;
  if (zone != null && !['UTC', 'Etc/UTC', 'Z', '+00:00'].includes(zone)) {
    throw specError([...path, 'timeZone'], `time zone [${zone}] is not supported by Silt; granularities are in UTC`);
  }
  if (object.origin != null) throw specError([...path, 'origin'], 'granularity origins are not supported by Silt');
  return g;
}

/** Parses `dataSchema.granularitySpec` (absent: all defaults). */
export function parseGranularitySpec(value: unknown, path: SpecPath): GranularitySpec {
  const spec = parseWith(schema, value ?? {}, path);
  const type = spec.type ?? 'uniform';
  if (type === 'arbitrary') throw specError([...path, 'type'], 'granularitySpec type [arbitrary] is not supported by Silt; use [uniform]');
  if (type !== 'uniform') throw specError([...path, 'type'], `unknown granularitySpec type [${type}]`);
  const segmentGranularity = spec.segmentGranularity == null ? DAY : parseGranularityValue(spec.segmentGranularity, [...path, 'segmentGranularity']);
  const queryGranularity = spec.queryGranularity == null ? NONE : parseGranularityValue(spec.queryGranularity, [...path, 'queryGranularity']);
  const intervals = spec.intervals?.map((text, i) => {
    try {
      return parseInterval(text);
    } catch {
      throw specError([...path, 'intervals', i], `Invalid interval [${text}]`);
    }
  });
  const given = intervals && intervals.length > 0 ? intervals : null;
  const rollup = spec.rollup ?? true;
  return {
    segmentGranularity,
    queryGranularity,
    rollup,
    intervals: given,
    bucketIntervals: given ? bucketIntervals(segmentGranularity, given) : null,
    json: {
      type: 'uniform',
      segmentGranularity: granularityToJson(segmentGranularity),
      queryGranularity: granularityToJson(queryGranularity),
      rollup,
      intervals: (given ?? []).map(formatInterval),
    },
  };
}

const DAY: Granularity = parseGranularity('DAY')!;
const NONE: Granularity = { type: 'none' };

/** The condensed segment-granularity buckets that overlap any of `intervals`. */
export function bucketIntervals(granularity: Granularity, intervals: readonly Interval[]): Interval[] {
  if (granularity.type === 'all') return [ETERNITY];
  if (granularity.type === 'none') return condenseIntervals(intervals);
  const buckets: Interval[] = [];
  for (const iv of intervals) {
    if (iv.end <= iv.start) continue;
    const start = bucketStart(granularity, iv.start);
    let end = bucketEnd(granularity, start);
    while (end < iv.end) end = bucketEnd(granularity, bucketStart(granularity, end));
    buckets.push({ start, end });
  }
  return condenseIntervals(buckets);
}
