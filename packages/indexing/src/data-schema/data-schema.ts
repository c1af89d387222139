import { z } from 'zod';
import { idProblem } from '@silt/common';
import { parseWith, specError, type SpecPath } from '../spec-error.ts';
import { type DimensionsSpec, parseDimensionsSpec } from './dimensions-spec.ts';
import { type GranularitySpec, parseGranularitySpec } from './granularity-spec.ts';
import { type MetricSpec, parseMetricsSpec } from './metrics-spec.ts';
import { parseTimestampSpec, type TimestampSpec } from './timestamp-spec.ts';
import { parseTransformSpec, type TransformSpec } from './transform-spec.ts';

/** `spec.dataSchema`, validated with Druid's defaults. */
export interface DataSchema {
  readonly dataSource: string;
  readonly timestampSpec: TimestampSpec;
  readonly dimensionsSpec: DimensionsSpec;
  readonly metrics: readonly MetricSpec[];
  readonly granularitySpec: GranularitySpec;
  readonly transformSpec: TransformSpec;
}

const schema = z.object({
  dataSource: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }),
  timestampSpec: z.unknown().optional(),
  dimensionsSpec: z.unknown().optional(),
  metricsSpec: z.unknown().optional(),
  granularitySpec: z.unknown().optional(),
  transformSpec: z.unknown().optional(),
  parser: z.unknown().optional(),
});

/**
 * Parses `spec.dataSchema`. Checks, with Druid's messages: the dataSource name (not empty, no `/`, not
 * starting with `.`, no whitespace but spaces), and that no output column is named twice among
 * `__time`, the dimensions and the metrics. The legacy `parser` is refused (use `ioConfig.inputFormat`).
 */
export function parseDataSchema(value: unknown, path: SpecPath): DataSchema {
  const spec = parseWith(schema, value, path);
  if (spec.parser != null) throw specError([...path, 'parser'], 'the legacy parser is not supported; use timestampSpec, dimensionsSpec and ioConfig.inputFormat');
  validateId('dataSource', spec.dataSource, [...path, 'dataSource']);
  const dimensionsSpec = parseDimensionsSpec(spec.dimensionsSpec, [...path, 'dimensionsSpec']);
  const metrics = parseMetricsSpec(spec.metricsSpec, [...path, 'metricsSpec']);
  checkOutputNames(dimensionsSpec.dimensions.map((d) => d.name), metrics.map((m) => m.name), path);
  return {
    dataSource: spec.dataSource,
    timestampSpec: parseTimestampSpec(spec.timestampSpec, [...path, 'timestampSpec']),
    dimensionsSpec,
    metrics,
    granularitySpec: parseGranularitySpec(spec.granularitySpec, [...path, 'granularitySpec']),
    transformSpec: parseTransformSpec(spec.transformSpec, [...path, 'transformSpec']),
  };
}

/**
 * Druid's check of a dataSource name or task id: not empty, not starting with `.`, no `/`, and no
 * whitespace other than spaces.
 */
export function validateId(field: string, name: string, path: SpecPath): void {
  const problem = name === '' ? `Value [${name}] cannot be null or empty.` : idProblem(name);
  if (problem) throw specError(path, `Invalid value for field [${field}]: ${problem}`);
}

/**
 * Druid's check that every output column is named once: `Cannot specify a column more than once:
 * [x] seen in dimensions list, metricsSpec list`. Names are listed in sorted order, as Druid does.
 */
export function checkOutputNames(dimensions: readonly string[], metrics: readonly string[], path: SpecPath): void {
  const seen = new Map<string, Map<string, number>>();
  const add = (name: string, where: string): void => {
    const places = seen.get(name) ?? new Map<string, number>();
    places.set(where, (places.get(where) ?? 0) + 1);
    seen.set(name, places);
  };
  add('__time', 'primary timestamp (__time cannot appear elsewhere except as long-typed dimension)');
  for (const d of dimensions) add(d, 'dimensions list');
  metrics.forEach((m, i) => {
    if (m === '') throw specError([...path, 'metricsSpec', i, 'name'], `Encountered metric with null or empty name at position ${i}`);
    add(m, 'metricsSpec list');
  });
  const errors: string[] = [];
  for (const name of [...seen.keys()].sort()) {
    const places = seen.get(name)!;
    const total = [...places.values()].reduce((a, b) => a + b, 0);
    if (total <= 1) continue;
    const where = [...places.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([place, count]) => (count === 1 ? place : `${place} (${count} occurrences)`));
    errors.push(`[${name}] seen in ${where.join(', ')}`);
  }
  if (errors.length > 0) throw specError(path, `Cannot specify a column more than once: ${errors.join('; ')}`);
}
