import { randomBytes } from 'node:crypto';
import type { QueryCounters, QueryRun, StageRun } from '@silt/engine';
import type { NativeIngestPlan, ParsedTaskSpec } from '@silt/indexing';
import { effectiveInputFormat, listSplits, parseRecordChunk, readRecordChunks } from '@silt/input';
import type { PlannedIngest, SegmentPartitioning } from '@silt/sql';

/** A native task id as Druid makes them: `index_parallel_<dataSource>_<random>_<ISO time>`. */
export function nativeTaskId(type: string, dataSource: string): string {
  const random = [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
  return `${type}_${dataSource}_${random}_${new Date().toISOString()}`;
}

/**
 * A native spec as the engine runs it: appendToExisting is an INSERT; otherwise a native replace
 * of the chunks the data covers (and, with intervals and dropExisting, tombstones for the rest).
 */
export function nativeStatement(plan: NativeIngestPlan): PlannedIngest {
  const p = plan.partitionsSpec;
  const partitioning: SegmentPartitioning =
    p.type === 'dynamic'
      ? { type: 'dynamic', maxRowsPerSegment: p.maxRowsPerSegment }
      : p.type === 'hashed'
        ? { type: 'hashed', numShards: p.numShards, targetRowsPerSegment: p.targetRowsPerSegment ?? 5_000_000, partitionDimensions: p.partitionDimensions, dimensions: plan.dimensions }
        : { type: p.type, partitionDimensions: p.partitionDimensions, targetRowsPerSegment: p.targetRowsPerSegment ?? p.maxRowsPerSegment ?? 5_000_000 };
  return {
    kind: plan.appendToExisting ? 'insert' : 'replace',
    dataSource: plan.dataSource,
    plan: plan.plan,
    outputColumns: plan.plan.signature,
    segmentGranularity: plan.segmentGranularity,
    clusteredBy: [],
    replaceTimeChunks: plan.appendToExisting ? null : (plan.bucketIntervals ?? null),
    context: {},
    sql: '',
    rollup: plan.rollup,
    lockType: plan.appendToExisting ? 'SHARED' : 'EXCLUSIVE',
    segmentSortOrder: ['__time', ...plan.dimensions],
    partitioning,
    ...(plan.appendToExisting ? {} : { nativeReplace: { dropExisting: plan.dropExisting } }),
    unparseableTimeColumn: plan.timestampSpec.column,
  };
}

/**
 * Discovers an input's columns the way Druid's schemaless ingestion does, from the first chunk of
 * records of the first split (the spec is then planned again with them).
 */
export async function discoverColumns(plan: NativeIngestPlan): Promise<string[]> {
  const scan = firstExternalScan(plan);
  if (!scan) return [];
  const [split] = await listSplits(scan.inputSource);
  if (!split) return [];
  const format = effectiveInputFormat(split.inputSource, scan.inputFormat);
  for await (const chunk of readRecordChunks(split, format)) {
    return [...(parseRecordChunk(chunk, format, [], { discoverColumns: true }).discoveredColumns ?? [])];
  }
  return [];
}

function firstExternalScan(plan: NativeIngestPlan): { inputSource: Readonly<Record<string, unknown>>; inputFormat: Readonly<Record<string, unknown>> } | null {
  let node: { kind: string; input?: unknown } = plan.plan;
  while (node.kind !== 'externalScan' && node.input) node = node.input as { kind: string; input?: unknown };
  return node.kind === 'externalScan' ? (node as unknown as { inputSource: Readonly<Record<string, unknown>>; inputFormat: Readonly<Record<string, unknown>> }) : null;
}

/** `GET /druid/indexer/v1/task/{id}` payload of a native task (Druid's task JSON with defaults). */
export function nativeTaskPayload(id: string, parsed: ParsedTaskSpec): Record<string, unknown> {
  return {
    type: parsed.type,
    id,
    groupId: id,
    resource: { availabilityGroup: id, requiredCapacity: 1 },
    spec: parsed.plan.spec,
    context: parsed.context,
    dataSource: parsed.plan.dataSource,
  };
}

/** Row counts of a native job: Druid's rowStats. */
export interface NativeRowStats {
  readonly processed: number;
  readonly processedBytes: number;
  readonly processedWithError: number;
  readonly thrownAway: number;
  readonly unparseable: number;
}

/**
 * Sums the first stage's input counters into Druid's rowStats. Input rows exclude unparseable ones
 * (bad records and timestamps); rows kept with unconvertible values are processedWithError, not processed.
 */
export function nativeRowStats(counters: QueryCounters, unparseable: number, processedWithError: number): NativeRowStats {
  const first = counters.toJSON()['0'] ?? {};
  let rows = 0;
  let bytes = 0;
  for (const w of Object.values(first)) {
    rows += w.input0?.rows[0] ?? 0;
    bytes += w.input0?.bytes[0] ?? 0;
  }
  return { processed: rows - counters.thrownAway - processedWithError, processedBytes: bytes, processedWithError, thrownAway: counters.thrownAway, unparseable };
}

/**
 * Whether Druid reads the input once before building segments, to determine partitions (reported as
 * the `determinePartitions` phase): range and single_dim distributions, hashed cardinality without
 * numShards, and for the `index` task also interval discovery. Silt's one scan gathers the same key
 * statistics, so that phase's counts are the scan's, before any value conversion.
 */
function determinesPartitions(plan: NativeIngestPlan): boolean {
  const p = plan.partitionsSpec;
  const distribution = p.type === 'single_dim' || p.type === 'range' || (p.type === 'hashed' && p.numShards === null);
  return distribution || (plan.taskType === 'index' && plan.intervals === null);
}

/** Phases of the first stage before its partition boundaries are decided. */
const GATHERING = new Set(['NEW', 'READING_INPUT', 'MERGING_STATISTICS']);

/** Whether a job that determines partitions is still doing so: its first stage has not decided them. */
function determiningPartitions(run: QueryRun, plan: NativeIngestPlan): boolean {
  const first = run.stages[0];
  return determinesPartitions(plan) && (!first || GATHERING.has(first.phase));
}

const NO_ROWS: NativeRowStats = { processed: 0, processedBytes: 0, processedWithError: 0, thrownAway: 0, unparseable: 0 };

/**
 * The native task report (`ingestionStatsAndErrors`), live while the task runs: ingestion state,
 * rowStats and saved parse exceptions per phase, the error message of a failure. The `index` task
 * always lists both phases; the parallel supervisor lists determinePartitions only when it has one.
 */
export function ingestionReport(taskId: string, run: QueryRun, plan: NativeIngestPlan, state: 'RUNNING' | 'SUCCESS' | 'FAILED', errorMsg: string | null): Record<string, unknown> {
  const build = nativeRowStats(run.counters, run.parseErrorCount, run.partialRowCount);
  const events = run.savedParseExceptions;
  const determines = determinesPartitions(plan);
  const rowStats: Record<string, NativeRowStats> = {};
  const unparseableEvents: Record<string, unknown[]> = {};
  if (determines || plan.taskType === 'index') {
    // The first pass does not convert dimension values: rows with errors there count as processed.
    rowStats.determinePartitions = determines ? { ...build, processed: build.processed + build.processedWithError, processedWithError: 0 } : NO_ROWS;
    unparseableEvents.determinePartitions = determines ? events.filter((e) => e.errorType === 'unparseable') : [];
  }
  rowStats.buildSegments = build;
  unparseableEvents.buildSegments = events;
  return {
    ingestionStatsAndErrors: {
      type: 'ingestionStatsAndErrors',
      taskId,
      payload: {
        ingestionState: state !== 'RUNNING' ? 'COMPLETED' : determiningPartitions(run, plan) ? 'DETERMINE_PARTITIONS' : 'BUILD_SEGMENTS',
        unparseableEvents,
        rowStats,
        errorMsg,
        segmentAvailabilityConfirmed: false,
        segmentAvailabilityWaitTimeMs: 0,
        segmentsPublished: state === 'SUCCESS' ? run.publishedSegments : 0,
      },
    },
  };
}

/**
 * The supervisor's phase now (chat `phase`): while partitions are being determined, Druid's
 * distribution (range, single_dim) or cardinality (hashed without numShards) phase, which Silt's
 * first stage covers; then the phase of the current stage's subtasks.
 */
export function supervisorPhase(run: QueryRun, plan: NativeIngestPlan): string | null {
  if (determiningPartitions(run, plan)) return plan.partitionsSpec.type === 'hashed' ? 'partial_dimension_cardinality' : 'partial_dimension_distribution';
  const stage = run.stages.at(-1);
  return stage ? phaseOf(stage, plan) : null;
}

/** Druid's phase name of a stage of a native job. */
export function phaseOf(stage: StageRun, plan: NativeIngestPlan): string {
  const p = plan.partitionsSpec.type;
  if (stage.def.processor.type === 'segmentGenerator') return p === 'dynamic' ? 'single_phase_sub_task' : 'partial_index_generic_merge';
  if (p === 'dynamic') return 'single_phase_sub_task';
  if (p === 'hashed') return 'partial_index_generate';
  return 'partial_range_index_generate';
}

