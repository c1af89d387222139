import { describe, expect, it } from 'vitest';
import type { AggregateNode, ProjectNode } from '@silt/sql';
import { parseTaskSpec } from '../src/index.ts';
import { runPlan } from './plan-runner.ts';

type Json = Record<string, unknown>;

const DATA = [
  '{"ts":"2020-01-01T10:00:00Z","country":"US","city":"NYC","added":10,"user":"a"}',
  '{"ts":"2020-01-01T10:30:00Z","country":"US","city":"NYC","added":5,"user":"b"}',
  '{"ts":"2020-01-01T11:00:00Z","country":"FR","city":"Paris","added":7,"user":"a"}',
  '{"ts":"not a time","country":"FR","city":"Paris","added":1,"user":"c"}',
  '{"ts":"2020-01-03T00:00:00Z","country":"DE","city":"Berlin","added":2,"user":"d"}',
].join('\n');

/** A small index_parallel task over inline data; `edit` adjusts it. */
function task(edit: (t: { dataSchema: Json; ioConfig: Json; tuningConfig: Json }) => void = () => {}, type = 'index_parallel'): Json {
  const spec = {
    dataSchema: {
      dataSource: 'ds',
      timestampSpec: { column: 'ts', format: 'iso' },
      dimensionsSpec: { dimensions: ['country', 'city'] },
      metricsSpec: [{ type: 'count', name: 'count' }, { type: 'longSum', name: 'added', fieldName: 'added' }],
      granularitySpec: { segmentGranularity: 'DAY', queryGranularity: 'HOUR', intervals: ['2020-01-01/2020-01-02'] },
    } as Json,
    ioConfig: { type, inputSource: { type: 'inline', data: DATA }, inputFormat: { type: 'json' } } as Json,
    tuningConfig: { type } as Json,
  };
  edit(spec);
  return { type, spec };
}

function rejects(json: unknown, message: string): void {
  expect(() => parseTaskSpec(json)).toThrowError(expect.objectContaining({ name: 'DruidError', category: 'INVALID_INPUT', message }));
}

describe('parseTaskSpec', () => {
  it('applies Druid defaults', () => {
    const parsed = parseTaskSpec({
      type: 'index',
      id: 'my-task',
      context: { priority: 10 },
      spec: { dataSchema: { dataSource: 'ds', dimensionsSpec: { dimensions: ['a'] } }, ioConfig: { type: 'index', inputSource: { type: 'inline', data: '' }, inputFormat: { type: 'json' } } },
    });
    expect(parsed).toMatchObject({ type: 'index', id: 'my-task', context: { priority: 10 } });
    const { plan } = parsed;
    expect(plan.segmentGranularity).toMatchObject({ type: 'period', period: 'P1D' });
    expect(plan.queryGranularity).toEqual({ type: 'none' });
    expect(plan.rollup).toBe(true);
    expect(plan.intervals).toBeNull();
    expect(plan.timestampSpec).toEqual({ column: 'timestamp', format: 'auto', missingValue: null });
    expect(plan.appendToExisting).toBe(false);
    expect(plan.dropExisting).toBe(false);
    expect(plan.partitionsSpec).toEqual({ type: 'dynamic', maxRowsPerSegment: 5_000_000, maxTotalRows: null });
    expect(plan.tuning).toMatchObject({ maxRowsInMemory: 1_000_000, maxBytesInMemory: 0, forceGuaranteedRollup: false, reportParseExceptions: false, logParseExceptions: false });
    expect(plan.spec).toMatchObject({
      dataSchema: {
        dataSource: 'ds',
        timestampSpec: { column: 'timestamp', format: 'auto', missingValue: null },
        dimensionsSpec: { dimensions: [{ type: 'string', name: 'a', multiValueHandling: 'SORTED_ARRAY', createBitmapIndex: true }], dimensionExclusions: ['__time', 'timestamp'] },
        granularitySpec: { type: 'uniform', segmentGranularity: 'DAY', queryGranularity: { type: 'none' }, rollup: true, intervals: [] },
      },
      ioConfig: { type: 'index', appendToExisting: false, dropExisting: false },
      tuningConfig: { type: 'index', maxRowsInMemory: 1_000_000, maxPendingPersists: 0, pushTimeout: 0, maxColumnsToMerge: -1, indexSpec: { bitmap: { type: 'roaring' } } },
    });
  });

  it('echoes index_parallel tuning defaults', () => {
    const { plan } = parseTaskSpec(task());
    expect(plan.tuning).toMatchObject({ maxNumConcurrentSubTasks: 1, maxRetry: 3, taskStatusCheckPeriodMs: 1000, awaitSegmentAvailabilityTimeoutMillis: 0 });
    expect(plan.tuning.raw).toMatchObject({
      maxNumSegmentsToMerge: 100,
      totalNumMergeTasks: 10,
      chatHandlerTimeout: 'PT10S',
      chatHandlerNumRetries: 5,
      maxParseExceptions: 2_147_483_647,
      maxSavedParseExceptions: 0,
    });
  });

  it('counts bad timestamps as unparseable and throws away rows outside the intervals', () => {
    const { plan } = parseTaskSpec(task());
    const run = runPlan(plan.plan, DATA);
    expect(run.unparseable).toBe(1);
    expect(run.thrownAway).toBe(1);
    expect(run.rows.map((r) => [new Date(r.__time as number).toISOString(), r.country, r.count, r.added])).toEqual([
      ['2020-01-01T10:00:00.000Z', 'US', 2, 15],
      ['2020-01-01T11:00:00.000Z', 'FR', 1, 7],
    ]);
  });

  it('applies transforms before the filter, and lets a transform shadow an input column', () => {
    const { plan } = parseTaskSpec(
      task((t) => {
        t.dataSchema.transformSpec = {
          transforms: [
            { type: 'expression', name: 'country', expression: "concat(country, '-', upper(city))" },
            { type: 'expression', name: 'doubled', expression: 'added * 2' },
          ],
          filter: { type: 'like', dimension: 'country', pattern: 'US-%' },
        };
        t.dataSchema.metricsSpec = [{ type: 'longSum', name: 'doubled', fieldName: 'doubled' }];
      }),
    );
    const project = (plan.plan as AggregateNode).input.kind === 'filter' ? ((plan.plan as AggregateNode).input as { input: ProjectNode }).input : null;
    expect(project?.columns.find((c) => c.name === 'country')?.expr).toMatchObject({ kind: 'call', fn: 'CONCAT' });
    const run = runPlan(plan.plan, DATA);
    expect(run.rows.map((r) => [r.country, r.city, r.doubled])).toEqual([['US-NYC', 'NYC', 30]]);
    expect(run.thrownAway).toBe(2);
  });

  it('replaces the timestamp with a __time transform', () => {
    const { plan } = parseTaskSpec(
      task((t) => {
        t.dataSchema.transformSpec = { transforms: [{ type: 'expression', name: '__time', expression: "timestamp_shift(__time, 'PT1H', 1)" }] };
      }),
    );
    const run = runPlan(plan.plan, DATA);
    expect(run.rows.map((r) => new Date(r.__time as number).toISOString())).toEqual(['2020-01-01T11:00:00.000Z', '2020-01-01T12:00:00.000Z']);
  });

  it('computes filtered and expression metrics, first/last and min/max', () => {
    const { plan } = parseTaskSpec(
      task((t) => {
        t.dataSchema.dimensionsSpec = { dimensions: ['country'] };
        t.dataSchema.granularitySpec = { segmentGranularity: 'DAY', queryGranularity: 'DAY', intervals: ['2020-01-01/2020-01-02'] };
        t.dataSchema.metricsSpec = [
          { type: 'filtered', filter: { type: 'selector', dimension: 'user', value: 'a' }, aggregator: { type: 'count', name: 'byA' } },
          { type: 'doubleSum', name: 'half', expression: 'added / 2.0' },
          { type: 'stringFirst', name: 'firstUser', fieldName: 'user' },
          { type: 'stringLast', name: 'lastUser', fieldName: 'user' },
          { type: 'longMax', name: 'maxAdded', fieldName: 'added' },
        ];
      }),
    );
    const rows = runPlan(plan.plan, DATA).rows.sort((a, b) => String(a.country).localeCompare(String(b.country)));
    expect(rows).toEqual([
      { __time: Date.UTC(2020, 0, 1), country: 'FR', byA: 1, half: 3.5, firstUser: 'a', lastUser: 'a', maxAdded: 7 },
      { __time: Date.UTC(2020, 0, 1), country: 'US', byA: 1, half: 7.5, firstUser: 'a', lastUser: 'b', maxAdded: 10 },
    ]);
  });

  it('discovers dimensions from declared csv columns, excluding the timestamp, metric inputs and exclusions', () => {
    const { plan } = parseTaskSpec(
      task((t) => {
        t.dataSchema.dimensionsSpec = { dimensionExclusions: ['user'] };
        t.ioConfig.inputFormat = { type: 'csv', columns: ['ts', 'country', 'city', 'added', 'user'] };
      }),
    );
    expect(plan.schemaDiscovery).toBeNull();
    expect(plan.dimensions).toEqual(['country', 'city']);
  });

  it('asks for discovery when the input does not declare its columns, then uses the discovered ones', () => {
    const json = task((t) => {
      t.dataSchema.dimensionsSpec = {};
    });
    const first = parseTaskSpec(json).plan;
    expect(first.schemaDiscovery).toEqual({ excluded: ['__time', 'ts', 'count', 'added'], typed: false });
    expect(first.dimensions).toEqual([]);
    const second = parseTaskSpec(json, { discoveredColumns: ['ts', 'country', 'city', 'added', 'user'] }).plan;
    expect(second.schemaDiscovery).toBeNull();
    expect(second.dimensions).toEqual(['country', 'city', 'user']);
    expect(runPlan(second.plan, DATA).rows).toHaveLength(3);
  });

  it('keeps discovered types under useSchemaDiscovery and puts explicit dimensions first with includeAllDimensions', () => {
    const json = task((t) => {
      t.dataSchema.dimensionsSpec = { dimensions: ['city'], includeAllDimensions: true, useSchemaDiscovery: true };
      t.dataSchema.metricsSpec = [];
    });
    const { plan } = parseTaskSpec(json, {
      discoveredColumns: [
        { name: 'country', type: 'STRING' },
        { name: 'city', type: 'STRING' },
        { name: 'added', type: 'LONG' },
      ],
    });
    expect(plan.dimensionSchemas.map((d) => [d.name, d.columnType])).toEqual([
      ['city', 'STRING'],
      ['country', 'STRING'],
      ['added', 'LONG'],
    ]);
  });

  it('derives the partitionsSpec from deprecated tuningConfig fields as Druid does', () => {
    const tuning = (tuningConfig: Json, type = 'index_parallel') => parseTaskSpec(task((t) => (t.tuningConfig = { type, ...tuningConfig }), type)).plan.partitionsSpec;
    expect(tuning({ maxRowsPerSegment: 10, maxTotalRows: 100 })).toEqual({ type: 'dynamic', maxRowsPerSegment: 10, maxTotalRows: 100 });
    expect(tuning({ targetPartitionSize: 7 })).toEqual({ type: 'dynamic', maxRowsPerSegment: 7, maxTotalRows: null });
    expect(tuning({ forceGuaranteedRollup: true })).toMatchObject({ type: 'hashed', numShards: null, targetRowsPerSegment: 5_000_000, partitionDimensions: [] });
    expect(tuning({ forceGuaranteedRollup: true, numShards: 3 })).toMatchObject({ type: 'hashed', numShards: 3, targetRowsPerSegment: null });
    expect(tuning({ forceGuaranteedRollup: true, maxRowsPerSegment: 100 })).toMatchObject({ type: 'hashed', numShards: null, targetRowsPerSegment: 100 });
    expect(tuning({ forceGuaranteedRollup: true, partitionDimensions: ['country'] }, 'index')).toMatchObject({ type: 'hashed', partitionDimensions: ['country'] });
  });

  it('accepts every partitionsSpec form', () => {
    const ps = (partitionsSpec: Json, forceGuaranteedRollup = true) =>
      parseTaskSpec(task((t) => (t.tuningConfig = { type: 'index_parallel', forceGuaranteedRollup, partitionsSpec }))).plan.partitionsSpec;
    expect(ps({ type: 'dynamic', maxRowsPerSegment: 100, maxTotalRows: 1000 }, false)).toEqual({ type: 'dynamic', maxRowsPerSegment: 100, maxTotalRows: 1000 });
    expect(ps({ type: 'dynamic', maxRowsPerSegment: -1 }, false)).toEqual({ type: 'dynamic', maxRowsPerSegment: 5_000_000, maxTotalRows: null });
    expect(ps({ type: 'hashed' })).toEqual({ type: 'hashed', numShards: null, targetRowsPerSegment: 5_000_000, partitionDimensions: [], partitionFunction: 'murmur3_32_abs' });
    expect(ps({ numShards: 4, partitionDimensions: ['country'] })).toMatchObject({ type: 'hashed', numShards: 4, partitionDimensions: ['country'] });
    expect(ps({ type: 'hashed', targetRowsPerSegment: 1000, partitionFunction: 'MURMUR3_32_ABS' })).toMatchObject({ targetRowsPerSegment: 1000, numShards: null });
    expect(ps({ type: 'hashed', maxRowsPerSegment: 1000 })).toMatchObject({ targetRowsPerSegment: 1000 });
    expect(ps({ type: 'single_dim', partitionDimension: 'country', maxRowsPerSegment: 10, assumeGrouped: true })).toEqual({
      type: 'single_dim',
      partitionDimensions: ['country'],
      targetRowsPerSegment: null,
      maxRowsPerSegment: 10,
      assumeGrouped: true,
    });
    expect(ps({ type: 'dimension', partitionDimension: 'country', targetPartitionSize: 10 })).toMatchObject({ type: 'single_dim', targetRowsPerSegment: 10 });
    expect(ps({ type: 'range', partitionDimensions: ['country', 'city'], targetRowsPerSegment: 10 })).toEqual({
      type: 'range',
      partitionDimensions: ['country', 'city'],
      targetRowsPerSegment: 10,
      maxRowsPerSegment: null,
      assumeGrouped: false,
    });
  });
});

describe('parseTaskSpec refusals', () => {
  const withTuning = (tuningConfig: Json, type = 'index_parallel') => task((t) => (t.tuningConfig = { type, ...tuningConfig }), type);

  it('refuses invalid ingestion-mode and partitioning combinations with Druid messages', () => {
    rejects(
      task((t) => Object.assign(t.ioConfig, { appendToExisting: true, dropExisting: true })),
      'spec.ioConfig.dropExisting: Cannot simultaneously replace and append to existing segments. Either dropExisting or appendToExisting should be set to false',
    );
    rejects(
      task((t) => {
        t.ioConfig.dropExisting = true;
        delete (t.dataSchema.granularitySpec as Json).intervals;
      }),
      "spec.dataSchema.granularitySpec.intervals: GranularitySpec's intervals cannot be empty when using replace.",
    );
    rejects(
      task((t) => {
        t.ioConfig.dropExisting = true;
        delete (t.dataSchema.granularitySpec as Json).intervals;
      }, 'index'),
      "spec.dataSchema.granularitySpec.intervals: GranularitySpec's intervals cannot be empty for replace.",
    );
    rejects(
      task((t) => {
        t.ioConfig.appendToExisting = true;
        t.tuningConfig = { type: 'index_parallel', forceGuaranteedRollup: true, partitionsSpec: { type: 'hashed', numShards: 2 } };
      }),
      'spec.tuningConfig.forceGuaranteedRollup: Perfect rollup cannot be guaranteed when appending to existing dataSources',
    );
    rejects(withTuning({ partitionsSpec: { type: 'hashed', numShards: 2 } }), 'spec.tuningConfig.partitionsSpec: DynamicPartitionsSpec must be used for best-effort rollup');
    rejects(withTuning({ forceGuaranteedRollup: true, partitionsSpec: { type: 'dynamic' } }), 'spec.tuningConfig.partitionsSpec: DynamicPartitionsSpec cannot be used for perfect rollup');
    rejects(
      withTuning({ forceGuaranteedRollup: true, partitionsSpec: { type: 'single_dim', partitionDimension: 'country', targetRowsPerSegment: 5 } }, 'index'),
      'spec.tuningConfig.partitionsSpec: partitionsSpec[single_dim] is not supported by the index task; use an index_parallel task',
    );
  });

  it('refuses bad partitionsSpecs', () => {
    const ps = (partitionsSpec: Json) => withTuning({ forceGuaranteedRollup: true, partitionsSpec });
    rejects(ps({ type: 'hashed', numShards: 2, targetRowsPerSegment: 10 }), 'spec.tuningConfig.partitionsSpec.numShards: At most one of [targetRowsPerSegment=10] or [numShards=2] must be present');
    rejects(ps({ type: 'hashed', targetRowsPerSegment: 1, maxRowsPerSegment: 2 }), 'spec.tuningConfig.partitionsSpec.maxRowsPerSegment: At most one of [targetRowsPerSegment=1] or [maxRowsPerSegment=2] must be present');
    rejects(ps({ type: 'hashed', numShards: 0 }), 'spec.tuningConfig.partitionsSpec.numShards: numShards[0] should be positive');
    rejects(ps({ type: 'hashed', partitionFunction: 'md5' }), 'spec.tuningConfig.partitionsSpec.partitionFunction: unknown partitionFunction [md5]; supported: [murmur3_32_abs]');
    rejects(ps({ type: 'single_dim', partitionDimension: 'country' }), 'spec.tuningConfig.partitionsSpec: Exactly one of targetRowsPerSegment or maxRowsPerSegment must be present');
    rejects(ps({ type: 'single_dim', targetRowsPerSegment: 10 }), 'spec.tuningConfig.partitionsSpec: partitionDimensions must be specified');
    rejects(ps({ type: 'range', targetRowsPerSegment: 10 }), 'spec.tuningConfig.partitionsSpec.partitionDimensions: partitionDimensions must be specified');
    rejects(ps({ type: 'range', partitionDimensions: ['a'], targetRowsPerSegment: 0 }), 'spec.tuningConfig.partitionsSpec.targetRowsPerSegment: targetRowsPerSegment must be greater than 0');
    rejects(ps({ type: 'whatever' }), 'spec.tuningConfig.partitionsSpec.type: unknown partitionsSpec type [whatever]; supported types are [dynamic, hashed, single_dim, range]');
    rejects(withTuning({ forceGuaranteedRollup: true, maxRowsPerSegment: 5, numShards: 2 }), 'spec.tuningConfig.numShards: At most one of [maxRowsPerSegment=5] or [numShards=2] must be present');
    rejects(withTuning({ targetPartitionSize: 5, maxRowsPerSegment: 5 }), "spec.tuningConfig.maxRowsPerSegment: Can't use targetPartitionSize and maxRowsPerSegment together");
  });

  it('refuses bad tuningConfig values', () => {
    rejects(withTuning({ maxNumConcurrentSubTasks: 0 }), 'spec.tuningConfig.maxNumConcurrentSubTasks: maxNumConcurrentSubTasks must be positive');
    rejects(withTuning({ maxNumSubTasks: 2, maxNumConcurrentSubTasks: 2 }), "spec.tuningConfig.maxNumSubTasks: Can't use both maxNumSubTasks and maxNumConcurrentSubTasks. Use maxNumConcurrentSubTasks instead");
    rejects(withTuning({ totalNumMergeTasks: -1 }), 'spec.tuningConfig.totalNumMergeTasks: totalNumMergeTasks must be positive');
    rejects(withTuning({ maxRowsInMemory: 'many' }), 'spec.tuningConfig.maxRowsInMemory: must be an integer');
    rejects(withTuning({ splitHintSpec: { type: 'maxSize', maxSplitSize: -1 } }), expect.stringContaining('spec.tuningConfig.splitHintSpec: Invalid splitHintSpec: field [maxSplitSize]') as unknown as string);
    rejects(task((t) => (t.tuningConfig = { type: 'index' })), 'spec.tuningConfig.type: must be [index_parallel] for a task of type [index_parallel], got [index]');
    rejects(task((t) => (t.tuningConfig = { maxRowsInMemory: 5 })), 'spec.tuningConfig.type: is required');
    expect(parseTaskSpec(withTuning({ reportParseExceptions: true, maxParseExceptions: 10, maxSavedParseExceptions: 5 })).plan.tuning).toMatchObject({
      maxParseExceptions: 0,
      maxSavedParseExceptions: 1,
    });
  });

  it('refuses bad task envelopes and ioConfigs', () => {
    rejects({ type: 'index_hadoop', spec: {} }, 'type: unknown task type [index_hadoop]; this parser handles [index, index_parallel]');
    rejects({ type: 'index' }, 'spec: is required');
    rejects({ type: 'index', dataSchema: {} }, 'spec: is required: put dataSchema, ioConfig and tuningConfig inside spec');
    rejects({ type: 'index', id: 'a/b', spec: {} }, "id: Invalid value for field [id]: Value [a/b] cannot contain '/'.");
    rejects(task((t) => (t.ioConfig.type = 'index')), 'spec.ioConfig.type: must be [index_parallel] for a task of type [index_parallel], got [index]');
    rejects(task((t) => delete t.ioConfig.inputFormat), 'spec.ioConfig.inputFormat: is required for input source type [inline]');
    rejects(task((t) => (t.ioConfig.inputFormat = { type: 'csv' })), 'spec.ioConfig.inputFormat: Either [columns] or [findColumnsFromHeader] must be set');
    rejects(task((t) => (t.ioConfig.inputSource = { type: 'local', baseDir: '/tmp' })), 'spec.ioConfig.inputSource: Invalid inputSource: field [filter]: is required when [baseDir] is set');
    rejects(task((t) => (t.ioConfig.firehose = { type: 'local' })), 'spec.ioConfig.firehose: firehoses are not supported; use inputSource and inputFormat');
  });

  it('refuses bad dataSchemas', () => {
    rejects(task((t) => (t.dataSchema.dataSource = '.hidden')), "spec.dataSchema.dataSource: Invalid value for field [dataSource]: Value [.hidden] cannot start with '.'.");
    rejects(task((t) => ((t.dataSchema.granularitySpec as Json).segmentGranularity = 'DAYZ')), 'spec.dataSchema.granularitySpec.segmentGranularity: Invalid granularity [DAYZ]');
    rejects(task((t) => ((t.dataSchema.granularitySpec as Json).intervals = ['nope'])), 'spec.dataSchema.granularitySpec.intervals[0]: Invalid interval [nope]');
    rejects(task((t) => ((t.dataSchema.granularitySpec as Json).type = 'arbitrary')), 'spec.dataSchema.granularitySpec.type: granularitySpec type [arbitrary] is not supported by Silt; use [uniform]');
    rejects(
      task((t) => ((t.dataSchema.granularitySpec as Json).queryGranularity = { type: 'period', period: 'PT1H', timeZone: 'America/Los_Angeles' })),
      'spec.dataSchema.granularitySpec.queryGranularity.timeZone: time zone [America/Los_Angeles] is not supported by Silt; granularities are in UTC',
    );
    rejects(task((t) => (t.dataSchema.dimensionsSpec = { dimensions: ['added'] })), 'spec.dataSchema: Cannot specify a column more than once: [added] seen in dimensions list, metricsSpec list');
    rejects(
      task((t) => (t.dataSchema.dimensionsSpec = { dimensions: ['a', 'a', 'count'] })),
      'spec.dataSchema: Cannot specify a column more than once: [a] seen in dimensions list (2 occurrences); [count] seen in dimensions list, metricsSpec list',
    );
    rejects(
      task((t) => (t.dataSchema.metricsSpec = [{ type: 'count', name: '__time' }])),
      'spec.dataSchema: Cannot specify a column more than once: [__time] seen in metricsSpec list, primary timestamp (__time cannot appear elsewhere except as long-typed dimension)',
    );
    rejects(task((t) => (t.dataSchema.dimensionsSpec = { dimensions: ['country', { type: 'long', name: '__time' }] })), expect.stringContaining('Encountered dimension[__time] at position[1]') as unknown as string);
    rejects(task((t) => (t.dataSchema.dimensionsSpec = { dimensions: [], spatialDimensions: [{ dimName: 'geo' }] })), 'spec.dataSchema.dimensionsSpec.spatialDimensions: spatial dimensions are not supported by Silt');
    rejects(task((t) => (t.dataSchema.dimensionsSpec = { dimensions: [{ type: 'geo', name: 'x' }] })), 'spec.dataSchema.dimensionsSpec.dimensions[0].type: unknown dimension type [geo]; supported types are [auto, string, long, float, double, json]');
    rejects(task((t) => (t.dataSchema.dimensionsSpec = { dimensions: ['a'], dimensionExclusions: ['a'] })), 'spec.dataSchema.dimensionsSpec.dimensionExclusions: dimensions and dimensions exclusions cannot overlap: [a]');
    rejects(task((t) => ((t.dataSchema.timestampSpec as Json).format = 'yyyy-MM-dd qq')), expect.stringContaining('spec.dataSchema.timestampSpec.format: Invalid timestamp format [yyyy-MM-dd qq]') as unknown as string);
    rejects(task((t) => (t.dataSchema.parser = { type: 'string' })), 'spec.dataSchema.parser: the legacy parser is not supported; use timestampSpec, dimensionsSpec and ioConfig.inputFormat');
  });

  it('refuses bad metrics and transforms', () => {
    const metric = (m: Json) => task((t) => (t.dataSchema.metricsSpec = [m]));
    rejects(metric({ type: 'longSum', fieldName: 'added' }), 'spec.dataSchema.metricsSpec[0].name: Must have a valid, non-null aggregator name');
    rejects(metric({ type: 'longSum', name: 'x' }), 'spec.dataSchema.metricsSpec[0]: Must have a valid, non-null fieldName or expression');
    rejects(metric({ type: 'longSum', name: 'x', fieldName: 'a', expression: 'a' }), 'spec.dataSchema.metricsSpec[0]: Must have a valid, non-null fieldName or expression');
    rejects(metric({ type: 'doubleMean', name: 'x', fieldName: 'a' }), 'spec.dataSchema.metricsSpec[0].type: unknown or unsupported aggregator type [doubleMean]');
    rejects(metric({ type: 'HLLSketchBuild', name: 'x', fieldName: 'a', lgK: 30 }), 'spec.dataSchema.metricsSpec[0].lgK: lgK must be between 4 and 21, got [30]');
    rejects(metric({ type: 'thetaSketch', name: 'x', fieldName: 'a', size: 100 }), 'spec.dataSchema.metricsSpec[0].size: The value of the parameter "size" must be a positive integer-power of 2 and greater than 0: 100');
    rejects(metric({ type: 'quantilesDoublesSketch', name: 'x', fieldName: 'a', k: 3 }), 'spec.dataSchema.metricsSpec[0].k: K must be >= 2 and <= 32768 and a power of 2: 3');
    rejects(metric({ type: 'filtered', aggregator: { type: 'count', name: 'c' } }), 'spec.dataSchema.metricsSpec[0].filter: is required');
    rejects(
      task((t) => {
        t.dataSchema.metricsSpec = [{ type: 'thetaSketch', name: 'x', fieldName: 'user' }];
        (t.dataSchema.granularitySpec as Json).rollup = false;
      }),
      'spec.dataSchema.metricsSpec[0]: aggregator type [thetaSketch] needs rollup in Silt; set granularitySpec.rollup to true',
    );
    const transform = (transforms: unknown) => task((t) => (t.dataSchema.transformSpec = { transforms }));
    rejects(transform([{ type: 'expression', name: 'x', expression: 'frobnicate(a)' }]), 'Function[frobnicate] is not supported by Silt');
    rejects(transform([{ type: 'expression', name: 'x', expression: 'a +' }]), 'spec.dataSchema.transformSpec.transforms[0].expression: Invalid expression [a +]: unexpected end of expression at position 3');
    rejects(
      transform([
        { type: 'expression', name: 'x', expression: 'a' },
        { type: 'expression', name: 'x', expression: 'b' },
      ]),
      "spec.dataSchema.transformSpec.transforms[1].name: Transform name 'x' cannot be used twice",
    );
    rejects(transform([{ type: 'javascript', name: 'x', expression: 'a' }]), 'spec.dataSchema.transformSpec.transforms[0].type: unknown transform type [javascript]; supported types are [expression]');
    rejects(task((t) => (t.dataSchema.transformSpec = { filter: { type: 'spatial', dimension: 'x' } })), 'spec.dataSchema.transformSpec.filter.type: spatial filters are not supported by Silt');
  });
});
