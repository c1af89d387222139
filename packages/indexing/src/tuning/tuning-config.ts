import { groupSplits } from '@silt/input';
import { z } from 'zod';
import type { PartitionsSpec, ResolvedTuningConfig } from '../native-plan.ts';
import { parseWith, specError, type SpecPath, withPath } from '../spec-error.ts';
import { dynamicPartitionsSpec, hashedPartitionsSpec, parsePartitionsSpec, partitionsSpecClass, partitionsSpecJson } from './partitions-spec.ts';
import { boolField, intField } from './spec-scalars.ts';

/** The tuningConfig of a task, its partitionsSpec resolved. */
export interface TuningConfig {
  readonly tuning: ResolvedTuningConfig;
  readonly partitionsSpec: PartitionsSpec;
}

const record = z.record(z.string(), z.unknown());
const optionalInt = intField.nullish();

const schema = z.object({
  type: z.string().nullish(),
  targetPartitionSize: optionalInt,
  maxRowsPerSegment: optionalInt,
  appendableIndexSpec: record.nullish(),
  maxRowsInMemory: optionalInt,
  rowFlushBoundary: optionalInt,
  maxBytesInMemory: optionalInt,
  skipBytesInMemoryOverheadCheck: boolField.nullish(),
  maxTotalRows: optionalInt,
  numShards: optionalInt,
  partitionDimensions: z.array(z.string()).nullish(),
  splitHintSpec: record.nullish(),
  partitionsSpec: z.unknown().optional(),
  indexSpec: record.nullish(),
  indexSpecForIntermediatePersists: record.nullish(),
  maxPendingPersists: optionalInt,
  forceGuaranteedRollup: boolField.nullish(),
  reportParseExceptions: boolField.nullish(),
  publishTimeout: optionalInt,
  pushTimeout: optionalInt,
  segmentWriteOutMediumFactory: record.nullish(),
  maxNumSubTasks: optionalInt,
  maxNumConcurrentSubTasks: optionalInt,
  maxRetry: optionalInt,
  taskStatusCheckPeriodMs: optionalInt,
  chatHandlerTimeout: z.string().nullish(),
  chatHandlerNumRetries: optionalInt,
  maxNumSegmentsToMerge: optionalInt,
  totalNumMergeTasks: optionalInt,
  logParseExceptions: boolField.nullish(),
  maxParseExceptions: optionalInt,
  maxSavedParseExceptions: optionalInt,
  maxColumnsToMerge: optionalInt,
  awaitSegmentAvailabilityTimeoutMillis: optionalInt,
  maxAllowedLockCount: optionalInt,
  numPersistThreads: optionalInt,
});

/** Druid's default index spec, as it echoes it. */
const DEFAULT_INDEX_SPEC = Object.freeze({
  bitmap: { type: 'roaring' },
  dimensionCompression: 'lz4',
  stringDictionaryEncoding: { type: 'utf8' },
  metricCompression: 'lz4',
  longEncoding: 'longs',
});

const MAX_INT = 2_147_483_647;

/**
 * Parses `spec.tuningConfig` of an `index` or `index_parallel` task (absent: all defaults) with Druid's
 * defaults and checks. The partitionsSpec comes from `partitionsSpec`, or else from the deprecated
 * `maxRowsPerSegment` / `targetPartitionSize` / `maxTotalRows` / `numShards` / `partitionDimensions`
 * fields (hashed with forceGuaranteedRollup, dynamic without), or else is the default for the rollup
 * mode (hashed for perfect rollup, dynamic otherwise). `reportParseExceptions` sets maxParseExceptions to
 * 0 and maxSavedParseExceptions to at most 1.
 */
export function parseTuningConfig(value: unknown, taskType: 'index' | 'index_parallel', path: SpecPath): TuningConfig {
  const t = parseWith(schema, value ?? { type: taskType }, path);
  if (value != null && t.type == null) throw specError([...path, 'type'], 'is required');
  if (t.type != null && t.type !== taskType) throw specError([...path, 'type'], `must be [${taskType}] for a task of type [${taskType}], got [${t.type}]`);
  const parallel = taskType === 'index_parallel';
  const forceGuaranteedRollup = t.forceGuaranteedRollup ?? false;
  if (t.targetPartitionSize != null && t.maxRowsPerSegment != null) throw specError([...path, 'maxRowsPerSegment'], "Can't use targetPartitionSize and maxRowsPerSegment together");
  const partitionsSpec = resolvePartitionsSpec(t, forceGuaranteedRollup, parallel, path);
  if (parallel && t.maxNumSubTasks != null && t.maxNumConcurrentSubTasks != null) {
    throw specError([...path, 'maxNumSubTasks'], "Can't use both maxNumSubTasks and maxNumConcurrentSubTasks. Use maxNumConcurrentSubTasks instead");
  }
  if (t.splitHintSpec) withPath([...path, 'splitHintSpec'], () => groupSplits([], t.splitHintSpec));
  const positive = (name: string, v: number): number => {
    if (v <= 0) throw specError([...path, name], `${name} must be positive`);
    return v;
  };
  if (t.pushTimeout != null && t.pushTimeout < 0) throw specError([...path, 'pushTimeout'], 'pushTimeout must be >= 0');
  const reportParseExceptions = t.reportParseExceptions ?? false;
  const maxParseExceptions = reportParseExceptions ? 0 : (t.maxParseExceptions ?? MAX_INT);
  const maxSavedParseExceptions = reportParseExceptions ? Math.min(1, t.maxSavedParseExceptions ?? 0) : (t.maxSavedParseExceptions ?? 0);
  const indexSpec = t.indexSpec ? { ...DEFAULT_INDEX_SPEC, ...t.indexSpec } : DEFAULT_INDEX_SPEC;
  const common = {
    type: taskType,
    maxRowsPerSegment: partitionsSpec.type === 'dynamic' ? partitionsSpec.maxRowsPerSegment : null,
    appendableIndexSpec: t.appendableIndexSpec ?? { type: 'onheap', preserveExistingMetrics: false },
    maxRowsInMemory: t.maxRowsInMemory ?? t.rowFlushBoundary ?? 1_000_000,
    maxBytesInMemory: t.maxBytesInMemory ?? 0,
    skipBytesInMemoryOverheadCheck: t.skipBytesInMemoryOverheadCheck ?? false,
    maxTotalRows: partitionsSpec.type === 'dynamic' ? partitionsSpec.maxTotalRows : null,
    numShards: partitionsSpec.type === 'hashed' ? partitionsSpec.numShards : null,
    splitHintSpec: t.splitHintSpec ?? null,
    partitionsSpec: partitionsSpecJson(partitionsSpec),
    indexSpec,
    indexSpecForIntermediatePersists: t.indexSpecForIntermediatePersists ? { ...DEFAULT_INDEX_SPEC, ...t.indexSpecForIntermediatePersists } : indexSpec,
    maxPendingPersists: t.maxPendingPersists ?? 0,
    forceGuaranteedRollup,
    reportParseExceptions,
    pushTimeout: t.pushTimeout ?? t.publishTimeout ?? 0,
    segmentWriteOutMediumFactory: t.segmentWriteOutMediumFactory ?? null,
    logParseExceptions: t.logParseExceptions ?? false,
    maxParseExceptions,
    maxSavedParseExceptions,
    maxColumnsToMerge: t.maxColumnsToMerge ?? -1,
    awaitSegmentAvailabilityTimeoutMillis: Math.max(0, t.awaitSegmentAvailabilityTimeoutMillis ?? 0),
    numPersistThreads: Math.max(1, t.numPersistThreads ?? 1),
  };
  const parallelOnly = parallel
    ? {
        maxNumConcurrentSubTasks: positive('maxNumConcurrentSubTasks', t.maxNumConcurrentSubTasks ?? t.maxNumSubTasks ?? 1),
        maxRetry: t.maxRetry ?? 3,
        taskStatusCheckPeriodMs: t.taskStatusCheckPeriodMs ?? 1000,
        chatHandlerTimeout: t.chatHandlerTimeout ?? 'PT10S',
        chatHandlerNumRetries: t.chatHandlerNumRetries ?? 5,
        maxNumSegmentsToMerge: positive('maxNumSegmentsToMerge', t.maxNumSegmentsToMerge ?? 100),
        totalNumMergeTasks: positive('totalNumMergeTasks', t.totalNumMergeTasks ?? 10),
        maxAllowedLockCount: t.maxAllowedLockCount ?? -1,
      }
    : { maxNumConcurrentSubTasks: 1, maxRetry: 0, taskStatusCheckPeriodMs: 1000 };
  const raw = { ...common, ...(parallel ? parallelOnly : {}) };
  return {
    partitionsSpec,
    tuning: {
      maxRowsInMemory: common.maxRowsInMemory,
      maxBytesInMemory: common.maxBytesInMemory,
      maxNumConcurrentSubTasks: parallelOnly.maxNumConcurrentSubTasks,
      maxRetry: parallelOnly.maxRetry,
      maxParseExceptions,
      maxSavedParseExceptions,
      logParseExceptions: common.logParseExceptions,
      reportParseExceptions,
      forceGuaranteedRollup,
      splitHintSpec: common.splitHintSpec,
      taskStatusCheckPeriodMs: parallelOnly.taskStatusCheckPeriodMs,
      awaitSegmentAvailabilityTimeoutMillis: common.awaitSegmentAvailabilityTimeoutMillis,
      raw,
    },
  };
}

function resolvePartitionsSpec(t: z.output<typeof schema>, forceGuaranteedRollup: boolean, parallel: boolean, path: SpecPath): PartitionsSpec {
  const maxRowsPerSegment = t.maxRowsPerSegment ?? t.targetPartitionSize ?? null;
  const partitionDimensions = parallel ? null : (t.partitionDimensions ?? null);
  let spec: PartitionsSpec;
  if (t.partitionsSpec != null) {
    spec = parsePartitionsSpec(t.partitionsSpec, [...path, 'partitionsSpec']);
    if (forceGuaranteedRollup && spec.type === 'dynamic') throw specError([...path, 'partitionsSpec'], `${partitionsSpecClass(spec)} cannot be used for perfect rollup`);
    if (!forceGuaranteedRollup && spec.type !== 'dynamic') throw specError([...path, 'partitionsSpec'], 'DynamicPartitionsSpec must be used for best-effort rollup');
  } else if (forceGuaranteedRollup) {
    const given = maxRowsPerSegment !== null || t.numShards != null || (partitionDimensions !== null && partitionDimensions.length > 0);
    if (given && maxRowsPerSegment !== null && t.numShards != null) {
      throw specError([...path, 'numShards'], `At most one of [maxRowsPerSegment=${maxRowsPerSegment}] or [numShards=${t.numShards}] must be present`);
    }
    spec = hashedPartitionsSpec(maxRowsPerSegment, t.numShards ?? null, partitionDimensions ?? [], [...path, 'partitionsSpec']);
  } else {
    spec = dynamicPartitionsSpec(maxRowsPerSegment, t.maxTotalRows ?? null);
  }
  if ((spec.type === 'single_dim' || spec.type === 'range') && spec.partitionDimensions.length === 0) {
    throw specError([...path, 'partitionsSpec'], 'partitionDimensions must be specified');
  }
  if (!parallel && (spec.type === 'single_dim' || spec.type === 'range')) {
    throw specError([...path, 'partitionsSpec'], `partitionsSpec[${spec.type}] is not supported by the index task; use an index_parallel task`);
  }
  return spec;
}
