import { statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Fault, type Interval, ETERNITY, FaultError, condenseIntervals, fault, formatInstant, formatInterval, toFault } from '@silt/common';
import type { Frame } from '@silt/frame';
import { type PartialRowOptions, assignSplitsToWorkers, byteRangeSplits, groupSplits, listSplits } from '@silt/input';
import type { DataSegment } from '@silt/segment';
import { type PlannedIngest, type PlannedStatement, isIngest } from '@silt/sql';
import { createActor, waitFor } from 'xstate';
import { controllerMachine } from '../kernel/controller-machine.ts';
import type { QueryDefinition, StageDefinition } from '../query-definition.ts';
import { QueryCounters } from './counters.ts';
import type { InputSlice } from './input-slices.ts';
import { type PartitionBoundaries, decideBoundaries } from './key-statistics.ts';
import type { NullBytePolicy } from './null-bytes.ts';
import { type ParseExceptionReport, ParseErrorPolicy } from './parse-error-policy.ts';
import { type QueryReport, buildReport } from './report.ts';
import { type SegmentReport, segmentReportOf, shardKindOf } from './shard-spec-choice.ts';
import { type PlannedSegment, allocateForInsert, allocateForReplace, checkReplaceBounds, chunkOf, compactPartitions } from './segment-allocation.ts';
import { tombstonesFor } from './tombstones.ts';
import type { EngineServices, IngestServices } from './services.ts';
import { StageRun } from './stage-run.ts';
import { oneTaskGroupBy } from './one-task-group-by.ts';
import { StageWorker, type WorkerOptions } from './stage-worker.ts';
import { partitionFiles, removeWorkerFiles } from './shuffle-layout.ts';
import { type ServerMemory, broadcastBudget, checkWorkerMemory, stageMemoryDemand } from './worker-memory.ts';

/** Settings of one query run, from the resolved query context. */
export interface QueryRunSettings {
  readonly maxWorkers: number;
  readonly rowsPerSegment: number;
  readonly maxParseExceptions: number;
  readonly failOnEmptyInsert: boolean;
  /** How external input is spread over workers (Druid's taskAssignment). */
  readonly taskAssignment: 'max' | 'auto';
  readonly maxInputBytesPerWorker: number;
  /** What written rows do with strings holding U+0000 (see NullBytePolicy). */
  readonly nullBytes: NullBytePolicy;
  /** The server's memory for query processing, split between `maxWorkers` workers (the broadcast budget). */
  readonly memory: ServerMemory;
  /**
   * Fail a stage with NotEnoughMemory when a worker's share of `memory` is below what it needs at
   * least. Druid checks this for MSQ tasks only, not for interactive queries nor native batch.
   */
  readonly checkMinimumMemory: boolean;
  /** Druid's maxNumSegments: most segments per time chunk (null = no limit). */
  readonly maxNumSegments: number | null;
  /** Druid's maxFrameSize: the largest row a frame holds (RowTooLarge beyond); Infinity for native tasks. */
  readonly maxFrameSize: number;
  /** SELECT: `durableStorage` keeps only the first 3,000 result rows in the report (default `taskReport`: all). */
  readonly selectDestination?: 'taskReport' | 'durableStorage';
  /** SQL tasks: the query context's `timeout` in milliseconds (Canceled with reason QUERY_TIMEOUT beyond); none when absent. */
  readonly timeout?: number;
  /** Native batch: count rows kept with values that could not be converted (processedWithError). */
  readonly partialRows?: PartialRowOptions;
  /**
   * Interactive queries: a GROUP BY whose scan is one pool task runs as that task alone (see
   * one-task-group-by.ts). Never for tasks, whose reports show Druid's stage layout.
   */
  readonly oneTaskGroupBy?: boolean;
  /** Native batch: how many of the latest parse exceptions the report keeps (0 when unset). */
  readonly maxSavedParseExceptions?: number;
  /** Native batch `logParseExceptions`: where each parse exception's message goes. */
  readonly logParseException?: (message: string) => void;
  /**
   * Native index_parallel: the first stage runs one subtask per split group (splitHintSpec), at most
   * `maxConcurrent` at once, each retried up to `maxRetry` times.
   */
  readonly subtasks?: { readonly splitHintSpec: Readonly<Record<string, unknown>> | null; readonly maxConcurrent: number; readonly maxRetry: number };
}

/** How a query ended. */
export interface QueryOutcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly fault: Fault | null;
  readonly results: Frame | null;
  readonly segments: readonly DataSegment[];
}

/**
 * A running query: the controller actor, its stages and counters. `done` settles when the query
 * ends; `report()` can be read at any time (live counters and phases); `cancel()` stops it.
 */
export class QueryRun {
  readonly done: Promise<QueryOutcome>;
  readonly counters = new QueryCounters();
  readonly stages: StageRun[] = [];
  private readonly controller;
  private readonly parseErrors: ParseErrorPolicy;
  private readonly startTime = Date.now();
  private endTime: number | null = null;
  private readonly dir: string;
  /** Whether the scratch directory was made (a one-task GROUP BY writes no files, so makes none). */
  private scratchMade = false;
  private results: Frame | null = null;
  private segments: DataSegment[] = [];
  private lockVersion: string | null = null;
  private publishedAt: { start: number; end: number } | null = null;
  private planned = new Map<number, PlannedSegment>();
  /** Which shard specs the segments got and why; set once segment identities are allocated for rows. */
  private segmentReport: SegmentReport | null = null;
  /** Aborted when a stage fails, so the other workers stop instead of reading on. */
  private readonly failure = new AbortController();
  /** The stages' run, awaited before cleanup so nothing writes after the scratch files go. */
  private stagesRun: Promise<void> = Promise.resolve();
  /** The stages that run: the definition's, or the one stage of a one-task GROUP BY. */
  private runDefinition: QueryDefinition;

  constructor(
    readonly taskId: string,
    readonly statement: PlannedStatement,
    readonly definition: QueryDefinition,
    private readonly settings: QueryRunSettings,
    private readonly services: EngineServices,
    private readonly ingest: IngestServices | null,
  ) {
    this.runDefinition = definition;
    this.dir = join(services.workDir, taskId);
    this.parseErrors = new ParseErrorPolicy(taskId, settings.maxParseExceptions, this.counters, settings.maxSavedParseExceptions, settings.logParseException);
    const driver = {
      runStages: (signal: AbortSignal) => (this.stagesRun = this.runStages(AbortSignal.any([signal, this.failure.signal]))),
      publish: () => this.publish(),
    };
    this.controller = createActor(controllerMachine, { input: { taskId, publishes: isIngest(statement), timeout: settings.timeout ?? null, driver } });
    this.controller.start();
    this.done = waitFor(this.controller, (s) => s.status === 'done', { timeout: Infinity }).then((s) => this.finish(s.context.fault));
  }

  /** Rows skipped as unparseable so far. */
  get parseErrorCount(): number {
    return this.parseErrors.count;
  }

  /** Rows kept with values that could not be converted so far (native batch's processedWithError). */
  get partialRowCount(): number {
    return this.parseErrors.partialCount;
  }

  /** Native batch: the latest parse exceptions, newest first (at most `maxSavedParseExceptions`). */
  get savedParseExceptions(): ParseExceptionReport[] {
    return this.parseErrors.savedExceptions;
  }

  /** Segments (and tombstones) published by this query; 0 until it publishes. */
  get publishedSegments(): number {
    return this.publishedAt ? this.segments.length : 0;
  }

  /** Stops the query; it ends FAILED with the Canceled fault and publishes nothing. */
  cancel(): void {
    this.controller.send({ type: 'CANCEL' });
  }

  /** The `multiStageQuery` report, as of now. */
  report(): QueryReport {
    const snap = this.controller.getSnapshot();
    const state = snap.value === 'SUCCESS' ? 'SUCCESS' : snap.value === 'FAILED' ? 'FAILED' : 'RUNNING';
    return buildReport({
      taskId: this.taskId,
      state,
      fault: snap.context.fault,
      startTime: this.startTime,
      endTime: this.endTime,
      definition: this.runDefinition,
      stages: this.stages,
      counters: this.counters,
      warnings: this.parseErrors.samples,
      results: this.statement.kind === 'select' && this.results ? { frame: this.results, sqlTypeNames: this.statement.sqlTypeNames, columnNames: this.statement.columnNames, truncate: this.settings.selectDestination === 'durableStorage' } : null,
      segmentReport: this.segmentReport,
      segmentLoad: this.publishedAt && isIngest(this.statement) ? { dataSource: this.statement.dataSource, ...this.publishedAt, totalSegments: this.segments.length } : null,
    });
  }

  private async runStages(signal: AbortSignal): Promise<void> {
    this.parseErrors.checkLimit();
    const st = this.statement;
    // REPLACE locks its whole range up front; INSERT, and native replace without intervals, lock
    // the chunks they write once those are known.
    if (st.kind === 'replace' && st.replaceTimeChunks !== null) this.lockVersion = await this.ingest!.lock(st.replaceTimeChunks === 'all' ? [ETERNITY] : st.replaceTimeChunks, signal);
    const partitionCounts = new Map<number, number>();
    try {
      const firstSlices = await this.chooseStages();
      // A one-task GROUP BY hands its rows back and writes no scratch files.
      if (this.runDefinition === this.definition) {
        this.scratchMade = true;
        await mkdir(this.dir, { recursive: true });
      }
      const remainingConsumers = consumerCounts(this.runDefinition);
      for (const def of this.runDefinition.stages) {
        const slices = def.stageNumber === 0 ? firstSlices : await this.slicesFor(def, partitionCounts);
        const broadcast = this.broadcastFiles(def, partitionCounts);
        const makeWorker = (w: number, attempt: number) => {
          if (attempt > 0) {
            removeWorkerFiles(this.dir, def.stageNumber, w);
            this.counters.resetWorker(def.stageNumber, w);
          }
          return new StageWorker({ stage: def, workerNumber: w, slice: slices[w]!, broadcast, segments: this.planned }, this.services, this.counters, this.parseErrors, this.dir, signal, this.workerOptions);
        };
        const upstream = def.input[0]?.type === 'stage' ? (partitionCounts.get(def.input[0].stage) ?? 0) : 0;
        const sub = this.settings.subtasks;
        const options = { concurrency: sub?.maxConcurrent ?? slices.length, maxRetry: sub?.maxRetry ?? 0, makeWorker };
        const run = new StageRun(def, slices.length, partitionsOf(def, upstream), options);
        const workers = run.workers;
        this.stages.push(run);
        if (this.settings.checkMinimumMemory) this.checkMemory(def, slices, partitionCounts);
        await run.readAll(signal);
        if (def.shuffleSpec?.type === 'targetSize') {
          const s = def.shuffleSpec;
          const boundaries = decideBoundaries(workers.map((w) => w.result.runs ?? []), s.targetSize, s.clusterBy.length > 0, s.hash ?? null);
          await this.allocate(boundaries, signal);
          await run.writeAll(boundaries, signal);
        }
        run.endTime = Date.now();
        partitionCounts.set(def.stageNumber, run.tracker.getSnapshot().context.partitionCount ?? 0);
        for (const w of workers) {
          if (w.result.results) this.results = w.result.results;
          this.segments.push(...w.result.segments);
        }
        if ((remainingConsumers.get(def.stageNumber) ?? 0) === 0) run.finish();
        // A stage's output is deleted once every stage that reads it has finished.
        for (const input of def.input) {
          if (input.type !== 'stage') continue;
          const left = remainingConsumers.get(input.stage)! - 1;
          remainingConsumers.set(input.stage, left);
          if (left === 0) {
            this.stages[input.stage]!.finish();
            await rm(join(this.dir, `stage-${input.stage}`), { recursive: true, force: true });
          }
        }
      }
    } catch (e) {
      this.failure.abort();
      // Only the stage that was running failed; stages whose results were complete stay as they were.
      for (const s of this.stages) if (s.endTime === null) s.fail(toFault(e));
      throw e;
    }
  }

  /**
   * Slices stage 0's input; an interactive GROUP BY that those slices let one task finish then
   * runs as that task's stage alone. Returns stage 0's slices (it reads no other stage).
   */
  private async chooseStages(): Promise<InputSlice[]> {
    const first = this.definition.stages[0];
    if (!first) return [];
    const slices = await this.slicesFor(first, new Map());
    const oneTask = this.settings.oneTaskGroupBy ? oneTaskGroupBy(this.definition, slices) : null;
    if (oneTask) this.runDefinition = { queryId: this.definition.queryId, stages: [oneTask] };
    return slices;
  }

  /** How workers parse input and write rows. */
  private get workerOptions(): WorkerOptions {
    const { partialRows, maxFrameSize, nullBytes } = this.settings;
    return { taskId: this.taskId, parseOptions: partialRows ? { partialRows } : {}, maxFrameSize, nullBytes };
  }

  /** Fails with NotEnoughMemory, before any worker starts, when a worker's share of memory is too small for the stage. */
  private checkMemory(def: StageDefinition, slices: readonly InputSlice[], partitionCounts: ReadonlyMap<number, number>): void {
    const { memory, maxWorkers, maxFrameSize } = this.settings;
    const workersOf = (stage: number) => this.stages[stage]!.workers.length;
    const partitionsOf = (stage: number) => partitionCounts.get(stage) ?? 0;
    for (const slice of slices) checkWorkerMemory(memory, maxWorkers, stageMemoryDemand(def, slice, maxFrameSize, workersOf, partitionsOf));
  }

  /**
   * The files of every broadcast input of a stage (all partitions of the producing stage). Fails with
   * BroadcastTablesTooLarge when they pass a worker's broadcast budget (a fifth of its memory).
   */
  private broadcastFiles(def: StageDefinition, partitionCounts: ReadonlyMap<number, number>): ReadonlyMap<number, readonly string[]> {
    const out = new Map<number, string[]>();
    let bytes = 0;
    for (const index of def.broadcast) {
      const input = def.input[index]!;
      if (input.type !== 'stage') continue;
      const files = Array.from({ length: partitionCounts.get(input.stage) ?? 0 }, (_, p) => partitionFiles(this.dir, input.stage, p)).flat();
      for (const f of files) bytes += statSync(f).size;
      out.set(index, files);
    }
    const budget = broadcastBudget(this.settings.memory, this.settings.maxWorkers);
    if (bytes > budget) throw new FaultError(fault('BroadcastTablesTooLarge', { maxBroadcastTablesSize: budget }));
    return out;
  }

  /** Slices of a stage's input 0 across its workers. */
  private async slicesFor(def: StageDefinition, partitionCounts: ReadonlyMap<number, number>): Promise<InputSlice[]> {
    const spec = def.input[0]!;
    const max = Math.max(1, def.maxWorkerCount);
    switch (spec.type) {
      case 'external': {
        let splits = await listSplits(spec.inputSource, { druidSegments: this.services.druidSegments });
        // Native index_parallel: one subtask per split group, as Druid's supervisor creates them.
        const sub = this.settings.subtasks;
        if (sub) return groupSplits(splits, sub.splitHintSpec ?? undefined).map((g) => ({ type: 'external', splits: g }));
        // Fewer files than workers: cut the largest line-delimited files by byte ranges.
        if (splits.length < max && this.settings.taskAssignment === 'max') {
          const parts = Math.ceil(max / splits.length);
          splits = splits.flatMap((s) => byteRangeSplits(s, parts, spec.inputFormat));
        }
        const assigned = assignSplitsToWorkers(splits, { maxWorkers: max, mode: this.settings.taskAssignment, maxInputBytesPerWorker: this.settings.maxInputBytesPerWorker });
        return assigned.map((s) => ({ type: 'external', splits: s }));
      }
      case 'table': {
        // Segments come in time order and each worker reads a contiguous run of them, so a scan
        // without ORDER BY returns rows in time order, as Druid's does.
        const segs = await this.services.tableSegments(spec.dataSource, spec.intervals);
        const n = Math.max(1, Math.min(max, segs.length));
        const per = Math.ceil(segs.length / n);
        return Array.from({ length: n }, (_, w) => ({ type: 'table', segments: segs.slice(w * per, (w + 1) * per) }));
      }
      case 'system':
        return [{ type: 'system' }];
      case 'stage': {
        const upstream = partitionCounts.get(spec.stage) ?? 0;
        const n = Math.max(1, Math.min(max, upstream));
        const others = def.input.slice(1).filter((_, i) => !def.broadcast.includes(i + 1)).map((i) => (i.type === 'stage' ? i.stage : -1));
        return Array.from({ length: n }, (_, w) => ({
          type: 'stage',
          stage: spec.stage,
          alsoStages: others,
          partitions: Array.from({ length: upstream }, (_, p) => p).filter((p) => p % n === w),
        }));
      }
    }
  }

  /** Segment identities for every output partition of an INSERT / REPLACE. */
  private async allocate(boundaries: PartitionBoundaries, signal: AbortSignal): Promise<void> {
    const st = this.statement;
    if (!isIngest(st)) return;
    const maxNumSegments = this.settings.maxNumSegments;
    const crowded = maxNumSegments === null ? undefined : boundaries.buckets.find((b) => b.numPartitions > maxNumSegments);
    if (crowded) {
      // Druid names the chunk by its start instant (the epoch for PARTITIONED BY ALL).
      const timeChunk = formatInstant(st.segmentGranularity.type === 'all' ? 0 : crowded.bucket);
      throw new FaultError(fault('TooManySegmentsInTimeChunk', { timeChunk, numSegments: crowded.numPartitions, maxNumSegments }));
    }
    if (boundaries.partitionCount === 0 && this.settings.failOnEmptyInsert) {
      throw new FaultError(fault('InsertCannotBeEmpty', { dataSource: st.dataSource }));
    }
    if (st.kind === 'replace' && !st.nativeReplace && st.replaceTimeChunks !== 'all' && st.replaceTimeChunks !== null) {
      checkReplaceBounds(st.segmentGranularity, boundaries.buckets, st.replaceTimeChunks);
    }
    if (st.kind === 'replace' && this.lockVersion === null) {
      this.lockVersion = await this.ingest!.lock(condenseIntervals(boundaries.buckets.map((b) => chunkOf(st.segmentGranularity, b.bucket))), signal);
    }
    const planned =
      st.kind === 'replace'
        ? allocateForReplace(st.segmentGranularity, boundaries.buckets, this.lockVersion!, shardKindOf(st))
        : await this.allocateInsert(boundaries, signal);
    this.planned = new Map(planned.map((p) => [p.partition, p]));
    // Druid reports the choice only when there are rows to write segments for.
    if (planned.length > 0) this.segmentReport = segmentReportOf(st);
  }

  private async allocateInsert(boundaries: PartitionBoundaries, signal: AbortSignal): Promise<PlannedSegment[]> {
    const st = this.statement as PlannedIngest;
    if (boundaries.buckets.length === 0) return [];
    const version = await this.ingest!.lock(condenseIntervals(boundaries.buckets.map((b) => chunkOf(st.segmentGranularity, b.bucket))), signal);
    return allocateForInsert(st.dataSource, st.segmentGranularity, boundaries.buckets, await this.services.usedSegments(st.dataSource), version);
  }

  /** PUBLISHING: every segment and tombstone in one metadata transaction. */
  private async publish(): Promise<void> {
    const st = this.statement;
    if (!isIngest(st)) return;
    const start = Date.now();
    let overwrite: Interval[] = [];
    let tombstones: DataSegment[] = [];
    if (st.kind === 'replace') {
      const existing = await this.services.usedSegments(st.dataSource);
      const written = this.segments.map((s) => s.interval);
      const range = st.replaceTimeChunks === 'all' ? [ETERNITY] : st.replaceTimeChunks;
      // Native replace overwrites the chunks it wrote, and, with dropExisting, its whole intervals.
      const native = st.nativeReplace;
      overwrite = native ? (native.dropExisting && range ? [...range] : condenseIntervals(written)) : [...range!];
      const tombstoneRange = native ? (native.dropExisting && range ? range : []) : range!;
      tombstones = tombstonesFor(st.segmentGranularity, tombstoneRange, written, existing.filter((s) => s.shardSpec.type !== 'tombstone'), this.lockVersion ?? '').map((t) => ({
        dataSource: st.dataSource,
        interval: t.interval,
        version: t.version,
        shardSpec: t.shardSpec,
        loadSpec: { type: 'tombstone' },
        dimensions: [],
        metrics: [],
        signature: [],
        numRows: 0,
        size: 0,
        binaryVersion: 9,
        rollup: false,
      }));
    }
    const pushed: DataSegment[] = [];
    try {
      for (const s of compactPartitions(this.segments)) {
        const local = String(s.loadSpec.path);
        const stored = await this.services.deepStorage.push(local, { dataSource: s.dataSource, interval: formatInterval(s.interval), version: s.version, partitionNum: s.shardSpec.partitionNum });
        pushed.push({ ...s, loadSpec: stored.loadSpec, size: stored.size });
      }
      if (pushed.length + tombstones.length > 0) await this.ingest!.publish([...pushed, ...tombstones], overwrite);
    } catch (e) {
      for (const s of pushed) await this.services.deepStorage.remove(s.loadSpec).catch(() => undefined);
      throw e;
    }
    this.segments = [...pushed, ...tombstones];
    this.publishedAt = { start, end: Date.now() };
  }

  /** Runs once when the controller ends: cleans temporary files and unpublished segments. */
  private async finish(f: Fault | null): Promise<QueryOutcome> {
    this.endTime = Date.now();
    // Workers stop at their next frame after a cancel; wait for them (and for the stage loop) so
    // nothing writes into the scratch directory after it is removed.
    await this.stagesRun.catch(() => undefined);
    await Promise.all(this.stages.flatMap((s) => s.workers.map((w) => w.settled())));
    if (this.scratchMade) await rm(this.dir, { recursive: true, force: true });
    if (f) {
      return { status: 'FAILED', fault: f, results: null, segments: [] };
    }
    return { status: 'SUCCESS', fault: null, results: this.results, segments: this.segments };
  }
}

/**
 * Output partitions of a stage when known up front: hash and mix shuffles fix them; a segment
 * generator writes one segment per input partition; a global sort learns them from statistics.
 */
function partitionsOf(def: StageDefinition, upstreamPartitions: number): number | null {
  if (def.shuffleSpec?.type === 'hash') return def.shuffleSpec.partitions;
  if (def.shuffleSpec?.type === 'mix') return 1;
  if (def.processor.type === 'segmentGenerator') return upstreamPartitions;
  if (def.processor.type === 'results') return 1;
  return null;
}

/** How many stages read each stage's output. */
function consumerCounts(definition: QueryDefinition): Map<number, number> {
  const counts = new Map<number, number>();
  for (const s of definition.stages) for (const i of s.input) if (i.type === 'stage') counts.set(i.stage, (counts.get(i.stage) ?? 0) + 1);
  return counts;
}
