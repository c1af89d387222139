import type { ColumnType } from '@silt/common';
import { z } from 'zod';
import { parseWith, specError, type SpecPath } from '../spec-error.ts';

/** How a multi-value string dimension stores its values (Druid's MultiValueHandling). */
export type MultiValueHandling = 'SORTED_ARRAY' | 'SORTED_SET' | 'ARRAY';

/**
 * One dimension of the output, resolved: its Druid type name, the column type it is stored as, and
 * its string options (ignored for other types, as in Druid).
 */
export interface DimensionSchema {
  readonly name: string;
  /** Druid's dimension type: `string`, `long`, `float`, `double`, `json` or `auto`. */
  readonly type: 'string' | 'long' | 'float' | 'double' | 'json' | 'auto';
  readonly columnType: ColumnType;
  /** Multi-value strings: sort (`SORTED_ARRAY`, default), sort and de-duplicate (`SORTED_SET`) or keep (`ARRAY`). */
  readonly multiValueHandling: MultiValueHandling;
  readonly createBitmapIndex: boolean;
}

/**
 * `dataSchema.dimensionsSpec`, validated. When `dimensions` is empty (or `includeAllDimensions` is
 * set), dimensions are discovered from the input (see schema discovery).
 */
export interface DimensionsSpec {
  readonly dimensions: readonly DimensionSchema[];
  readonly dimensionExclusions: readonly string[];
  readonly includeAllDimensions: boolean;
  readonly useSchemaDiscovery: boolean;
}

const COLUMN_TYPES: Readonly<Record<DimensionSchema['type'], ColumnType>> = {
  string: 'STRING',
  long: 'LONG',
  float: 'FLOAT',
  double: 'DOUBLE',
  json: 'COMPLEX<json>',
  auto: 'COMPLEX<json>',
};

const dimensionObject = z.object({
  type: z.string().nullish(),
  name: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }),
  multiValueHandling: z.string().nullish(),
  createBitmapIndex: z.boolean().nullish(),
});

const schema = z.object({
  dimensions: z.array(z.union([z.string(), z.object({}).passthrough()])).nullish(),
  dimensionExclusions: z.array(z.string()).nullish(),
  spatialDimensions: z.array(z.unknown()).nullish(),
  includeAllDimensions: z.boolean().nullish(),
  useSchemaDiscovery: z.boolean().nullish(),
  forceSegmentSortByTime: z.boolean().nullish(),
});

/** A string dimension with Druid's defaults. */
export function stringDimension(name: string): DimensionSchema {
  return { name, type: 'string', columnType: 'STRING', multiValueHandling: 'SORTED_ARRAY', createBitmapIndex: true };
}

/** A dimension of the given column type (discovered with schema auto-discovery). */
export function typedDimension(name: string, columnType: ColumnType): DimensionSchema {
  if (columnType === 'STRING') return stringDimension(name);
  const type = columnType === 'LONG' ? 'long' : columnType === 'FLOAT' ? 'float' : columnType === 'DOUBLE' ? 'double' : 'auto';
  return { name, type, columnType, multiValueHandling: 'SORTED_ARRAY', createBitmapIndex: false };
}

/** Parses `dataSchema.dimensionsSpec` (absent: no dimensions, so they are discovered). */
export function parseDimensionsSpec(value: unknown, path: SpecPath): DimensionsSpec {
  const spec = parseWith(schema, value ?? {}, path);
  if (spec.spatialDimensions && spec.spatialDimensions.length > 0) {
    throw specError([...path, 'spatialDimensions'], 'spatial dimensions are not supported by Silt');
  }
  if (spec.forceSegmentSortByTime === false) {
    throw specError([...path, 'forceSegmentSortByTime'], 'segments not sorted by time first are not supported by Silt');
  }
  const dimensions: DimensionSchema[] = [];
  (spec.dimensions ?? []).forEach((d, i) => {
    const dim = parseDimension(d, [...path, 'dimensions', i]);
    if (dim.name !== '__time') {
      dimensions.push(dim);
      return;
    }
    // Druid lets `__time` appear first, typed long: it is the primary timestamp itself.
    if (dim.type !== 'long') throw specError([...path, 'dimensions', i], `Encountered dimension[__time] with incorrect type[${dim.columnType}]. Type must be 'long'.`);
    if (i > 0) {
      throw specError(
        [...path, 'dimensions', i],
        `Encountered dimension[__time] at position[${i}]. This is only supported when the dimensionsSpec parameter[forceSegmentSortByTime] is set to[false].`,
      );
    }
  });
  const exclusions = spec.dimensionExclusions ?? [];
  const overlap = exclusions.filter((e) => dimensions.some((d) => d.name === e));
  if (overlap.length > 0) throw specError([...path, 'dimensionExclusions'], `dimensions and dimensions exclusions cannot overlap: [${overlap.join(', ')}]`);
  return {
    dimensions,
    dimensionExclusions: exclusions,
    includeAllDimensions: spec.includeAllDimensions ?? false,
    useSchemaDiscovery: spec.useSchemaDiscovery ?? false,
  };
}

function parseDimension(value: unknown, path: SpecPath): DimensionSchema {
  if (typeof value === 'string') {
    if (value === '') throw specError(path, `Encountered dimension with null or empty name at position[${path[path.length - 1]}]`);
    return stringDimension(value);
  }
  const d = parseWith(dimensionObject, value, path);
  if (d.name === '') throw specError([...path, 'name'], `Encountered dimension with null or empty name at position[${path[path.length - 1]}]`);
  const typeName = (d.type ?? 'string').toLowerCase();
  if (typeName === 'spatial') throw specError([...path, 'type'], 'spatial dimensions are not supported by Silt');
  if (!Object.hasOwn(COLUMN_TYPES, typeName)) {
    throw specError([...path, 'type'], `unknown dimension type [${d.type}]; supported types are [auto, string, long, float, double, json]`);
  }
  const type = typeName as DimensionSchema['type'];
  const handling = (d.multiValueHandling ?? 'SORTED_ARRAY').toUpperCase();
  if (handling !== 'SORTED_ARRAY' && handling !== 'SORTED_SET' && handling !== 'ARRAY') {
    throw specError([...path, 'multiValueHandling'], `unknown multiValueHandling [${d.multiValueHandling}]; use SORTED_ARRAY, SORTED_SET or ARRAY`);
  }
  return {
    name: d.name,
    type,
    columnType: COLUMN_TYPES[type],
    multiValueHandling: handling,
    createBitmapIndex: type === 'string' ? (d.createBitmapIndex ?? true) : false,
  };
}

/** A dimension as Druid echoes it in the task payload. */
export function dimensionJson(d: DimensionSchema): Record<string, unknown> {
  return { type: d.type, name: d.name, multiValueHandling: d.multiValueHandling, createBitmapIndex: d.createBitmapIndex };
}
