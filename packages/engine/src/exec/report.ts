import { type Fault, formatInstant, formatInterval } from '@silt/common';
import { type Frame, frameToRows, gatherFrame } from '@silt/frame';
import { doesSortDuringShuffle } from '../query-definition.ts';
import type { QueryDefinition, StageDefinition } from '../query-definition.ts';
import { QueryCounters } from './counters.ts';
import type { WarningReport } from './parse-error-policy.ts';
import type { SegmentReport } from './shard-spec-choice.ts';
import type { StageRun } from './stage-run.ts';

/** The task report (`GET …/reports`), Druid's `multiStageQuery` shape. */
export interface QueryReport {
  readonly multiStageQuery: {
    readonly type: 'multiStageQuery';
    readonly taskId: string;
    readonly payload: {
      readonly status: Record<string, unknown>;
      readonly stages: readonly Record<string, unknown>[];
      readonly counters: Record<string, unknown>;
      readonly results?: Record<string, unknown>;
    };
  };
}

export interface ReportInput {
  readonly taskId: string;
  readonly state: 'RUNNING' | 'SUCCESS' | 'FAILED';
  readonly fault: Fault | null;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly definition: QueryDefinition;
  readonly stages: readonly StageRun[];
  readonly counters: QueryCounters;
  readonly warnings: readonly WarningReport[];
  /** SELECT: the result rows, their SQL types, and the output names as the query wrote them (they may repeat). */
  /** SELECT results; `truncate` (selectDestination durableStorage) keeps only the first REPORT_RESULTS_LIMIT rows. */
  readonly results: { readonly frame: Frame; readonly sqlTypeNames: readonly string[]; readonly columnNames: readonly string[]; readonly truncate: boolean } | null;
  /** INSERT / REPLACE: the shard spec choice, once segments are allocated (Druid's MSQSegmentReport). */
  readonly segmentReport: SegmentReport | null;
  readonly segmentLoad: { readonly dataSource: string; readonly start: number; readonly end: number; readonly totalSegments: number } | null;
}

/** Druid caps SELECT results kept in task reports at this many rows when they go to durable storage (with taskReport, the report holds them all). */
export const REPORT_RESULTS_LIMIT = 3000;

/** A stage definition as Druid's report prints it: ISO intervals, `clusterBy: {columns: [{columnName}]}`. */
function druidStageDefinition(def: StageDefinition): Record<string, unknown> {
  const input = def.input.map((i) => (i.type === 'table' ? { ...i, intervals: i.intervals.map(formatInterval) } : i));
  const s = def.shuffleSpec;
  const clusterBy = (columns: readonly string[]) => ({ columns: columns.map((columnName) => ({ columnName })) });
  const shuffleSpec =
    s?.type === 'targetSize'
      ? { type: 'targetSize', clusterBy: clusterBy(['__bucket', ...s.clusterBy]), targetSize: s.targetSize }
      : s?.type === 'hash'
        ? { type: 'hash', clusterBy: clusterBy(s.columns), partitions: s.partitions }
        : s?.type === 'mix'
          ? { type: 'mix' }
          : undefined;
  return { id: def.id, input, processor: def.processor, signature: def.signature, ...(shuffleSpec ? { shuffleSpec } : {}), maxWorkerCount: def.maxWorkerCount };
}

/** The report input of a run with no stage, counter, warning or result; `over` sets the rest. */
export function emptyReportInput(taskId: string, over: Partial<ReportInput> = {}): ReportInput {
  return {
    taskId,
    state: 'SUCCESS',
    fault: null,
    startTime: Date.now(),
    endTime: Date.now(),
    definition: { queryId: taskId, stages: [] },
    stages: [],
    counters: new QueryCounters(),
    warnings: [],
    results: null,
    segmentReport: null,
    segmentLoad: null,
    ...over,
  };
}

/** The report of a task that failed before any stage ran (planning fault, or a restart). */
export function failedReport(taskId: string, fault: Fault, startTime: number): QueryReport {
  return buildReport(emptyReportInput(taskId, { state: 'FAILED', fault, startTime }));
}

/** Builds the report from the run's live state. */
export function buildReport(r: ReportInput): QueryReport {
  const now = r.endTime ?? Date.now();
  const running = r.stages.filter((s) => s.endTime === null).reduce((n, s) => n + s.workers.length, 0);
  const status: Record<string, unknown> = {
    status: r.state,
    startTime: formatInstant(r.startTime),
    durationMs: now - r.startTime,
    workers: {},
    pendingTasks: 0,
    runningTasks: r.state === 'RUNNING' ? running + 1 : 1,
  };
  if (r.segmentLoad) {
    status.segmentLoadStatus = {
      state: 'SUCCESS',
      dataSource: r.segmentLoad.dataSource,
      startTime: formatInstant(r.segmentLoad.start),
      duration: r.segmentLoad.end - r.segmentLoad.start,
      totalSegments: r.segmentLoad.totalSegments,
      usedSegments: r.segmentLoad.totalSegments,
      precachedSegments: 0,
      onDemandSegments: 0,
      pendingSegments: 0,
      unknownSegments: 0,
    };
  }
  if (r.segmentReport) status.segmentReport = r.segmentReport;
  if (r.fault) {
    const failedStage = r.stages.find((s) => s.phase === 'FAILED');
    status.errorReport = {
      taskId: r.taskId,
      host: 'localhost',
      ...(failedStage ? { stageNumber: failedStage.def.stageNumber } : {}),
      error: r.fault,
    };
  }
  if (r.warnings.length) status.warnings = r.warnings.map((w) => ({ taskId: w.taskId, host: 'localhost', stageNumber: w.stageNumber, error: w.error }));

  const stages = r.definition.stages.map((def) => {
    const run = r.stages.find((s) => s.def.stageNumber === def.stageNumber);
    const stage: Record<string, unknown> = {
      stageNumber: def.stageNumber,
      definition: druidStageDefinition(def),
    };
    if (run) {
      const snap = run.tracker.getSnapshot();
      Object.assign(stage, {
        phase: run.phase,
        workerCount: run.workers.length,
        ...(snap.context.partitionCount !== null ? { partitionCount: snap.context.partitionCount } : {}),
        startTime: formatInstant(run.startTime),
        duration: (run.endTime ?? now) - run.startTime,
        ...(doesSortDuringShuffle(def.shuffleSpec) ? { sort: true } : {}),
      });
    }
    return stage;
  });

  const payload: QueryReport['multiStageQuery']['payload'] = { status, stages, counters: r.counters.toJSON() };
  if (r.results) {
    const { frame, sqlTypeNames, columnNames, truncate } = r.results;
    const truncated = truncate && frame.numRows > REPORT_RESULTS_LIMIT;
    const kept = truncated ? gatherFrame(frame, Array.from({ length: REPORT_RESULTS_LIMIT }, (_, i) => i)) : frame;
    Object.assign(payload, {
      results: {
        // Druid's signature keeps the written names, so two columns may share one.
        signature: frame.signature.map((c, i) => ({ name: columnNames[i] ?? c.name, type: c.type })),
        sqlTypeNames,
        // Druid's report carries TIMESTAMP cells as they are stored, epoch millis; readers (the
        // web console) turn them into dates by sqlTypeNames.
        results: frameToRows(kept),
        resultsTruncated: truncated,
      },
    });
  }
  return { multiStageQuery: { type: 'multiStageQuery', taskId: r.taskId, payload } };
}
