import { DruidError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { resolveQueryContext } from '../src/index.ts';
import { plan, planError } from './fixtures.ts';

describe('query context', () => {
  it('overlays SET statements on the request context', () => {
    const planned = plan("SET maxNumTasks = 4; SET mode = 'nonStrict'; SET finalizeAggregations = FALSE;\nSELECT page FROM wikipedia", {
      context: { maxNumTasks: 2, sqlQueryId: 'q1' },
    });
    expect(planned.context).toEqual({ maxNumTasks: 4, mode: 'nonStrict', finalizeAggregations: false, sqlQueryId: 'q1' });
    expect(planned.sql).toContain('SELECT page FROM wikipedia');
  });

  it('resolves defaults', () => {
    expect(resolveQueryContext({})).toEqual({
      maxNumTasks: 2,
      taskAssignment: 'max',
      maxInputBytesPerWorker: 512 * 1024 * 1024,
      finalizeAggregations: true,
      arrayIngestMode: 'array',
      sqlJoinAlgorithm: 'broadcast',
      rowsInMemory: 100_000,
      rowsPerSegment: 3_000_000,
      maxNumSegments: null,
      segmentSortOrder: [],
      forceSegmentSortByTime: true,
      maxParseExceptions: 0,
      mode: 'strict',
      durableShuffleStorage: false,
      faultTolerance: false,
      selectDestination: 'taskReport',
      rowsPerPage: 100_000,
      waitUntilSegmentsLoad: false,
      failOnEmptyInsert: false,
      removeNullBytes: false,
      timeout: 0,
      maxFrameSize: 1_000_000,
      maxThreads: null,
      includeAllCounters: true,
      includeSegmentSource: 'NONE',
      taskLockType: null,
      useConcurrentLocks: false,
      priority: 50,
      useApproximateCountDistinct: true,
      groupByEnableMultiValueUnnesting: true,
      clusterStatisticsMergeMode: 'SEQUENTIAL',
      skipTypeVerification: [],
      storeCompactionState: false,
      indexSpec: null,
    });
  });

  it('reads values, the msqMaxNumTasks alias, numeric and boolean strings, and nonStrict mode', () => {
    const resolved = resolveQueryContext({
      msqMaxNumTasks: '5',
      rowsPerSegment: 1000,
      rowsInMemory: 10,
      mode: 'nonStrict',
      failOnEmptyInsert: 'true',
      taskAssignment: 'auto',
    });
    expect(resolved).toMatchObject({ maxNumTasks: 5, rowsPerSegment: 1000, rowsInMemory: 10, maxParseExceptions: -1, failOnEmptyInsert: true, taskAssignment: 'auto' });
    expect(resolveQueryContext({ mode: 'nonStrict', maxParseExceptions: 3 }).maxParseExceptions).toBe(3);
    expect(resolveQueryContext({ maxParseExceptions: -1 }).maxParseExceptions).toBe(-1);
    expect(resolveQueryContext({ timeout: '1500' }).timeout).toBe(1500);
  });

  it('refuses bad values', () => {
    const error = (context: Record<string, unknown>): string => {
      try {
        resolveQueryContext(context);
      } catch (e) {
        expect(e).toBeInstanceOf(DruidError);
        expect((e as DruidError).status).toBe(400);
        return (e as DruidError).message;
      }
      throw new Error('expected an error');
    };
    expect(error({ maxNumTasks: 1 })).toBe('MSQ context maxNumTasks [1] cannot be less than 2, since at least 1 controller and 1 worker is necessary');
    expect(error({ maxNumTasks: 2.5 })).toBe('Expected key [maxNumTasks] to be in integer format, but got [2.5]');
    expect(error({ rowsPerSegment: 'many' })).toBe('Expected key [rowsPerSegment] to be in integer format, but got [many]');
    expect(error({ rowsInMemory: 0 })).toMatch(/rowsInMemory/);
    expect(error({ maxParseExceptions: 'x' })).toMatch(/maxParseExceptions/);
    expect(error({ mode: 'lenient' })).toMatch(/\[mode\]/);
    expect(error({ finalizeAggregations: 'yes' })).toBe('Expected key [finalizeAggregations] to be in boolean format, but got [yes]');
    expect(error({ taskAssignment: 'min' })).toMatch(/\[taskAssignment\]/);
  });

  it('validates the context of a statement, SET values included', () => {
    expect(planError('SET maxNumTasks = 1; SELECT page FROM wikipedia').message).toMatch(/^MSQ context maxNumTasks \[1\] cannot be less than 2/);
    expect(planError('SELECT page FROM wikipedia', { context: { failOnEmptyInsert: 3 } }).message).toMatch(/failOnEmptyInsert/);
  });

  it('reads every documented MSQ parameter (docs/multi-stage-query/reference.md)', () => {
    const resolved = resolveQueryContext({
      numTasks: 4,
      taskAssignment: 'AUTO',
      maxInputBytesPerWorker: '1024',
      arrayIngestMode: 'mvd',
      sqlJoinAlgorithm: 'sortMerge',
      maxNumSegments: 3,
      segmentSortOrder: '__time,page',
      forceSegmentSortByTime: false,
      faultTolerance: true,
      selectDestination: 'DURABLESTORAGE',
      rowsPerPage: 50,
      waitUntilSegmentsLoad: 'true',
      removeNullBytes: true,
      maxFrameSize: 2_000_000,
      maxThreads: 2,
      includeAllCounters: false,
      includeSegmentSource: 'realtime',
      taskLockType: 'shared',
      useConcurrentLocks: false,
      priority: 75,
      clusterStatisticsMergeMode: 'parallel',
      skipTypeVerification: '["tags"]',
      storeCompactionState: true,
      indexSpec: '{"bitmap":{"type":"roaring"}}',
      someUnknownKey: { anything: true },
    });
    expect(resolved).toMatchObject({
      maxNumTasks: 4,
      taskAssignment: 'auto',
      maxInputBytesPerWorker: 1024,
      arrayIngestMode: 'mvd',
      sqlJoinAlgorithm: 'sortMerge',
      maxNumSegments: 3,
      segmentSortOrder: ['__time', 'page'],
      forceSegmentSortByTime: false,
      faultTolerance: true,
      durableShuffleStorage: true,
      selectDestination: 'durableStorage',
      rowsPerPage: 50,
      waitUntilSegmentsLoad: true,
      removeNullBytes: true,
      maxFrameSize: 2_000_000,
      maxThreads: 2,
      includeAllCounters: false,
      includeSegmentSource: 'REALTIME',
      taskLockType: 'SHARED',
      priority: 75,
      clusterStatisticsMergeMode: 'PARALLEL',
      skipTypeVerification: ['tags'],
      storeCompactionState: true,
      indexSpec: { bitmap: { type: 'roaring' } },
    });
    expect(resolveQueryContext({ maxNumTasks: 3, numTasks: 5 }).maxNumTasks).toBe(3);
  });

  it('names the parameter when a value has the wrong type or is unknown', () => {
    const error = (context: Record<string, unknown>): string => {
      try {
        resolveQueryContext(context);
      } catch (e) {
        expect(e).toBeInstanceOf(DruidError);
        expect((e as DruidError).status).toBe(400);
        return (e as DruidError).message;
      }
      throw new Error('expected an error');
    };
    expect(error({ arrayIngestMode: 'list' })).toBe(
      'Expected key [arrayIngestMode] to be referring to one of the values [ARRAY,MVD,NONE] of enum [ArrayIngestMode], but got [list]',
    );
    expect(error({ sqlJoinAlgorithm: 'hash' })).toBe('Expected key [sqlJoinAlgorithm] to be one of [broadcast, sortMerge], but got [hash]');
    expect(error({ selectDestination: 'export2' })).toMatch(/^Expected key \[selectDestination\] to be referring to one of the values/);
    expect(error({ includeSegmentSource: 'ALL' })).toMatch(/\[includeSegmentSource\]/);
    expect(error({ maxInputBytesPerWorker: 'lots' })).toBe('Expected key [maxInputBytesPerWorker] to be in long format, but got [lots]');
    expect(error({ maxFrameSize: true })).toBe('Expected key [maxFrameSize] to be an Integer, but got [java.lang.Boolean]');
    expect(error({ timeout: 'soon' })).toBe('Expected key [timeout] to be in long format, but got [soon]');
    expect(error({ timeout: -1 })).toBe('Timeout [timeout] must be a non negative value, but was -1');
    expect(error({ segmentSortOrder: ['__time'] })).toBe('Expected key [segmentSortOrder] to be a String, but got [java.util.ArrayList]');
    expect(error({ durableShuffleStorage: 'maybe' })).toBe('Expected key [durableShuffleStorage] to be in boolean format, but got [maybe]');
    expect(error({ maxNumSegments: 0 })).toMatch(/\[maxNumSegments\]/);
    expect(error({ priority: 'high' })).toMatch(/\[priority\]/);
    expect(error({ indexSpec: '{oops' })).toBe('Expected key [indexSpec] to be an indexSpec, but got [{oops]');
    expect(error({ faultTolerance: true, durableShuffleStorage: false })).toBe(
      'Context param[durableShuffleStorage] cannot be explicitly set to false when context param[faultTolerance] is set to true. ' +
        'Either remove the context param[durableShuffleStorage] or explicitly set it to true.',
    );
  });

  it('validates SET values like request values', () => {
    expect(planError("SET sqlJoinAlgorithm = 'nested'; SELECT page FROM wikipedia").message).toMatch(/^Expected key \[sqlJoinAlgorithm\]/);
    expect(plan("SET sqlJoinAlgorithm = 'sortMerge'; SELECT page FROM wikipedia").context).toMatchObject({ sqlJoinAlgorithm: 'sortMerge' });
  });
});
