import { invalidInput } from '@silt/common';
import type { SqlQuery } from 'druid-query-toolkit';
import { boolean, enumValue, integer, long, stringList, type Context } from './context-values.ts';
import { generalInvalidInput } from './general-error.ts';

/** MSQ's parse-error mode: `strict` fails on the first bad row, `nonStrict` tolerates any number. */
export type MsqMode = 'strict' | 'nonStrict';

/** How the controller sizes the worker pool (`taskAssignment`). */
export type TaskAssignment = 'max' | 'auto';

/** How ARRAY-typed values are written to segments (`arrayIngestMode`). */
export type ArrayIngestMode = 'array' | 'mvd' | 'none';

/** The join algorithm hint (`sqlJoinAlgorithm`). */
export type JoinAlgorithm = 'broadcast' | 'sortMerge';

/** Where a SELECT's results go (`selectDestination`). */
export type SelectDestination = 'taskReport' | 'durableStorage';

/** Which segments a query reads besides published ones (`includeSegmentSource`). */
export type SegmentSource = 'NONE' | 'REALTIME';

/** Task lock types (`taskLockType`). */
export type TaskLockType = 'EXCLUSIVE' | 'SHARED' | 'APPEND' | 'REPLACE';

/** How worker key statistics are merged (`clusterStatisticsMergeMode`). */
export type ClusterStatisticsMergeMode = 'SEQUENTIAL' | 'PARALLEL' | 'AUTO';

/**
 * The MSQ context parameters (docs/multi-stage-query/reference.md, `MultiStageQueryContext`),
 * validated and with Druid's defaults applied. Keys Druid does not know are allowed and ignored.
 */
export interface ResolvedContext {
  /** Controller plus workers; at least 2 (`maxNumTasks`, alias `numTasks`). */
  readonly maxNumTasks: number;
  readonly taskAssignment: TaskAssignment;
  /** Input bytes per worker targeted by `taskAssignment: auto` (512 MiB). */
  readonly maxInputBytesPerWorker: number;
  readonly finalizeAggregations: boolean;
  readonly arrayIngestMode: ArrayIngestMode;
  readonly sqlJoinAlgorithm: JoinAlgorithm;
  readonly rowsInMemory: number;
  readonly rowsPerSegment: number;
  /** Upper bound on segments per time chunk (`maxNumSegments`); null = none. */
  readonly maxNumSegments: number | null;
  /** `segmentSortOrder` as a list of column names (validated against the query by the ingest planner). */
  readonly segmentSortOrder: readonly string[];
  readonly forceSegmentSortByTime: boolean;
  /** -1 = unlimited; below -1 fails the task when it starts (Druid checks it there, not at submission). */
  readonly maxParseExceptions: number;
  readonly mode: MsqMode;
  /** True when set, or implied by `faultTolerance`. */
  readonly durableShuffleStorage: boolean;
  readonly faultTolerance: boolean;
  readonly selectDestination: SelectDestination;
  readonly rowsPerPage: number;
  readonly waitUntilSegmentsLoad: boolean;
  readonly failOnEmptyInsert: boolean;
  readonly removeNullBytes: boolean;
  /** SQL tasks: milliseconds the query may run before it fails with Canceled (`timeout`); 0 = no limit. */
  readonly timeout: number;
  /** Frame size in bytes (`maxFrameSize`). */
  readonly maxFrameSize: number;
  /** Cap on processing threads; null = the default count. */
  readonly maxThreads: number | null;
  readonly includeAllCounters: boolean;
  readonly includeSegmentSource: SegmentSource;
  /** The lock type asked for (`taskLockType`), or null for the statement's default; see `resolveTaskLockType`. */
  readonly taskLockType: TaskLockType | null;
  /** `useConcurrentLocks`: APPEND locks for INSERT, REPLACE locks for REPLACE. */
  readonly useConcurrentLocks: boolean;
  /** Task priority (`priority`). */
  readonly priority: number;
  /** COUNT(DISTINCT x) is approximate (HLL) unless this is false. */
  readonly useApproximateCountDistinct: boolean;
  /** GROUP BY on a multi-value string unnests it (`groupByEnableMultiValueUnnesting`). */
  readonly groupByEnableMultiValueUnnesting: boolean;
  readonly clusterStatisticsMergeMode: ClusterStatisticsMergeMode;
  /** Columns left out of the string/array type-change check (`skipTypeVerification`). */
  readonly skipTypeVerification: readonly string[];
  readonly storeCompactionState: boolean;
  /** `indexSpec` as given (an object, or a JSON string parsed); null when unset. */
  readonly indexSpec: Readonly<Record<string, unknown>> | null;
}

/** Druid's default task priority for batch ingestion tasks. */
const DEFAULT_PRIORITY = 50;

/**
 * Validates every MSQ context parameter Druid documents and fills in its default. Throws an
 * invalid-input error (400) naming the parameter for a value of the wrong type or out of range.
 *
 * Defaults: maxNumTasks 2, taskAssignment `max`, maxInputBytesPerWorker 512 MiB, finalizeAggregations
 * true, arrayIngestMode `array`, sqlJoinAlgorithm `broadcast`, rowsInMemory 100,000, rowsPerSegment
 * 3,000,000, segmentSortOrder empty, forceSegmentSortByTime true, maxParseExceptions 0 (-1 in
 * `nonStrict` mode unless set), mode `strict`, durableShuffleStorage false (true under faultTolerance),
 * selectDestination `taskReport`, rowsPerPage 100,000, maxFrameSize 1,000,000, includeAllCounters
 * true, includeSegmentSource `NONE`, priority 50, useApproximateCountDistinct true, timeout 0 (none).
 *
 * @example
 * resolveQueryContext({ maxNumTasks: 3, mode: 'nonStrict' }).maxParseExceptions; // -1
 */
export function resolveQueryContext(context: Context): ResolvedContext {
  const maxNumTasks = integer(context, 'maxNumTasks', 'numTasks', 'msqMaxNumTasks') ?? 2;
  if (maxNumTasks < 2) {
    throw invalidInput(`MSQ context maxNumTasks [${maxNumTasks.toLocaleString('en-US')}] cannot be less than 2, since at least 1 controller and 1 worker is necessary`);
  }
  const mode = enumValue(context, 'mode', ['strict', 'nonStrict'] as const, 'MSQMode') ?? 'strict';
  // A value below -1 is accepted here, as Druid does; the task fails when it starts.
  const explicitParseExceptions = long(context, 'maxParseExceptions');
  const faultTolerance = boolean(context, 'faultTolerance') ?? false;
  const durable = boolean(context, 'durableShuffleStorage');
  if (faultTolerance && durable === false) {
    throw invalidInput(
      'Context param[durableShuffleStorage] cannot be explicitly set to false when context param[faultTolerance] is set to true. ' +
        'Either remove the context param[durableShuffleStorage] or explicitly set it to true.',
    );
  }
  const maxNumSegments = integer(context, 'maxNumSegments');
  const maxThreads = integer(context, 'maxThreads');
  return Object.freeze({
    maxNumTasks,
    taskAssignment: enumValue(context, 'taskAssignment', ['max', 'auto'] as const, 'WorkerAssignmentStrategy') ?? 'max',
    maxInputBytesPerWorker: positive('maxInputBytesPerWorker', long(context, 'maxInputBytesPerWorker') ?? 512 * 1024 * 1024),
    finalizeAggregations: boolean(context, 'finalizeAggregations') ?? true,
    arrayIngestMode: enumValue(context, 'arrayIngestMode', ['array', 'mvd', 'none'] as const, 'ArrayIngestMode') ?? 'array',
    sqlJoinAlgorithm: joinAlgorithm(context),
    rowsInMemory: positive('rowsInMemory', integer(context, 'rowsInMemory') ?? 100_000),
    rowsPerSegment: positive('rowsPerSegment', integer(context, 'rowsPerSegment', 'msqRowsPerSegment') ?? 3_000_000),
    maxNumSegments: maxNumSegments === undefined ? null : positive('maxNumSegments', maxNumSegments),
    segmentSortOrder: Object.freeze(stringList(context, 'segmentSortOrder')),
    forceSegmentSortByTime: boolean(context, 'forceSegmentSortByTime') ?? true,
    maxParseExceptions: explicitParseExceptions ?? (mode === 'nonStrict' ? -1 : 0),
    mode,
    durableShuffleStorage: durable ?? faultTolerance,
    faultTolerance,
    selectDestination: enumValue(context, 'selectDestination', ['taskReport', 'durableStorage'] as const, 'MSQSelectDestination') ?? 'taskReport',
    rowsPerPage: positive('rowsPerPage', integer(context, 'rowsPerPage') ?? 100_000),
    waitUntilSegmentsLoad: boolean(context, 'waitUntilSegmentsLoad') ?? false,
    failOnEmptyInsert: boolean(context, 'failOnEmptyInsert') ?? false,
    removeNullBytes: boolean(context, 'removeNullBytes') ?? false,
    timeout: timeout(context),
    maxFrameSize: positive('maxFrameSize', integer(context, 'maxFrameSize') ?? 1_000_000),
    maxThreads: maxThreads === undefined ? null : positive('maxThreads', maxThreads),
    includeAllCounters: boolean(context, 'includeAllCounters') ?? true,
    includeSegmentSource: enumValue(context, 'includeSegmentSource', ['NONE', 'REALTIME'] as const, 'SegmentSource') ?? 'NONE',
    taskLockType: enumValue(context, 'taskLockType', ['EXCLUSIVE', 'SHARED', 'REPLACE', 'APPEND'] as const, 'TaskLockType') ?? null,
    useConcurrentLocks: boolean(context, 'useConcurrentLocks') ?? false,
    priority: integer(context, 'priority') ?? DEFAULT_PRIORITY,
    useApproximateCountDistinct: boolean(context, 'useApproximateCountDistinct') ?? true,
    groupByEnableMultiValueUnnesting: boolean(context, 'groupByEnableMultiValueUnnesting') ?? true,
    clusterStatisticsMergeMode:
      enumValue(context, 'clusterStatisticsMergeMode', ['SEQUENTIAL', 'PARALLEL', 'AUTO'] as const, 'ClusterStatisticsMergeMode') ?? 'SEQUENTIAL',
    skipTypeVerification: Object.freeze(stringList(context, 'skipTypeVerification')),
    storeCompactionState: boolean(context, 'storeCompactionState') ?? false,
    indexSpec: indexSpec(context),
  });
}

/**
 * The lock an INSERT or REPLACE takes: `useConcurrentLocks` gives APPEND (INSERT) or REPLACE
 * (REPLACE); otherwise `taskLockType`, which must be SHARED or APPEND for INSERT and EXCLUSIVE or
 * REPLACE for REPLACE; by default SHARED (INSERT) or EXCLUSIVE (REPLACE).
 *
 * @example
 * resolveTaskLockType(resolveQueryContext({ taskLockType: 'append' }), 'insert'); // 'APPEND'
 */
export function resolveTaskLockType(context: ResolvedContext, kind: 'insert' | 'replace'): TaskLockType {
  if (context.useConcurrentLocks) return kind === 'replace' ? 'REPLACE' : 'APPEND';
  const requested = context.taskLockType;
  if (requested === null) return kind === 'replace' ? 'EXCLUSIVE' : 'SHARED';
  const allowed: readonly TaskLockType[] = kind === 'replace' ? ['EXCLUSIVE', 'REPLACE'] : ['SHARED', 'APPEND'];
  if (!allowed.includes(requested)) {
    const query = kind === 'replace' ? 'a REPLACE query' : 'an INSERT query';
    throw generalInvalidInput(
      `TaskLock must be of type [${allowed[0]}] or [${allowed[1]}] for ${query}. Found invalid type [${requested}] set. ` +
        'Please use [taskLockType] key in the context parameter and use one of the TaskLock types as mentioned earlier or ' +
        'remove this key for automatic lock type selection',
    );
  }
  return requested;
}

/** The context set by the statement's leading `SET key = value;` statements. */
export function contextFromSetStatements(query: SqlQuery): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const statement of query.contextStatements?.values ?? []) {
    const value = statement.value.value;
    context[statement.getKeyString()] = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? Number(value) : value;
  }
  return context;
}

function positive(key: string, value: number): number {
  if (value <= 0) throw invalidInput(`Invalid value [${value}] for the [${key}] context parameter: expected a positive integer`);
  return value;
}

/** `timeout` in milliseconds; MSQ applies no default, so unset is 0 (no limit). */
function timeout(context: Context): number {
  const value = long(context, 'timeout') ?? 0;
  if (value < 0) throw invalidInput(`Timeout [timeout] must be a non negative value, but was ${value}`);
  return value;
}

function joinAlgorithm(context: Context): JoinAlgorithm {
  const value = context['sqlJoinAlgorithm'];
  if (value === undefined || value === null) return 'broadcast';
  if (value === 'broadcast' || value === 'sortMerge') return value;
  throw invalidInput(`Expected key [sqlJoinAlgorithm] to be one of [broadcast, sortMerge], but got [${typeof value === 'string' ? value : JSON.stringify(value)}]`);
}

function indexSpec(context: Context): Readonly<Record<string, unknown>> | null {
  const value = context['indexSpec'];
  if (value === undefined || value === null) return null;
  let spec: unknown = value;
  if (typeof value === 'string') {
    try {
      spec = JSON.parse(value);
    } catch {
      spec = undefined;
    }
  }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    throw invalidInput(`Expected key [indexSpec] to be an indexSpec, but got [${typeof value === 'string' ? value : JSON.stringify(value)}]`);
  }
  return Object.freeze(spec as Record<string, unknown>);
}
