import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AggregateNode, FilterNode, LogicalPlan, ProjectNode } from '@silt/sql';
import { parseTaskSpec } from '../src/index.ts';
import { runPlan } from './plan-runner.ts';

/**
 * Druid's embedded-tests `indexer/wikipedia_index_task.json` and `wikipedia_parallel_index_task.json`,
 * with their placeholders filled in and the input pointed at the shared copy of Druid's
 * `batch_index/json` data.
 */
const DATA_DIR = '/work/shared/datasets/druid-batch-index/json';
const hasData = existsSync(DATA_DIR);
if (!hasData) console.log(`Skipping the wikipedia spec tests: ${DATA_DIR} is absent`);

const INDEX_TASK = `{
    "type": "index",
    "spec": {
        "dataSchema": {
            "dataSource": "%%DATASOURCE%%",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": {
                "dimensions": [
                    "page",
                    {"type": "string", "name": "language", "createBitmapIndex": false},
                    "user", "unpatrolled", "newPage", "robot", "anonymous", "namespace", "continent", "country", "region", "city"
                ]
            },
            "metricsSpec": [
                { "type": "count", "name": "count" },
                { "type": "doubleSum", "name": "added", "fieldName": "added" },
                { "type": "doubleSum", "name": "deleted", "fieldName": "deleted" },
                { "type": "doubleSum", "name": "delta", "fieldName": "delta" },
                { "name": "thetaSketch", "type": "thetaSketch", "fieldName": "user" },
                { "name": "quantilesDoublesSketch", "type": "quantilesDoublesSketch", "fieldName": "delta" },
                { "name": "HLLSketchBuild", "type": "HLLSketchBuild", "fieldName": "user" }
            ],
            "granularitySpec": { "segmentGranularity": "DAY", "queryGranularity": "second", "intervals" : [ "2013-08-31/2013-09-02" ] }
        },
        "ioConfig": {
            "type": "index",
            "inputSource": { "type": "local", "baseDir": "%%DATA_DIRECTORY%%", "filter": "wikipedia_index_data*" },
            "inputFormat": { "type": "json" },
            "appendToExisting": false
        },
        "tuningConfig": { "type": "index", "maxRowsPerSegment": 3, "awaitSegmentAvailabilityTimeoutMillis": %%SEGMENT_AVAIL_TIMEOUT_MILLIS%% }
    }
}`;

const PARALLEL_TASK = `{
    "type": "index_parallel",
    "spec": {
        "dataSchema": {
            "dataSource": "%%DATASOURCE%%",
            "timestampSpec": { "column": "timestamp" },
            "dimensionsSpec": {
                "dimensions": [
                    "page",
                    {"type": "string", "name": "language", "createBitmapIndex": false},
                    "user", "unpatrolled", "newPage", "robot", "anonymous", "namespace", "continent", "country", "region", "city"
                ]
            },
            "metricsSpec": [
                { "type": "count", "name": "count" },
                { "type": "doubleSum", "name": "added", "fieldName": "added" },
                { "type": "doubleSum", "name": "deleted", "fieldName": "deleted" },
                { "type": "doubleSum", "name": "delta", "fieldName": "delta" }
            ],
            "granularitySpec": { "segmentGranularity": "DAY", "queryGranularity": "second", "intervals" : [ "2013-08-31/2013-09-02" ] }
        },
        "ioConfig": {
            "type": "index_parallel",
            "inputSource": { "type": "local", "baseDir": "%%DATA_DIRECTORY%%", "filter": "wikipedia_index_data*" },
            "inputFormat": { "type" : "json" }
        },
        "tuningConfig": {
            "type": "index_parallel",
            "maxNumConcurrentSubTasks": 10,
            "forceGuaranteedRollup": "%%FORCE_GUARANTEED_ROLLUP%%",
            "splitHintSpec": { "type": "maxSize", "maxSplitSize": 1 },
            "partitionsSpec": %%PARTITIONS_SPEC%%,
            "awaitSegmentAvailabilityTimeoutMillis": %%SEGMENT_AVAIL_TIMEOUT_MILLIS%%
        }
    }
}`;

const DIMENSIONS = ['page', 'language', 'user', 'unpatrolled', 'newPage', 'robot', 'anonymous', 'namespace', 'continent', 'country', 'region', 'city'];

function fill(template: string, values: Record<string, string>): unknown {
  let text = template;
  for (const [key, value] of Object.entries({ DATASOURCE: 'wikipedia_index_test', DATA_DIRECTORY: DATA_DIR, SEGMENT_AVAIL_TIMEOUT_MILLIS: '0', ...values })) {
    text = text.replaceAll(`%%${key}%%`, value);
  }
  return JSON.parse(text);
}

/** The concatenated input files the local input source selects. */
function inputText(): string {
  return readdirSync(DATA_DIR)
    .filter((f) => f.startsWith('wikipedia_index_data'))
    .sort()
    .map((f) => readFileSync(join(DATA_DIR, f), 'utf8').trimEnd())
    .join('\n');
}

describe.skipIf(!hasData)('wikipedia_index_task.json', () => {
  const { type, plan } = parseTaskSpec(fill(INDEX_TASK, {}));

  it('parses the schema with its defaults', () => {
    expect(type).toBe('index');
    expect(plan.dataSource).toBe('wikipedia_index_test');
    expect(plan.dimensions).toEqual(DIMENSIONS);
    expect(plan.dimensionSchemas.find((d) => d.name === 'language')).toMatchObject({ columnType: 'STRING', createBitmapIndex: false, multiValueHandling: 'SORTED_ARRAY' });
    expect(plan.metrics).toEqual(['count', 'added', 'deleted', 'delta', 'thetaSketch', 'quantilesDoublesSketch', 'HLLSketchBuild']);
    expect(plan.segmentGranularity).toEqual({ type: 'period', period: 'P1D', name: 'DAY' });
    expect(plan.queryGranularity).toEqual({ type: 'period', period: 'PT1S', name: 'SECOND' });
    expect(plan.rollup).toBe(true);
    expect(plan.perfectRollup).toBe(false);
    expect(plan.intervals).toEqual([{ start: Date.UTC(2013, 7, 31), end: Date.UTC(2013, 8, 2) }]);
    expect(plan.partitionsSpec).toEqual({ type: 'dynamic', maxRowsPerSegment: 3, maxTotalRows: null });
    expect(plan.tuning).toMatchObject({ maxRowsInMemory: 1_000_000, maxParseExceptions: 2_147_483_647, maxSavedParseExceptions: 0, awaitSegmentAvailabilityTimeoutMillis: 0 });
    expect(plan.timestampSpec).toEqual({ column: 'timestamp', format: 'auto', missingValue: null });
    expect(plan.schemaDiscovery).toBeNull();
  });

  it('plans scan → project → filter → aggregate with typed inputs', () => {
    const aggregate = plan.plan as AggregateNode;
    const filter = aggregate.input as FilterNode;
    const project = filter.input as ProjectNode;
    expect([aggregate.kind, filter.kind, project.kind, project.input.kind]).toEqual(['aggregate', 'filter', 'project', 'externalScan']);
    const scan = project.input as Extract<LogicalPlan, { kind: 'externalScan' }>;
    expect(scan.inputSource).toEqual({ type: 'local', baseDir: DATA_DIR, filter: 'wikipedia_index_data*' });
    expect(scan.signature).toContainEqual({ name: 'added', type: 'DOUBLE' });
    expect(scan.signature).toContainEqual({ name: 'timestamp', type: 'STRING' });
    expect(aggregate.groupBy.map((g) => g.name)).toEqual(['__time', ...DIMENSIONS]);
    expect(aggregate.groupBy[0]!.expr).toMatchObject({ kind: 'call', fn: 'TIME_FLOOR', args: [{ kind: 'column', name: '__time' }, { value: 'PT1S' }] });
    expect(aggregate.aggregates.map((a) => [a.name, a.call.fn, a.call.type])).toEqual([
      ['count', 'COUNT', 'LONG'],
      ['added', 'SUM', 'DOUBLE'],
      ['deleted', 'SUM', 'DOUBLE'],
      ['delta', 'SUM', 'DOUBLE'],
      ['thetaSketch', 'DS_THETA', 'COMPLEX<json>'],
      ['quantilesDoublesSketch', 'DS_QUANTILES_SKETCH', 'COMPLEX<json>'],
      ['HLLSketchBuild', 'DS_HLL', 'COMPLEX<json>'],
    ]);
    const time = project.columns.find((c) => c.name === '__time')!.expr;
    expect(time).toMatchObject({ kind: 'call', fn: 'CASE', args: [{ fn: 'REGEXP_LIKE' }, { fn: 'CAST' }, { fn: 'TIME_PARSE' }] });
  });

  it('produces the rows Druid ingests', () => {
    const { rows, unparseable, thrownAway } = runPlan(plan.plan, inputText());
    expect(unparseable).toBe(0);
    expect(thrownAway).toBe(0);
    expect(rows).toHaveLength(10);
    const crimson = rows.filter((r) => r.page === 'Crimson Typhoon' && r.language === 'zh' && (r.__time as number) < Date.UTC(2013, 8, 1));
    expect(crimson).toEqual([expect.objectContaining({ __time: Date.parse('2013-08-31T11:58:39Z'), added: 905, count: 1 })]);
    expect(typeof rows[0]!.thetaSketch).toBe('string');
  });
});

describe.skipIf(!hasData)('wikipedia_parallel_index_task.json', () => {
  const parse = (forceGuaranteedRollup: string, partitionsSpec: unknown) =>
    parseTaskSpec(fill(PARALLEL_TASK, { FORCE_GUARANTEED_ROLLUP: forceGuaranteedRollup, PARTITIONS_SPEC: JSON.stringify(partitionsSpec) })).plan;

  it('parses with each partitionsSpec the embedded test runs', () => {
    expect(parse('false', { type: 'dynamic' }).partitionsSpec).toEqual({ type: 'dynamic', maxRowsPerSegment: 5_000_000, maxTotalRows: null });
    expect(parse('true', { type: 'hashed', numShards: 2 }).partitionsSpec).toEqual({
      type: 'hashed',
      numShards: 2,
      targetRowsPerSegment: null,
      partitionDimensions: [],
      partitionFunction: 'murmur3_32_abs',
    });
    expect(parse('true', { type: 'single_dim', partitionDimension: 'namespace', targetRowsPerSegment: 2 }).partitionsSpec).toEqual({
      type: 'single_dim',
      partitionDimensions: ['namespace'],
      targetRowsPerSegment: 2,
      maxRowsPerSegment: null,
      assumeGrouped: false,
    });
    const range = parse('true', { type: 'range', partitionDimensions: ['namespace', 'language'], maxRowsPerSegment: 2 });
    expect(range.partitionsSpec).toMatchObject({ type: 'range', partitionDimensions: ['namespace', 'language'], maxRowsPerSegment: 2 });
    expect(range.perfectRollup).toBe(true);
    expect(range.tuning).toMatchObject({ maxNumConcurrentSubTasks: 10, maxRetry: 3, forceGuaranteedRollup: true, splitHintSpec: { type: 'maxSize', maxSplitSize: 1 } });
  });

  it('plans the same rows as the index task', () => {
    const plan = parse('false', { type: 'dynamic' });
    expect(plan.taskType).toBe('index_parallel');
    expect(plan.dimensions).toEqual(DIMENSIONS);
    const { rows } = runPlan(plan.plan, inputText());
    expect(rows).toHaveLength(10);
    const total = rows.reduce((sum, r) => sum + (r.added as number), 0);
    expect(total).toBe(57 + 459 + 123 + 905 + 1 + 57 + 459 + 123 + 905 + 1);
  });
});
