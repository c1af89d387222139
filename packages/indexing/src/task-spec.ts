import type { ColumnSignature } from '@silt/common';
import { z } from 'zod';
import { type DataSchema, parseDataSchema, validateId } from './data-schema/data-schema.ts';
import { dimensionJson, type DimensionSchema } from './data-schema/dimensions-spec.ts';
import { metricFieldNames } from './data-schema/metrics-spec.ts';
import { type IoConfig, parseIoConfig } from './io-config.ts';
import type { NativeIngestPlan, SchemaDiscovery } from './native-plan.ts';
import { buildIngestPlan } from './plan/ingest-plan-builder.ts';
import { declaredInputColumns, discoveredDimensions, schemaDiscoveryOf } from './schema-discovery.ts';
import { parseWith, specError, withPath } from './spec-error.ts';
import { parseTuningConfig, type TuningConfig } from './tuning/tuning-config.ts';

/** A parsed native batch task: its type, optional id, context and the plan for the engine. */
export interface ParsedTaskSpec {
  readonly type: 'index' | 'index_parallel';
  readonly id?: string;
  readonly context: Record<string, unknown>;
  readonly plan: NativeIngestPlan;
}

/** Options of {@link parseTaskSpec}. */
export interface ParseTaskSpecOptions {
  /**
   * The input's column names (first-seen order; with types under schema auto-discovery), read from a
   * sample when the first parse reported `plan.schemaDiscovery`.
   */
  readonly discoveredColumns?: readonly (string | ColumnSignature)[];
}

const record = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

const taskSchema = z.object({
  type: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }),
  id: z.string().nullish(),
  context: record.nullish(),
  spec: z.unknown().optional(),
  dataSchema: z.unknown().optional(),
});

const specSchema = z.object({
  dataSchema: z.unknown().optional(),
  ioConfig: z.unknown().optional(),
  tuningConfig: z.unknown().optional(),
});

/**
 * Parses a native batch task (`POST /druid/indexer/v1/task` body) of type `index` or `index_parallel`:
 * `{type, id?, context?, spec: {dataSchema, ioConfig, tuningConfig?}}`, validates it as Druid does
 * (field by field, then the cross-field rules below) and translates it into a {@link NativeIngestPlan}.
 *
 * Cross-field rules, with Druid's messages:
 * - `appendToExisting` and `dropExisting` cannot both be set;
 * - `dropExisting` needs `granularitySpec.intervals`;
 * - `forceGuaranteedRollup` needs a hashed / single_dim / range partitionsSpec and cannot be combined
 *   with `appendToExisting`; without it the partitionsSpec must be dynamic;
 * - the `index` task supports only dynamic and hashed partitioning.
 *
 * @throws DruidError (invalidInput, HTTP 400) whose message starts with the path of the bad field.
 * @example
 * const { plan } = parseTaskSpec({
 *   type: 'index_parallel',
 *   spec: {
 *     dataSchema: { dataSource: 'wiki', timestampSpec: { column: 'time', format: 'iso' }, dimensionsSpec: { dimensions: ['page'] } },
 *     ioConfig: { type: 'index_parallel', inputSource: { type: 'inline', data: '{"time":"2015-09-12T00:00:00Z","page":"a"}' }, inputFormat: { type: 'json' } },
 *   },
 * });
 * plan.plan.kind; // 'aggregate' (rollup is on by default)
 */
export function parseTaskSpec(json: unknown, options: ParseTaskSpecOptions = {}): ParsedTaskSpec {
  const task = parseWith(taskSchema, json, []);
  if (task.type !== 'index' && task.type !== 'index_parallel') {
    throw specError(['type'], `unknown task type [${task.type}]; this parser handles [index, index_parallel]`);
  }
  const type = task.type;
  if (task.id != null) validateId('id', task.id, ['id']);
  if (task.spec == null) {
    throw specError(['spec'], task.dataSchema == null ? 'is required' : 'is required: put dataSchema, ioConfig and tuningConfig inside spec');
  }
  const spec = parseWith(specSchema, task.spec, ['spec']);
  if (spec.dataSchema == null) throw specError(['spec', 'dataSchema'], 'is required');
  if (spec.ioConfig == null) throw specError(['spec', 'ioConfig'], 'is required');
  const dataSchema = parseDataSchema(spec.dataSchema, ['spec', 'dataSchema']);
  const io = parseIoConfig(spec.ioConfig, type, ['spec', 'ioConfig']);
  const tuning = parseTuningConfig(spec.tuningConfig, type, ['spec', 'tuningConfig']);
  checkIngestionMode(type, dataSchema, io, tuning);

  const discovery = schemaDiscoveryOf(dataSchema);
  let dimensions: readonly DimensionSchema[] = dataSchema.dimensionsSpec.dimensions;
  let pending: SchemaDiscovery | null = null;
  if (discovery) {
    const columns = options.discoveredColumns ?? withPath(['spec', 'ioConfig', 'inputFormat'], () => declaredInputColumns(io.inputFormat));
    if (columns) dimensions = discoveredDimensions(dimensions, discovery, columns);
    else pending = discovery;
  }
  const granularity = dataSchema.granularitySpec;
  const plan = buildIngestPlan(dataSchema, dimensions, io.inputSource, io.inputFormat ?? {}, granularity.bucketIntervals);
  const result: NativeIngestPlan = {
    taskType: type,
    dataSource: dataSchema.dataSource,
    plan,
    dimensions: dimensions.map((d) => d.name),
    dimensionSchemas: dimensions,
    metrics: dataSchema.metrics.map((m) => m.name),
    timestampSpec: { column: dataSchema.timestampSpec.column, format: dataSchema.timestampSpec.format, missingValue: dataSchema.timestampSpec.missingValue },
    rollup: granularity.rollup,
    perfectRollup: tuning.tuning.forceGuaranteedRollup,
    segmentGranularity: granularity.segmentGranularity,
    queryGranularity: granularity.queryGranularity,
    intervals: granularity.intervals,
    bucketIntervals: granularity.bucketIntervals,
    appendToExisting: io.appendToExisting,
    dropExisting: io.dropExisting,
    partitionsSpec: tuning.partitionsSpec,
    tuning: tuning.tuning,
    schemaDiscovery: pending,
    spec: specJson(dataSchema, dimensions, io, tuning),
  };
  return { type, ...(task.id != null ? { id: task.id } : {}), context: task.context ?? {}, plan: result };
}

/** Druid's rules between ioConfig, granularitySpec and tuningConfig. */
function checkIngestionMode(type: 'index' | 'index_parallel', schema: DataSchema, io: IoConfig, tuning: TuningConfig): void {
  if (io.appendToExisting && io.dropExisting) {
    throw specError(
      ['spec', 'ioConfig', 'dropExisting'],
      'Cannot simultaneously replace and append to existing segments. Either dropExisting or appendToExisting should be set to false',
    );
  }
  if (io.dropExisting && schema.granularitySpec.intervals === null) {
    throw specError(
      ['spec', 'dataSchema', 'granularitySpec', 'intervals'],
      type === 'index' ? "GranularitySpec's intervals cannot be empty for replace." : "GranularitySpec's intervals cannot be empty when using replace.",
    );
  }
  if (tuning.tuning.forceGuaranteedRollup && io.appendToExisting) {
    throw specError(['spec', 'tuningConfig', 'forceGuaranteedRollup'], 'Perfect rollup cannot be guaranteed when appending to existing dataSources');
  }
}

/** The spec with defaults, as Druid echoes it under `payload.spec`. */
function specJson(schema: DataSchema, dimensions: readonly DimensionSchema[], io: IoConfig, tuning: TuningConfig): Record<string, unknown> {
  const names = new Set(dimensions.map((d) => d.name));
  const exclusions = new Set([...schema.dimensionsSpec.dimensionExclusions, '__time', schema.timestampSpec.column]);
  for (const m of schema.metrics) {
    exclusions.add(m.name);
    for (const f of metricFieldNames(m)) exclusions.add(f);
  }
  return {
    dataSchema: {
      dataSource: schema.dataSource,
      timestampSpec: schema.timestampSpec.json,
      dimensionsSpec: {
        dimensions: dimensions.map(dimensionJson),
        dimensionExclusions: [...exclusions].filter((e) => !names.has(e)).sort(),
        includeAllDimensions: schema.dimensionsSpec.includeAllDimensions,
        useSchemaDiscovery: schema.dimensionsSpec.useSchemaDiscovery,
      },
      metricsSpec: schema.metrics.map((m) => m.json),
      granularitySpec: schema.granularitySpec.json,
      transformSpec: schema.transformSpec.json,
    },
    ioConfig: io.json,
    tuningConfig: tuning.tuning.raw,
  };
}
