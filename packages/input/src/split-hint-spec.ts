import { invalidInput } from '@silt/common';
import { z } from 'zod';
import { isDruidSplit } from './druid-input-source.ts';
import type { InputSplit } from './input-split.ts';
import { parseSpec, specType } from './spec-validation.ts';

/** Druid's default `maxSplitSize` and `maxInputSegmentBytesPerTask`: 1 GiB. */
export const DEFAULT_MAX_SPLIT_SIZE = 1024 ** 3;
/** Druid's default `maxNumFiles` and `maxNumSegments`: 1000. */
export const DEFAULT_MAX_NUM_FILES = 1000;

const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  p: 1e15,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  pib: 1024 ** 5,
};

/**
 * Parses Druid's human-readable bytes: a number of bytes, or a string of digits with a case-insensitive
 * unit, decimal `K M G T P` (powers of 1000) or binary `KiB MiB GiB TiB PiB` (powers of 1024).
 * Null when the text is neither.
 *
 * @example
 * humanReadableBytes('1GiB'); // 1073741824
 * humanReadableBytes('500m'); // 500000000
 */
export function humanReadableBytes(value: number | string): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) return null;
  const bytes = Number(match[1]) * unit;
  return Number.isSafeInteger(bytes) ? bytes : null;
}

const bytesField = z.union([z.number(), z.string()]).refine((v) => (humanReadableBytes(v) ?? 0) > 0, {
  message: 'must be a positive number of bytes, or a number with a unit such as [500MiB] or [1G]',
});
const countField = z.number().int().positive();

const maxSizeSchema = z.object({ type: z.literal('maxSize'), maxSplitSize: bytesField.nullish(), maxNumFiles: countField.nullish() });
const segmentsSchema = z.object({
  type: z.literal('segments'),
  maxInputSegmentBytesPerTask: bytesField.nullish(),
  maxNumSegments: countField.nullish(),
});

/** The limits of one group of splits, from a split hint spec with defaults applied. */
interface GroupLimits {
  readonly maxBytes: number;
  readonly maxCount: number;
}

const DEFAULT_LIMITS: GroupLimits = { maxBytes: DEFAULT_MAX_SPLIT_SIZE, maxCount: DEFAULT_MAX_NUM_FILES };

/**
 * Groups splits the way Druid's native batch divides input among sub-tasks, from the `splitHintSpec`
 * of a tuningConfig (absent: the defaults below):
 * - `{type: 'maxSize', maxSplitSize = 1GiB, maxNumFiles = 1000}`: consecutive files are grouped while
 *   the group stays under `maxSplitSize` bytes and `maxNumFiles` files; a file larger than
 *   `maxSplitSize` forms a group of its own, and no file is ever divided.
 * - `{type: 'segments', maxInputSegmentBytesPerTask = 1GiB, maxNumSegments = 1000}`: the same for the
 *   segments of a `druid` input source. A druid source given a `maxSize` spec uses it as is.
 * `http` and `sql` splits ignore the hint (one group each), and so does `inline` data, as in Druid.
 * Splits of different input sources (the delegates of a `combining` source) are never grouped together:
 * splits belong to the same source when they share the `inputSource` object `listSplits` gave them.
 *
 * @throws DruidError (invalidInput) for an invalid spec, or a `segments` spec for files (Druid applies
 *   it only to the druid input source).
 * @example
 * groupSplits(splits, { type: 'maxSize', maxSplitSize: '500MiB', maxNumFiles: 100 });
 */
export function groupSplits(splits: readonly InputSplit[], splitHintSpec?: Readonly<Record<string, unknown>> | null): InputSplit[][] {
  const hint = splitHintSpec == null ? null : resolveSplitHintSpec(splitHintSpec);
  const groups: InputSplit[][] = [];
  let current: InputSplit[] = [];
  let currentBytes = 0;
  for (const split of splits) {
    const type = String(split.inputSource.type);
    if (type === 'http' || type === 'sql' || type === 'inline') {
      if (current.length > 0) groups.push(current);
      groups.push([split]);
      current = [];
      currentBytes = 0;
      continue;
    }
    const limits = limitsFor(split, hint);
    const fits = current.length === 0 || (split.inputSource === current[0]!.inputSource && currentBytes + split.size < limits.maxBytes && current.length < limits.maxCount);
    if (!fits) {
      groups.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(split);
    currentBytes += split.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function limitsFor(split: InputSplit, hint: (GroupLimits & { type: 'maxSize' | 'segments' }) | null): GroupLimits {
  if (!hint) return DEFAULT_LIMITS;
  if (hint.type === 'segments' && !isDruidSplit(split)) {
    throw invalidInput(`splitHintSpec type [segments] applies only to the druid input source; use [maxSize] for input source type [${String(split.inputSource.type)}]`);
  }
  return hint;
}

function resolveSplitHintSpec(spec: Readonly<Record<string, unknown>>): GroupLimits & { type: 'maxSize' | 'segments' } {
  const type = specType(spec, 'splitHintSpec', ['maxSize', 'segments'] as const);
  if (type === 'maxSize') {
    const parsed = parseSpec(maxSizeSchema, spec, 'splitHintSpec');
    return { type, maxBytes: bytesOr(parsed.maxSplitSize), maxCount: parsed.maxNumFiles ?? DEFAULT_MAX_NUM_FILES };
  }
  const parsed = parseSpec(segmentsSchema, spec, 'splitHintSpec');
  return { type, maxBytes: bytesOr(parsed.maxInputSegmentBytesPerTask), maxCount: parsed.maxNumSegments ?? DEFAULT_MAX_NUM_FILES };
}

function bytesOr(value: number | string | null | undefined): number {
  return value == null ? DEFAULT_MAX_SPLIT_SIZE : humanReadableBytes(value)!;
}
