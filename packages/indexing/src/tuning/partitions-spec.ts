import { z } from 'zod';
import type { PartitionsSpec } from '../native-plan.ts';
import { parseWith, specError, type SpecPath } from '../spec-error.ts';
import { boolField, intField } from './spec-scalars.ts';

/**
 * Druid's `partitionsSpec` types: `dynamic`, `hashed` (also the type when none is given, as in Druid),
 * `single_dim` (old name `dimension`) and `range`, with Druid's aliases, defaults and checks. `-1`
 * means "not set", for historical reasons.
 */

/** Druid's default rows per segment (dynamic maxRowsPerSegment, hashed target). */
export const DEFAULT_MAX_ROWS_PER_SEGMENT = 5_000_000;
/** Druid's default dynamic maxTotalRows for native batch tasks. */
export const DEFAULT_MAX_TOTAL_ROWS = 20_000_000;

const optionalInt = intField.nullish().transform((v) => (v == null || v === -1 ? null : v));

const dynamicSchema = z.object({ maxRowsPerSegment: optionalInt, maxTotalRows: optionalInt });
const hashedSchema = z.object({
  targetRowsPerSegment: optionalInt,
  numShards: optionalInt,
  partitionDimensions: z.array(z.string()).nullish(),
  partitionFunction: z.string().nullish(),
  targetPartitionSize: optionalInt,
  maxRowsPerSegment: optionalInt,
});
const singleDimSchema = z.object({
  targetRowsPerSegment: optionalInt,
  maxRowsPerSegment: optionalInt,
  partitionDimension: z.string().nullish(),
  assumeGrouped: boolField.nullish(),
  targetPartitionSize: optionalInt,
  maxPartitionSize: optionalInt,
});
const rangeSchema = z.object({
  targetRowsPerSegment: optionalInt,
  maxRowsPerSegment: optionalInt,
  partitionDimensions: z.array(z.string()).nullish(),
  assumeGrouped: boolField.nullish(),
});

/** A dynamic partitionsSpec with Druid's defaults. */
export function dynamicPartitionsSpec(maxRowsPerSegment: number | null, maxTotalRows: number | null): PartitionsSpec {
  return { type: 'dynamic', maxRowsPerSegment: maxRowsPerSegment ?? DEFAULT_MAX_ROWS_PER_SEGMENT, maxTotalRows };
}

/** A hashed partitionsSpec: the target defaults to 5,000,000 rows when neither it nor numShards is set. */
export function hashedPartitionsSpec(target: number | null, numShards: number | null, partitionDimensions: readonly string[], path: SpecPath): PartitionsSpec {
  if (numShards !== null && numShards <= 0) throw specError([...path, 'numShards'], `numShards[${numShards}] should be positive`);
  if (target !== null && target <= 0) throw specError([...path, 'targetRowsPerSegment'], `targetRowsPerSegment[${target}] should be positive`);
  return {
    type: 'hashed',
    numShards,
    targetRowsPerSegment: target ?? (numShards === null ? DEFAULT_MAX_ROWS_PER_SEGMENT : null),
    partitionDimensions,
    partitionFunction: 'murmur3_32_abs',
  };
}

type Property = readonly [name: string, value: number | null];

/** Druid's `At most one of [a] or [b] must be present`; returns the property that is set, if any. */
function atMostOne(path: SpecPath, ...properties: readonly Property[]): Property | null {
  const set = properties.filter(([, v]) => v !== null);
  if (set.length > 1) {
    const [a, b] = set as [Property, Property];
    throw specError([...path, b[0]], `At most one of [${a[0]}=${a[1]}] or [${b[0]}=${b[1]}] must be present`);
  }
  return set[0] ?? null;
}

/**
 * Parses a `partitionsSpec` object.
 *
 * @throws DruidError (invalidInput) for an unknown type or a bad combination of fields.
 */
export function parsePartitionsSpec(value: unknown, path: SpecPath): PartitionsSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw specError(path, 'must be a partitionsSpec object');
  const type = (value as { type?: unknown }).type ?? 'hashed';
  switch (type) {
    case 'dynamic': {
      const s = parseWith(dynamicSchema, value, path);
      return dynamicPartitionsSpec(s.maxRowsPerSegment, s.maxTotalRows);
    }
    case 'hashed': {
      const s = parseWith(hashedSchema, value, path);
      const target = atMostOne(path, ['targetRowsPerSegment', s.targetRowsPerSegment], ['targetPartitionSize', s.targetPartitionSize], ['maxRowsPerSegment', s.maxRowsPerSegment]);
      if (target) atMostOne(path, target, ['numShards', s.numShards]);
      if (s.partitionFunction != null && s.partitionFunction.toLowerCase() !== 'murmur3_32_abs') {
        throw specError([...path, 'partitionFunction'], `unknown partitionFunction [${s.partitionFunction}]; supported: [murmur3_32_abs]`);
      }
      return hashedPartitionsSpec(target?.[1] ?? null, s.numShards, s.partitionDimensions ?? [], path);
    }
    case 'single_dim':
    case 'dimension': {
      const s = parseWith(singleDimSchema, value, path);
      const target = atMostOne(path, ['targetRowsPerSegment', s.targetRowsPerSegment], ['targetPartitionSize', s.targetPartitionSize]);
      const max = atMostOne(path, ['maxRowsPerSegment', s.maxRowsPerSegment], ['maxPartitionSize', s.maxPartitionSize]);
      return rangeSpec('single_dim', target?.[1] ?? null, max?.[1] ?? null, s.partitionDimension == null ? [] : [s.partitionDimension], s.assumeGrouped ?? false, path);
    }
    case 'range': {
      const s = parseWith(rangeSchema, value, path);
      if (s.partitionDimensions == null) throw specError([...path, 'partitionDimensions'], 'partitionDimensions must be specified');
      return rangeSpec('range', s.targetRowsPerSegment, s.maxRowsPerSegment, s.partitionDimensions, s.assumeGrouped ?? false, path);
    }
    default:
      throw specError([...path, 'type'], `unknown partitionsSpec type [${String(type)}]; supported types are [dynamic, hashed, single_dim, range]`);
  }
}

function rangeSpec(
  type: 'single_dim' | 'range',
  target: number | null,
  max: number | null,
  partitionDimensions: readonly string[],
  assumeGrouped: boolean,
  path: SpecPath,
): PartitionsSpec {
  if ((target === null) === (max === null)) throw specError(path, 'Exactly one of targetRowsPerSegment or maxRowsPerSegment must be present');
  if (target !== null && target <= 0) throw specError([...path, 'targetRowsPerSegment'], 'targetRowsPerSegment must be greater than 0');
  if (max !== null && max <= 0) throw specError([...path, 'maxRowsPerSegment'], 'maxRowsPerSegment must be greater than 0');
  return { type, partitionDimensions, targetRowsPerSegment: target, maxRowsPerSegment: max, assumeGrouped };
}

/** The partitionsSpec as Druid echoes it in the task payload. */
export function partitionsSpecJson(spec: PartitionsSpec): Record<string, unknown> {
  switch (spec.type) {
    case 'dynamic':
      return { type: 'dynamic', maxRowsPerSegment: spec.maxRowsPerSegment, maxTotalRows: spec.maxTotalRows };
    case 'hashed':
      return {
        type: 'hashed',
        numShards: spec.numShards,
        partitionDimensions: spec.partitionDimensions,
        partitionFunction: spec.partitionFunction,
        maxRowsPerSegment: spec.targetRowsPerSegment,
      };
    case 'single_dim':
      return {
        type: 'single_dim',
        targetRowsPerSegment: spec.targetRowsPerSegment,
        maxRowsPerSegment: spec.maxRowsPerSegment,
        partitionDimension: spec.partitionDimensions[0] ?? null,
        assumeGrouped: spec.assumeGrouped,
      };
    case 'range':
      return {
        type: 'range',
        targetRowsPerSegment: spec.targetRowsPerSegment,
        maxRowsPerSegment: spec.maxRowsPerSegment,
        partitionDimensions: spec.partitionDimensions,
        assumeGrouped: spec.assumeGrouped,
      };
  }
}

/** Druid's class name of a partitionsSpec type, as its messages print it. */
export function partitionsSpecClass(spec: PartitionsSpec): string {
  return { dynamic: 'DynamicPartitionsSpec', hashed: 'HashedPartitionsSpec', single_dim: 'SingleDimensionPartitionsSpec', range: 'DimensionRangePartitionsSpec' }[spec.type];
}
