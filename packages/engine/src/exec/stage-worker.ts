import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FaultError, type RowSignature, fault } from '@silt/common';
import { type Frame, type FrameColumn, concatFrames, emptyFrame, gatherFrame, readFrameFile, sortPermutation } from '@silt/frame';
import { readRecordChunks } from '@silt/input';
import { type DataSegment, SegmentFile } from '@silt/segment';
import type { FrameOp, ProcessorSpec, StageDefinition } from '../query-definition.ts';
import { type QueryCounters, countFrame } from './counters.ts';
import { abortable } from './abortable.ts';
import { applyOps } from './frame-ops.ts';
import { GroupByTable } from './group-by.ts';
import type { InputSlice } from './input-slices.ts';
import type { KeyStatistics, PartitionBoundaries } from './key-statistics.ts';
import type { ParseErrorPolicy } from './parse-error-policy.ts';
import type { PlannedSegment } from './segment-allocation.ts';
import type { EngineServices } from './services.ts';
import { type ShuffleSink, createShuffleSink, partitionPath } from './shuffle-sinks.ts';

/** loadSpec type of a segment written but not yet pushed to deep storage. */
export const PENDING_LOAD_SPEC = 'pending';

/** One worker's assignment for one stage (Druid's WorkOrder). */
export interface WorkOrder {
  readonly stage: StageDefinition;
  readonly workerNumber: number;
  readonly slice: InputSlice;
  /** Signature of the rows the stage reads from its input stage. */
  readonly inputSignature: RowSignature;
  /** segmentGenerator: the identity of each partition's segment, by partition number. */
  readonly segments?: ReadonlyMap<number, PlannedSegment>;
}

/** What a worker hands back to the controller. */
export interface WorkerResult {
  stats: KeyStatistics | null;
  results: Frame | null;
  segments: DataSegment[];
}

/**
 * Runs one work order: reads the slice, runs the stage's processor, and writes output partitions
 * (or results / segments). Cooperative: checks `signal` between frames.
 */
export class StageWorker {
  readonly result: WorkerResult = { stats: null, results: null, segments: [] };
  private readonly sink: ShuffleSink | null;

  constructor(
    private readonly order: WorkOrder,
    private readonly services: EngineServices,
    private readonly counters: QueryCounters,
    private readonly parseErrors: ParseErrorPolicy,
    private readonly dir: string,
    private readonly signal: AbortSignal,
  ) {
    const s = order.stage;
    this.sink = s.shuffleSpec
      ? createShuffleSink(s.shuffleSpec, { dir, stage: s.stageNumber, worker: order.workerNumber, shuffleCounter: counters.channel(s.stageNumber, order.workerNumber, 'shuffle') })
      : null;
  }

  private readonly inFlight: Promise<unknown>[] = [];

  /** Resolves once every read or write this worker started has ended (successfully or not). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  /** READING_INPUT: reads everything and processes it; gathers key statistics if needed. */
  read(): Promise<void> {
    return this.track(this.readInput());
  }

  /** PRESHUFFLE_WRITING_OUTPUT: splits the sorted output by the controller's boundaries. */
  write(boundaries: PartitionBoundaries): Promise<void> {
    return this.track(
      this.sink!.writePartitions(boundaries).then(() => {
        const sort = this.counters.worker(this.order.stage.stageNumber, this.order.workerNumber).sortProgress;
        if (sort) Object.assign(sort, { levelToMergedBatches: { ...sort.levelToTotalBatches }, progressDigest: 1 });
      }),
    );
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.push(p);
    return p;
  }

  private async readInput(): Promise<void> {
    const p = this.order.stage.processor;
    if (p.type === 'segmentGenerator') return this.generateSegments(p);
    if (p.type === 'results') return this.collectResults(p);
    const table = p.type === 'scan' ? (p.partialAggregate ? new GroupByTable(p.partialAggregate) : null) : new GroupByTable(p.groupBy);
    for await (const frame of this.inputFrames(p.type === 'scan' ? p.ops : [])) {
      if (p.type === 'groupByPostShuffle') table!.combine(frame);
      else if (table) table.aggregate(frame);
      else await this.emit(frame);
    }
    if (table && p.type === 'scan') await this.emit(table.partialFrame(this.order.stage.signature));
    if (p.type === 'groupByPostShuffle') await this.emit(applyOps(table!.finalFrame(), p.ops));
    this.result.stats = (await this.sink?.finish()) ?? null;
    if (this.result.stats) {
      // The global sort is one merge level: the spilled batches, split by boundaries in one pass.
      const batches = this.counters.channel(this.order.stage.stageNumber, this.order.workerNumber, 'output').frames[0]!;
      this.counters.worker(this.order.stage.stageNumber, this.order.workerNumber).sortProgress = {
        type: 'sortProgress',
        totalMergingLevels: 1,
        levelToTotalBatches: { '0': batches },
        levelToMergedBatches: { '0': 0 },
        totalMergersForUltimateLevel: 1,
        progressDigest: 0,
      };
    }
  }

  private async emit(frame: Frame): Promise<void> {
    if (frame.numRows === 0) return;
    const bytes = frame.columns.reduce((n, c) => n + columnBytes(c), 0);
    countFrame(this.counters.channel(this.order.stage.stageNumber, this.order.workerNumber, 'output'), frame.numRows, bytes);
    await this.sink!.add(frame);
  }

  /** Input frames of the slice; external chunks are parsed and `ops`-processed in the pool. */
  private async *inputFrames(ops: readonly FrameOp[]): AsyncGenerator<Frame> {
    const { slice, stage, workerNumber } = this.order;
    const input = this.counters.channel(stage.stageNumber, workerNumber, 'input0');
    const spec = stage.input[0]!;
    if (slice.type === 'external' && spec.type === 'external') {
      input.files = [0];
      input.totalFiles = [slice.splits.length];
      for (const split of slice.splits) {
        const pending: Promise<Awaited<ReturnType<EngineServices['pool']['scanChunk']>>>[] = [];
        for await (const chunk of abortable(readRecordChunks(split, spec.inputFormat), this.signal)) {
          input.bytes[0]! += chunk.bytes.byteLength;
          pending.push(this.services.pool.scanChunk(chunk, spec.inputFormat, spec.signature, ops));
          // Keep a few chunks in flight so both pool threads stay busy while the file streams.
          if (pending.length >= 4) yield this.parsed(await pending.shift()!, input);
        }
        while (pending.length) yield this.parsed(await pending.shift()!, input);
        input.files[0]!++;
      }
    } else if (slice.type === 'table') {
      input.files = [0];
      input.totalFiles = [slice.segments.length];
      for (const s of slice.segments) {
        this.checkCanceled();
        if (!s.path) continue;
        const file = await SegmentFile.open(s.path);
        const frame = file.readColumns(stage.input[0]!.type === 'table' ? stage.input[0]!.signature.map((c) => c.name) : []);
        const visible = keepIntervals(frame, s.intervals);
        countFrame(input, visible.numRows, s.segment.size);
        input.files[0]!++;
        yield applyOps(visible, ops);
      }
    } else if (slice.type === 'system' && spec.type === 'system') {
      const frame = await this.services.systemTable(spec.table, spec.signature);
      countFrame(input, frame.numRows, 0);
      yield applyOps(frame, ops);
    } else if (slice.type === 'stage') {
      for (const partition of slice.partitions) yield* this.partitionFrames(slice.stage, slice.upstreamWorkers, partition, input);
    }
  }

  private async *partitionFrames(stage: number, upstreamWorkers: number, partition: number, counter: ReturnType<QueryCounters['channel']>): AsyncGenerator<Frame> {
    for (let w = 0; w < upstreamWorkers; w++) {
      const path = partitionPath(this.dir, stage, w, partition);
      if (!existsSync(path)) continue;
      for await (const frame of abortable(readFrameFile(path), this.signal)) {
        countFrame(counter, frame.numRows, frame.columns.reduce((n, c) => n + columnBytes(c), 0));
        yield frame;
      }
    }
  }

  private parsed(result: Awaited<ReturnType<EngineServices['pool']['scanChunk']>>, input: ReturnType<QueryCounters['channel']>): Frame {
    input.rows[0]! += result.records - result.errors.length;
    input.frames[0]! += 1;
    for (const e of result.errors) this.parseErrors.report(this.order.stage.stageNumber, this.order.workerNumber, e);
    return result.frame;
  }

  private async collectResults(p: Extract<ProcessorSpec, { type: 'results' }>): Promise<void> {
    const frames: Frame[] = [];
    for await (const f of this.inputFrames([])) frames.push(f);
    const previous = this.order.stage.input[0]!;
    const signature = frames[0]?.signature ?? (previous.type === 'stage' ? this.order.inputSignature : this.order.stage.signature);
    const all = frames.length ? concatFrames(signature, frames) : emptyFrame(signature);
    const keys = p.sort.map((k) => ({ column: signature.findIndex((c) => c.name === k.column), descending: k.descending }));
    const perm = sortPermutation(all, keys);
    const end = p.limit === null ? perm.length : Math.min(perm.length, p.offset + p.limit);
    this.result.results = applyOps(gatherFrame(all, perm.subarray(Math.min(p.offset, perm.length), end)), p.ops);
  }

  private async generateSegments(p: Extract<ProcessorSpec, { type: 'segmentGenerator' }>): Promise<void> {
    const slice = this.order.slice;
    if (slice.type !== 'stage') return;
    const { stageNumber } = this.order.stage;
    const progress = (this.counters.worker(stageNumber, this.order.workerNumber).segmentGenerationProgress ??= {
      type: 'segmentGenerationProgress',
      rowsProcessed: 0,
      rowsPersisted: 0,
      rowsMerged: 0,
      rowsPushed: 0,
    });
    const input = this.counters.channel(stageNumber, this.order.workerNumber, 'input0');
    for (const partition of slice.partitions) {
      const planned = this.order.segments?.get(partition);
      if (!planned) throw new Error(`No segment allocated for partition ${partition}`);
      const frames: Frame[] = [];
      for await (const f of this.partitionFrames(slice.stage, slice.upstreamWorkers, partition, input)) {
        frames.push(f);
        progress.rowsProcessed += f.numRows;
      }
      if (frames.length === 0) continue;
      const signature = frames[0]!.signature;
      const bytes = await this.services.pool.buildSegment(frames, p.segmentSortOrder, { interval: planned.interval, dimensions: p.dimensions, metrics: p.metrics, rollup: p.rollup });
      const rows = frames.reduce((n, f) => n + f.numRows, 0);
      progress.rowsPersisted += rows;
      progress.rowsMerged += rows;
      this.checkCanceled();
      // Segments stay in the task's directory until the controller publishes; only then do they
      // move to deep storage, so a failed or cancelled task leaves nothing behind.
      const local = join(this.dir, `segment-${partition}.silt`);
      await writeFile(local, bytes);
      progress.rowsPushed += rows;
      this.result.segments.push({
        dataSource: p.dataSource,
        interval: planned.interval,
        version: planned.version,
        shardSpec: planned.shardSpec,
        loadSpec: { type: PENDING_LOAD_SPEC, path: local },
        dimensions: p.dimensions,
        metrics: p.metrics,
        signature,
        numRows: rows,
        size: bytes.byteLength,
        binaryVersion: 9,
        rollup: p.rollup,
      });
    }
  }

  private checkCanceled(): void {
    if (this.signal.aborted) throw new FaultError(fault('Canceled'));
  }
}

/** Approximate in-memory bytes of a column (what channel counters report for frames). */
function columnBytes(c: FrameColumn): number {
  return c.kind === 'numeric' ? c.values.byteLength : c.kind === 'string' ? c.ids.byteLength : c.values.length * 8;
}

/** Rows of a segment frame whose `__time` lies in one of the visible intervals. */
function keepIntervals(frame: Frame, intervals: readonly { start: number; end: number }[]): Frame {
  const t = frame.signature.findIndex((c) => c.name === '__time');
  const col = frame.columns[t];
  if (!col || col.kind !== 'numeric') return frame;
  const rows: number[] = [];
  for (let r = 0; r < frame.numRows; r++) {
    const v = col.values[r]!;
    if (intervals.some((i) => v >= i.start && v < i.end)) rows.push(r);
  }
  return rows.length === frame.numRows ? frame : gatherFrame(frame, rows);
}
