import { statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Interval, RowSignature } from '@silt/common';
import { referencedColumns } from '@silt/expr';
import { type Frame, concatFrames, decodeFrame, emptyFrame, encodeFrame, readFrameFileSync } from '@silt/frame';
import { ChunkBuffers, type ParseOptions, effectiveInputFormat, isDruidSplit, readRecordChunks } from '@silt/input';
import type { DataSegment, SegmentMeta } from '@silt/segment';
import type { ProcessorSpec, StageDefinition } from '../query-definition.ts';
import { abortable } from './abortable.ts';
import { combinedRows } from './group-completion.ts';
import { type ChannelCounter, type QueryCounters, countFrame } from './counters.ts';
import { resultRows } from './frame-ops.ts';
import type { InputSlice } from './input-slices.ts';
import { rowParts } from './one-task-group-by.ts';
import { type PartitionBoundaries, partitionOfWholeRun } from './key-statistics.ts';
import type { OutputSpec, RunStatistics } from './output-spec.ts';
import { type NullBytePolicy, applyNullBytePolicy } from './null-bytes.ts';
import type { ParseErrorPolicy } from './parse-error-policy.ts';
import type { ScanProcessing, TaskOutcome } from './pool-tasks.ts';
import type { PlannedSegment } from './segment-allocation.ts';
import { segmentBuildParts } from './segment-build.ts';
import type { RowRange } from './segment-scan.ts';
import type { EngineServices } from './services.ts';
import { partitionFile, partitionFiles, runFile } from './shuffle-layout.ts';
import { TaskWindow } from './task-window.ts';

/** loadSpec type of a segment written but not yet pushed to deep storage. */
export const PENDING_LOAD_SPEC = 'pending';

/** One worker's assignment for one stage (Druid's WorkOrder). */
export interface WorkOrder {
  readonly stage: StageDefinition;
  readonly workerNumber: number;
  readonly slice: InputSlice;
  /** Files of each broadcast input, by stage-input index. */
  readonly broadcast: ReadonlyMap<number, readonly string[]>;
  /** segmentGenerator: the identity of each partition's segment, by partition number. */
  readonly segments?: ReadonlyMap<number, PlannedSegment>;
}

/** How a worker reads external input. */
export interface WorkerOptions {
  readonly taskId: string;
  readonly parseOptions: ParseOptions;
  /** Druid's maxFrameSize (RowTooLarge); native tasks have no frame limit (Infinity). */
  readonly maxFrameSize: number;
  /** What written rows do with strings holding U+0000. */
  readonly nullBytes: NullBytePolicy;
}

/** What a worker hands back to the controller. */
export interface WorkerResult {
  /** Globally sorted stages: statistics of each run this worker wrote, in run order. */
  runs: RunStatistics[] | null;
  results: Frame | null;
  segments: DataSegment[];
}

/**
 * One worker's part of a stage. It turns its input slice into pool tasks (one per chunk of
 * records, segment, run or partition), keeps one task running at a time — a worker is one core's
 * worth of processing, so `maxNumTasks` sets the parallelism — while it reads ahead, and adds up
 * the counters. Data stays in the pool threads and the shuffle files.
 */
export class StageWorker {
  readonly result: WorkerResult = { runs: null, results: null, segments: [] };
  private readonly inFlight: Promise<unknown>[] = [];
  private readonly runFiles: (string | null)[] = [];
  private seq = 0;

  constructor(
    private readonly order: WorkOrder,
    private readonly services: EngineServices,
    private readonly counters: QueryCounters,
    private readonly parseErrors: ParseErrorPolicy,
    private readonly dir: string,
    private readonly signal: AbortSignal,
    private readonly options: WorkerOptions,
  ) {}

  /** What this worker reads (for supervisors that list their subtasks). */
  get slice(): InputSlice {
    return this.order.slice;
  }

  /** Resolves once every read or write this worker started has ended (successfully or not). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  /** READING_INPUT: reads the slice and runs the processor; a global sort gathers key statistics. */
  read(): Promise<void> {
    return this.track(this.readInput());
  }

  /** PRESHUFFLE_WRITING_OUTPUT: splits this worker's runs by the controller's boundaries. */
  write(boundaries: PartitionBoundaries): Promise<void> {
    return this.track(this.splitRuns(boundaries));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.push(p);
    return p;
  }

  private get stageNumber(): number {
    return this.order.stage.stageNumber;
  }

  private channel(name: 'input0' | 'output' | 'shuffle'): ChannelCounter {
    return this.counters.channel(this.stageNumber, this.order.workerNumber, name);
  }

  private async readInput(): Promise<void> {
    const p = this.order.stage.processor;
    switch (p.type) {
      case 'scan':
        await this.scan({
          ops: p.ops,
          broadcast: [...this.order.broadcast].map(([input, files]) => ({ input, files })),
          partialAggregate: p.partialAggregate,
          partialSignature: this.order.stage.signature,
          ...(p.unparseableTimeColumn ? { unparseableTime: { rawColumn: p.unparseableTimeColumn } } : {}),
          ...(p.completeAggregate ? { completeAggregate: p.completeAggregate } : {}),
          maxFrameSize: this.options.maxFrameSize,
          nullBytes: this.options.nullBytes,
        });
        if (this.order.stage.shuffleSpec?.type === 'targetSize') this.startSortProgress();
        return;
      case 'groupByPostShuffle':
        return this.mergeGroups(p);
      case 'sortMergeJoin':
        return this.joinPartitions(p);
      case 'export':
        return this.exportCsv(p);
      case 'results':
        return this.collectResults(p);
      case 'segmentGenerator':
        return this.generateSegments(p);
    }
  }

  /**
   * A GROUP BY that one task could finish (see one-task-group-by.ts), over a segment large enough to
   * be read in `parts` by every pool thread at once: each part's task hands back its partial groups,
   * which are combined here into the query's rows. When the groups are too many to combine
   * cheaply, the first part finishes the GROUP BY alone instead.
   */
  private async completeInParts(read: { path: string; columns: RowSignature; intervals: readonly Interval[] }, parts: readonly RowRange[], processing: ScanProcessing): Promise<void> {
    const output: OutputSpec = { type: 'frame' };
    // Every part is waited for, failed or not, so no pool thread still reads when the stage ends.
    const settled = await Promise.allSettled(parts.map((rows) => this.services.pool.run({ kind: 'scanSegment', ...read, rows, processing, output }, this.signal)));
    const outcomes = settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
    for (const outcome of outcomes) this.countInput(outcome);
    const finished = outcomes.filter((o) => o.finished);
    if (finished.length === 1) return this.countOutput(finished[0]!, output);
    const partials = outcomes.flatMap((o) => (o.output?.frame ? [decodeFrame(o.output.frame)] : []));
    if (finished.length > 0 || partials.length !== parts.length) throw new Error('The parts of a segment disagree on whether to combine their groups');
    // The parts' groups are few (`partsCombineCheaply`): combining them here, as Druid's broker
    // merges its data servers' results, costs less than a pool thread's round trip.
    const results = combinedRows(partials, processing.completeAggregate!, processing.nullBytes);
    countFrame(this.channel('output'), results.numRows, 0);
    this.result.results = results;
  }

  /** Where the output of the next task goes, by the stage's shuffle. */
  private nextOutput(): OutputSpec {
    const { stage, workerNumber } = this.order;
    const s = stage.shuffleSpec;
    const seq = this.seq++;
    if (!s) return { type: 'frame' };
    switch (s.type) {
      case 'mix':
        return { type: 'mix', file: partitionFile(this.dir, stage.stageNumber, 0, workerNumber, seq) };
      case 'hash':
        return { type: 'hash', columns: s.columns, files: Array.from({ length: s.partitions }, (_, p) => partitionFile(this.dir, stage.stageNumber, p, workerNumber, seq)) };
      case 'targetSize':
        return {
          type: 'run',
          file: runFile(this.dir, stage.stageNumber, workerNumber, seq),
          granularity: s.segmentGranularity,
          clusterBy: s.clusterBy,
          ...(s.singleValueKeys ? { singleValueKeys: true } : {}),
        };
    }
  }

  /** Counts one task's outcome; keeps run statistics in run order. */
  private account(outcome: TaskOutcome, output: OutputSpec): void {
    this.countInput(outcome);
    this.countOutput(outcome, output);
  }

  /** Counts what one task read: rows, bytes, rows filtered out, parse errors. */
  private countInput(outcome: TaskOutcome): void {
    const input = this.channel('input0');
    input.rows[0]! += outcome.inputRows ?? 0;
    input.bytes[0]! += outcome.inputBytes ?? 0;
    input.frames[0]! += 1;
    this.counters.thrownAway += outcome.thrownAway ?? 0;
    for (const e of outcome.errors ?? []) this.parseErrors.report(this.stageNumber, this.order.workerNumber, e);
    for (const e of outcome.partialRowErrors ?? []) this.parseErrors.reportPartialRow(this.stageNumber, this.order.workerNumber, e);
  }

  /** Counts what one task wrote; keeps run statistics in run order, and a finished GROUP BY's rows. */
  private countOutput(outcome: TaskOutcome, output: OutputSpec): void {
    const out = outcome.output;
    if (!out) return;
    countFrame(this.channel('output'), out.rows, out.bytes);
    // Only a scan that completes its GROUP BY hands its rows back (a one-task GROUP BY's results).
    if (output.type === 'frame' && out.frame) this.result.results = decodeFrame(out.frame);
    if (output.type === 'run') {
      (this.result.runs ??= []).push(out.stats ?? []);
      this.runFiles.push(out.rows > 0 ? output.file : null);
    } else if (output.type !== 'frame') {
      const shuffle = this.channel('shuffle');
      shuffle.rows[0]! += out.rows;
      shuffle.bytes[0]! += out.bytes;
      shuffle.frames[0]! += out.frames;
    }
  }

  private async scan(processing: ScanProcessing): Promise<void> {
    const { slice, stage } = this.order;
    const spec = stage.input[0]!;
    const input = this.channel('input0');
    const pending: { output: OutputSpec }[] = [];
    const window = new TaskWindow<TaskOutcome>(SCAN_TASKS_IN_FLIGHT, (outcome) => this.account(outcome, pending.shift()!.output));
    const submit = async (task: (output: OutputSpec) => Promise<TaskOutcome>) => {
      const output = this.nextOutput();
      pending.push({ output });
      await window.add(task(output));
    };
    // Chunk buffers come back from the pool threads and are read into again.
    const chunkBuffers = new ChunkBuffers(4 * CHUNK_BYTES);
    const recycleInput = ({ spentInput, ...outcome }: TaskOutcome): TaskOutcome => {
      if (spentInput) chunkBuffers.give(spentInput);
      return outcome;
    };
    try {
      if (slice.type === 'external' && spec.type === 'external') {
        input.files = [0];
        input.totalFiles = [slice.splits.length];
        for (const split of slice.splits) {
          if (isDruidSplit(split)) {
            await submit((output) => this.services.pool.run({ kind: 'scanSegment', path: split.source, columns: spec.signature, intervals: split.intervals, processing, output }, this.signal));
          } else {
            const inputFormat = effectiveInputFormat(split.inputSource, spec.inputFormat);
            for await (const chunk of abortable(readRecordChunks(split, inputFormat, CHUNK_BYTES, chunkBuffers), this.signal)) {
              const task = { kind: 'scanChunk', chunk, inputFormat, signature: spec.signature, parseOptions: this.options.parseOptions, processing } as const;
              await submit((output) => this.services.pool.run({ ...task, output }, this.signal).then(recycleInput));
            }
          }
          await window.drain();
          input.files[0]!++;
        }
      } else if (slice.type === 'table' && spec.type === 'table') {
        input.files = [0];
        input.totalFiles = [slice.segments.length];
        const columns = this.tableColumns(spec.signature, processing);
        for (const s of slice.segments) {
          if (!s.path) continue;
          const read = { path: s.path, columns, intervals: s.intervals };
          const parts = processing.completeAggregate ? rowParts(s.segment.numRows, processing.ops, processing.partialAggregate, this.services.pool.threads) : null;
          if (parts) await this.completeInParts(read, parts, processing);
          else await submit((output) => this.services.pool.run({ kind: 'scanSegment', ...read, processing, output }, this.signal));
          input.bytes[0]! += s.segment.size;
          input.files[0]!++;
        }
      } else if (slice.type === 'stage') {
        for (const { files } of this.inputPartitions()) {
          if (files.length) await submit((output) => this.services.pool.run({ kind: 'scanFiles', files, processing, output }, this.signal));
        }
      } else if (slice.type === 'system' && spec.type === 'system') {
        const frame = await this.services.systemTable(spec.table, spec.signature);
        input.rows[0]! += frame.numRows;
        await submit((output) => this.services.pool.run({ kind: 'scanFrame', frame: encodeFrame(frame), processing, output }, this.signal));
      }
      await window.drain();
    } finally {
      await window.drain().catch(() => undefined);
    }
  }

  /**
   * The table columns a scan needs: what its ops read up to and including the first projection
   * (and its partial aggregation, when it has no projection), or every column when rows pass through.
   */
  private tableColumns(signature: RowSignature, p: ScanProcessing): RowSignature {
    const needed = new Set<string>(['__time']);
    for (const op of p.ops) {
      if (op.type === 'filter') referencedColumns(op.condition, needed);
      else if (op.type === 'project') {
        for (const c of op.columns) referencedColumns(c.expr, needed);
        return signature.filter((c) => needed.has(c.name));
      } else {
        // UNNEST and joins pass every column through.
        return signature;
      }
    }
    if (!p.partialAggregate) return signature;
    for (const k of p.partialAggregate.keys) referencedColumns(k.expr, needed);
    for (const a of p.partialAggregate.aggregates) {
      for (const arg of a.call.args) referencedColumns(arg, needed);
      if (a.call.filter) referencedColumns(a.call.filter, needed);
    }
    return signature.filter((c) => needed.has(c.name));
  }

  /**
   * The partitions this worker reads from the previous stage, with their files (counted as input).
   * Further non-broadcast stage inputs are read with input 0, partition by partition (UNION ALL),
   * except by a sort-merge join, which pairs its right side's partitions with them itself.
   */
  private inputPartitions(): { partition: number; files: string[] }[] {
    const slice = this.order.slice;
    if (slice.type !== 'stage') return [];
    const input = this.channel('input0');
    const stages = this.order.stage.processor.type === 'sortMergeJoin' ? [slice.stage] : [slice.stage, ...slice.alsoStages];
    return slice.partitions.map((partition) => {
      const files = stages.flatMap((stage) => partitionFiles(this.dir, stage, partition));
      for (const f of files) {
        input.bytes[0]! += statSync(f).size;
        input.frames[0]! += 1;
      }
      return { partition, files };
    });
  }

  private async mergeGroups(p: Extract<ProcessorSpec, { type: 'groupByPostShuffle' }>): Promise<void> {
    const pending: OutputSpec[] = [];
    const window = new TaskWindow<TaskOutcome>(1, (outcome) => this.account(outcome, pending.shift()!));
    try {
      for (const { files } of this.inputPartitions()) {
        if (files.length === 0 && p.groupBy.keys.length > 0) continue;
        const output = this.nextOutput();
        pending.push(output);
        await window.add(this.services.pool.run({ kind: 'mergeGroups', files, groupBy: p.groupBy, ops: p.ops, ...(p.top ? { top: p.top } : {}), nullBytes: this.options.nullBytes, output }, this.signal));
      }
      await window.drain();
    } finally {
      await window.drain().catch(() => undefined);
    }
  }

  private async joinPartitions(p: Extract<ProcessorSpec, { type: 'sortMergeJoin' }>): Promise<void> {
    const slice = this.order.slice;
    if (slice.type !== 'stage') return;
    const pending: OutputSpec[] = [];
    const window = new TaskWindow<TaskOutcome>(1, (outcome) => this.account(outcome, pending.shift()!));
    try {
      for (const { partition, files } of this.inputPartitions()) {
        const rightFiles = partitionFiles(this.dir, slice.alsoStages[0]!, partition);
        if (files.length === 0 && rightFiles.length === 0) continue;
        const output = this.nextOutput();
        pending.push(output);
        await window.add(this.services.pool.run({ kind: 'joinPartition', leftFiles: files, rightFiles, join: p, ops: p.ops, nullBytes: this.options.nullBytes, output }, this.signal));
      }
      await window.drain();
    } finally {
      await window.drain().catch(() => undefined);
    }
  }

  /** Writes each input partition as a CSV file named like Druid's exports. */
  private async exportCsv(p: Extract<ProcessorSpec, { type: 'export' }>): Promise<void> {
    for (const { partition, files } of this.inputPartitions()) {
      const path = join(p.exportPath, `${this.taskId}-worker${this.order.workerNumber}-partition${partition}.csv`);
      const { inputRows } = await this.services.pool.run({ kind: 'exportCsv', files, path, sqlTypeNames: p.sqlTypeNames }, this.signal);
      this.channel('input0').rows[0]! += inputRows ?? 0;
    }
  }

  private get taskId(): string {
    return this.options.taskId;
  }

  private async collectResults(p: Extract<ProcessorSpec, { type: 'results' }>): Promise<void> {
    const frames: Frame[] = [];
    for (const { files } of this.inputPartitions()) for (const f of files) frames.push(...readFrameFileSync(f));
    for (const f of frames) this.channel('input0').rows[0]! += f.numRows;
    const signature = frames[0]?.signature ?? this.order.stage.signature;
    const all = frames.length ? concatFrames(signature, frames) : emptyFrame(signature);
    const rows = applyNullBytePolicy(resultRows(all, p), this.options.nullBytes);
    if (!this.order.stage.shuffleSpec) {
      this.result.results = rows;
      return;
    }
    // A subquery's ORDER BY / LIMIT: the rows go on to the consuming stage.
    const output = this.nextOutput();
    this.account(await this.services.pool.run({ kind: 'scanFrame', frame: encodeFrame(rows), processing: NO_PROCESSING, output }, this.signal), output);
  }

  private async generateSegments(p: Extract<ProcessorSpec, { type: 'segmentGenerator' }>): Promise<void> {
    const progress = (this.counters.worker(this.stageNumber, this.order.workerNumber).segmentGenerationProgress ??= {
      type: 'segmentGenerationProgress',
      rowsProcessed: 0,
      rowsPersisted: 0,
      rowsMerged: 0,
      rowsPushed: 0,
    });
    await mkdir(join(this.dir, 'segments'), { recursive: true });
    // Segments built at once across the stage: each worker builds its partitions one at a time.
    const partitionsInFlight = Math.min(this.order.segments?.size ?? 1, this.order.stage.maxWorkerCount);
    for (const { partition, files } of this.inputPartitions()) {
      if (files.length === 0) continue;
      const planned = this.order.segments?.get(partition);
      if (!planned) throw new Error(`No segment allocated for partition ${partition}`);
      // Segments stay in the task's directory until the controller publishes; only then do they
      // move to deep storage, so a failed or cancelled task leaves nothing behind.
      const local = join(this.dir, 'segments', `segment-${partition}.silt`);
      const meta = { interval: planned.interval, dimensions: p.dimensions, metrics: p.metrics, rollup: p.rollup };
      const segment = await this.buildSegment(files, p.segmentSortOrder, meta, local, partitionsInFlight);
      const rows = segment.numRows;
      this.channel('input0').rows[0]! += rows;
      Object.assign(progress, {
        rowsProcessed: progress.rowsProcessed + rows,
        rowsPersisted: progress.rowsPersisted + rows,
        rowsMerged: progress.rowsMerged + rows,
        rowsPushed: progress.rowsPushed + rows,
      });
      this.result.segments.push({
        dataSource: p.dataSource,
        interval: planned.interval,
        version: planned.version,
        shardSpec: planned.shardSpec,
        loadSpec: { type: PENDING_LOAD_SPEC, path: local },
        dimensions: p.dimensions,
        metrics: p.metrics,
        signature: segment.signature,
        numRows: rows,
        size: segment.size,
        binaryVersion: 9,
        rollup: p.rollup,
      });
    }
  }

  /**
   * Builds one segment: whole in one task, or (see {@link segmentBuildParts}) with its rows sorted
   * by one task while its columns are encoded by several threads at once (one part task per thread,
   * each claiming the next column as it goes, through one shared counter, starting with what needs
   * no row order: see `buildSegmentPart`), and the parts assembled.
   */
  private async buildSegment(files: readonly string[], sortColumns: readonly string[], meta: SegmentMeta, outPath: string, partitionsInFlight: number): Promise<NonNullable<TaskOutcome['segment']>> {
    const pool = this.services.pool;
    const partCount = segmentBuildParts(files.reduce((n, f) => n + statSync(f).size, 0), pool.threads, partitionsInFlight);
    if (partCount < 2) return (await pool.run({ kind: 'buildSegment', files, sortColumns, meta, outPath }, this.signal)).segment!;
    const orderPath = `${outPath}.order`;
    // Shared by the part tasks, not copied: the index of the next column to claim.
    const claims = new Int32Array(new SharedArrayBuffer(4));
    // Every task is waited for, failed or not, so none still reads the runs when the stage ends.
    const settled = await Promise.allSettled([
      pool.run({ kind: 'sortSegmentRows', files, sortColumns, outPath: orderPath }, this.signal),
      ...Array.from({ length: partCount }, (_, part) =>
        pool.run({ kind: 'buildSegmentPart', files, orderPath, sortColumns, meta, claims, outPath: `${outPath}.part-${part}` }, this.signal),
      ),
    ]);
    await rm(orderPath, { force: true });
    const outcomes = settled.slice(1).map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
    if (settled[0]!.status === 'rejected') throw settled[0]!.reason;
    const parts = outcomes.map((o) => o.part!.part);
    return (await pool.run({ kind: 'assembleSegment', parts, signature: outcomes[0]!.part!.signature, meta, outPath }, this.signal)).segment!;
  }

  /** The global sort is one merge level: this worker's runs, split by boundaries in one pass. */
  private startSortProgress(): void {
    const runs = this.runFiles.filter((f) => f !== null).length;
    this.counters.worker(this.stageNumber, this.order.workerNumber).sortProgress = {
      type: 'sortProgress',
      totalMergingLevels: 1,
      levelToTotalBatches: { '0': runs },
      levelToMergedBatches: { '0': 0 },
      totalMergersForUltimateLevel: 1,
      progressDigest: 0,
    };
  }

  private async splitRuns(boundaries: PartitionBoundaries): Promise<void> {
    const s = this.order.stage.shuffleSpec;
    if (s?.type !== 'targetSize') return;
    const shuffle = this.channel('shuffle');
    const window = new TaskWindow<TaskOutcome>(1, ({ shuffled }) => {
      shuffle.rows[0]! += shuffled!.rows;
      shuffle.bytes[0]! += shuffled!.bytes;
      shuffle.frames[0]! += shuffled!.frames;
    });
    const first = boundaries.firstRunOfWorker[this.order.workerNumber]!;
    const wholeRunPartition = partitionOfWholeRun(boundaries);
    try {
      for (const [i, file] of this.runFiles.entries()) {
        if (!file) continue;
        const whole = wholeRunPartition(this.result.runs![i]!);
        if (whole !== null) {
          // The run is one frame, as a partition file is: it becomes that file without being read.
          const bytes = statSync(file).size;
          const target = partitionFile(this.dir, this.stageNumber, whole, this.order.workerNumber, first + i);
          await mkdir(dirname(target), { recursive: true });
          await rename(file, target);
          countFrame(shuffle, this.result.runs![i]![0]!.count, bytes);
          continue;
        }
        const task = { kind: 'splitRun', file, runIndex: first + i, boundaries, granularity: s.segmentGranularity, clusterBy: s.clusterBy, hash: s.hash ?? null, dir: this.dir, stage: this.stageNumber, worker: this.order.workerNumber } as const;
        await window.add(this.services.pool.run(task, this.signal));
      }
      await window.drain();
    } finally {
      await window.drain().catch(() => undefined);
    }
    const sort = this.counters.worker(this.stageNumber, this.order.workerNumber).sortProgress;
    if (sort) Object.assign(sort, { levelToMergedBatches: { ...sort.levelToTotalBatches }, progressDigest: 1 });
  }
}

/** Rows passed on as they are (they were checked when written). */
const NO_PROCESSING: ScanProcessing = { ops: [], broadcast: [], partialAggregate: null, partialSignature: [], maxFrameSize: Infinity, nullBytes: 'keep' };

/** Bytes of input per scan task (whole records). */
const CHUNK_BYTES = 4 << 20;
/**
 * A scanning worker's pool tasks in flight: one parsing while the next chunk is read and queued,
 * so the pool thread never waits for the file. Two chunks per worker bound its memory.
 */
const SCAN_TASKS_IN_FLIGHT = 2;
