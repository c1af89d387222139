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
 * The native task report (`ingestionStatsAndErrors`), live while the task runs: ingestion state,
 * rowStats, saved parse exceptions, the error message of a failure.
 */
export function ingestionReport(taskId: string, run: QueryRun, state: 'RUNNING' | 'SUCCESS' | 'FAILED', errorMsg: string | null): Record<string, unknown> {
  return {
    ingestionStatsAndErrors: {
      type: 'ingestionStatsAndErrors',
      taskId,
      payload: {
        ingestionState: state === 'RUNNING' ? 'BUILD_SEGMENTS' : 'COMPLETED',
        unparseableEvents: { buildSegments: run.savedParseExceptions },
        rowStats: { buildSegments: nativeRowStats(run.counters, run.parseErrorCount, run.partialRowCount) },
        errorMsg,
        segmentAvailabilityConfirmed: false,
        segmentAvailabilityWaitTimeMs: 0,
        segmentsPublished: state === 'SUCCESS' ? run.publishedSegments : 0,
      },
    },
  };
}

/** Druid's phase name of a stage of a native job. */
export function phaseOf(stage: StageRun, plan: NativeIngestPlan): string {
  const p = plan.partitionsSpec.type;
  if (stage.def.processor.type === 'segmentGenerator') return p === 'dynamic' ? 'single_phase_sub_task' : 'partial_index_generic_merge';
  if (p === 'dynamic') return 'single_phase_sub_task';
  if (p === 'hashed') return 'partial_index_generate';
  return 'partial_range_index_generate';
}

