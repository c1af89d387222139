import type { ColumnSignature } from '@silt/common';
import { resolveInputFormat } from '@silt/input';
import type { DataSchema } from './data-schema/data-schema.ts';
import { type DimensionSchema, stringDimension, typedDimension } from './data-schema/dimensions-spec.ts';
import { metricFieldNames } from './data-schema/metrics-spec.ts';
import type { SchemaDiscovery } from './native-plan.ts';

/**
 * Schemaless dimensions. When `dimensionsSpec.dimensions` is empty (or `includeAllDimensions` is set),
 * Druid ingests every input column as a dimension except the timestamp column, `dimensionExclusions`,
 * the columns metrics read, the metric names and `__time`; transforms do not add candidates. With
 * `useSchemaDiscovery` the discovered columns keep their inferred types, otherwise they are strings.
 *
 * A plan needs the input's column names up front. Silt takes them from the input format when it
 * declares them (csv / tsv `columns` without a header row, regex `columns`, a json `flattenSpec` with
 * `useFieldDiscovery: false`); otherwise the plan is marked as needing discovery, and the caller reads
 * a sample of the input and parses the spec again with the column names it found (in first-seen
 * order), as Druid's sampler does.
 */

/** The discovery rules of a data schema, or null when its dimensions are all explicit. */
export function schemaDiscoveryOf(schema: DataSchema): SchemaDiscovery | null {
  const spec = schema.dimensionsSpec;
  if (spec.dimensions.length > 0 && !spec.includeAllDimensions) return null;
  const excluded = new Set<string>(['__time', schema.timestampSpec.column, ...spec.dimensionExclusions]);
  for (const m of schema.metrics) {
    excluded.add(m.name);
    for (const name of metricFieldNames(m)) if (name !== '__time') excluded.add(name);
  }
  for (const d of spec.dimensions) excluded.add(d.name);
  return Object.freeze({ excluded: Object.freeze([...excluded]), typed: spec.useSchemaDiscovery });
}

/** The column names an input format declares, or null when only reading the input can tell. */
export function declaredInputColumns(inputFormat: Readonly<Record<string, unknown>> | null): readonly string[] | null {
  if (!inputFormat) return null;
  const format = resolveInputFormat(inputFormat);
  switch (format.type) {
    case 'csv':
    case 'tsv':
      return format.findColumnsFromHeader ? null : format.columns;
    case 'regex':
      return format.columns;
    case 'json':
      return format.flattenSpec && !format.flattenSpec.useFieldDiscovery ? format.flattenSpec.fields.map((f) => f.name) : null;
    default:
      return null;
  }
}

/**
 * The dimensions of a schemaless spec: the explicit ones first, then every discovered column that is
 * not excluded, in the given order. A discovered column given with a type keeps it under schema
 * auto-discovery; otherwise it is a string dimension.
 */
export function discoveredDimensions(
  explicit: readonly DimensionSchema[],
  discovery: SchemaDiscovery,
  columns: readonly (string | ColumnSignature)[],
): DimensionSchema[] {
  const excluded = new Set(discovery.excluded);
  const out = [...explicit];
  for (const column of columns) {
    const name = typeof column === 'string' ? column : column.name;
    if (excluded.has(name)) continue;
    excluded.add(name);
    out.push(typeof column !== 'string' && discovery.typed ? typedDimension(name, column.type) : stringDimension(name));
  }
  return out;
}
