import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Granularity, type Interval, FaultError, bucketEnd, bucketStart, fault, formatInterval } from '@silt/common';
import { type Frame, FrameFileWriter, columnIndex, gatherFrame, readFrameFile, valueAt } from '@silt/frame';
import { loadKernelsSync } from '@silt/kernels';
import type { ShuffleSpec } from '../query-definition.ts';
import { type ChannelCounter, countFrame } from './counters.ts';
import { type KeyStatistics, type PartitionBoundaries, addKey, partitionOfKey } from './key-statistics.ts';

/** Path of one worker's output partition file. */
export function partitionPath(dir: string, stage: number, worker: number, partition: number): string {
  return join(dir, `stage-${stage}`, `worker-${worker}`, `part-${partition}.frames`);
}

/** Writes frames to per-partition files, counting what it writes in the `shuffle` counter. */
class PartitionFiles {
  private readonly writers = new Map<number, FrameFileWriter>();
  constructor(
    private readonly dir: string,
    private readonly stage: number,
    private readonly worker: number,
    private readonly counter: ChannelCounter,
  ) {}

  async write(partition: number, frame: Frame): Promise<void> {
    if (frame.numRows === 0) return;
    let w = this.writers.get(partition);
    if (!w) {
      const path = partitionPath(this.dir, this.stage, this.worker, partition);
      await mkdir(join(path, '..'), { recursive: true });
      w = await FrameFileWriter.create(path);
      this.writers.set(partition, w);
    }
    const before = w.bytes;
    await w.write(frame);
    countFrame(this.counter, frame.numRows, w.bytes - before);
  }

  async close(): Promise<void> {
    for (const w of this.writers.values()) await w.close();
  }
}

/** Where a stage's output frames go. `finish` ends the reading phase. */
export interface ShuffleSink {
  add(frame: Frame): Promise<void>;
  /** Ends input; returns key statistics when the shuffle needs boundaries. */
  finish(): Promise<KeyStatistics | null>;
  /** Writes the output partitions once boundaries are known (global sort only). */
  writePartitions(boundaries: PartitionBoundaries): Promise<void>;
}

/** Context a sink needs. */
export interface SinkContext {
  readonly dir: string;
  readonly stage: number;
  readonly worker: number;
  readonly shuffleCounter: ChannelCounter;
}

/** The sink for a stage's shuffle spec. */
export function createShuffleSink(spec: ShuffleSpec, ctx: SinkContext): ShuffleSink {
  const files = new PartitionFiles(ctx.dir, ctx.stage, ctx.worker, ctx.shuffleCounter);
  switch (spec.type) {
    case 'mix':
      return {
        add: (frame) => files.write(0, frame),
        finish: async () => (await files.close(), null),
        writePartitions: async () => {},
      };
    case 'hash':
      return new HashSink(spec.columns, spec.partitions, files);
    case 'targetSize':
      return new GlobalSortSink(spec, ctx, files);
  }
}

const encoder = new TextEncoder();

/** Hash-partitions rows on key columns with the murmur3 WASM kernel. */
class HashSink implements ShuffleSink {
  constructor(
    private readonly columns: readonly string[],
    private readonly partitions: number,
    private readonly files: PartitionFiles,
  ) {}

  async add(frame: Frame): Promise<void> {
    if (frame.numRows === 0) return;
    if (this.partitions === 1) return this.files.write(0, frame);
    const keyCols = this.columns.map((name) => frame.columns[columnIndex(frame, name)]!);
    const parts: Uint8Array[] = [];
    const offsets = new Int32Array(frame.numRows + 1);
    let total = 0;
    for (let r = 0; r < frame.numRows; r++) {
      const bytes = encoder.encode(JSON.stringify(keyCols.map((c) => valueAt(c, r))));
      parts.push(bytes);
      total += bytes.length;
      offsets[r + 1] = total;
    }
    const all = new Uint8Array(total);
    parts.forEach((p, r) => all.set(p, offsets[r]!));
    const buckets = loadKernelsSync().hashBuckets(all, offsets, this.partitions);
    const byPartition: number[][] = Array.from({ length: this.partitions }, () => []);
    for (let r = 0; r < frame.numRows; r++) byPartition[buckets[r]!]!.push(r);
    for (let p = 0; p < this.partitions; p++) if (byPartition[p]!.length) await this.files.write(p, gatherFrame(frame, byPartition[p]!));
  }

  async finish(): Promise<KeyStatistics | null> {
    await this.files.close();
    return null;
  }

  async writePartitions(): Promise<void> {}
}

/**
 * Global sort by time chunk then CLUSTERED BY (Druid's targetSize shuffle): while reading, frames
 * spill to one file and key statistics are gathered; rows with a null `__time` or outside the
 * REPLACE bounds fail the query here. Once the controller sends boundaries, the spill is re-read
 * and split into partition files.
 */
class GlobalSortSink implements ShuffleSink {
  private readonly stats: KeyStatistics = new Map();
  private spill: FrameFileWriter | null = null;
  private readonly spillPath: string;

  constructor(
    private readonly spec: Extract<ShuffleSpec, { type: 'targetSize' }>,
    ctx: SinkContext,
    private readonly files: PartitionFiles,
    private readonly worker = ctx.worker,
  ) {
    this.spillPath = join(ctx.dir, `stage-${ctx.stage}`, `worker-${ctx.worker}`, 'spill.frames');
  }

  async add(frame: Frame): Promise<void> {
    if (frame.numRows === 0) return;
    const buckets = bucketsOf(frame, this.spec.segmentGranularity, this.spec.replaceIntervals);
    const keyCols = this.spec.clusterBy.map((name) => frame.columns[columnIndex(frame, name)]!);
    for (let r = 0; r < frame.numRows; r++) {
      addKey(this.stats, buckets[r]!, keyCols.length ? keyCols.map((c) => valueAt(c, r)) : null);
    }
    if (!this.spill) {
      await mkdir(join(this.spillPath, '..'), { recursive: true });
      this.spill = await FrameFileWriter.create(this.spillPath);
    }
    await this.spill.write(frame);
  }

  async finish(): Promise<KeyStatistics> {
    await this.spill?.close();
    return this.stats;
  }

  async writePartitions(boundaries: PartitionBoundaries): Promise<void> {
    if (!this.spill) return this.files.close();
    const byBucket = new Map(boundaries.buckets.map((b) => [b.bucket, b]));
    const seen = new Map<number, number>();
    for await (const frame of readFrameFile(this.spillPath)) {
      const buckets = bucketsOf(frame, this.spec.segmentGranularity, null);
      const keyCols = this.spec.clusterBy.map((name) => frame.columns[columnIndex(frame, name)]!);
      const rowsByPartition = new Map<number, number[]>();
      for (let r = 0; r < frame.numRows; r++) {
        const b = byBucket.get(buckets[r]!)!;
        let p: number;
        if (b.keyBoundaries) {
          p = b.firstPartition + partitionOfKey(b.keyBoundaries, keyCols.map((c) => valueAt(c, r)));
        } else {
          const n = seen.get(b.bucket) ?? 0;
          seen.set(b.bucket, n + 1);
          const perPartition = Math.ceil(b.rows / b.numPartitions);
          p = b.firstPartition + Math.min(b.numPartitions - 1, Math.floor((b.workerOffsets[this.worker]! + n) / perPartition));
        }
        let list = rowsByPartition.get(p);
        if (!list) rowsByPartition.set(p, (list = []));
        list.push(r);
      }
      for (const [p, rows] of [...rowsByPartition].sort((a, b) => a[0] - b[0])) await this.files.write(p, gatherFrame(frame, rows));
    }
    await this.files.close();
  }
}

/** Time bucket of every row; raises InsertTimeNull / InsertTimeOutOfBounds as Druid does. */
function bucketsOf(frame: Frame, granularity: Granularity, bounds: readonly Interval[] | null): Float64Array {
  const t = columnIndex(frame, '__time');
  const out = new Float64Array(frame.numRows);
  const col = t >= 0 ? frame.columns[t]! : null;
  for (let r = 0; r < frame.numRows; r++) {
    if (!col) {
      out[r] = bucketStart(granularity, 0);
      continue;
    }
    const v = valueAt(col, r);
    if (v === null || typeof v !== 'number') throw new FaultError(fault('InsertTimeNull'));
    if (bounds && !bounds.some((b) => v >= b.start && v < b.end)) {
      const chunk = bucketStart(granularity, v);
      throw new FaultError(
        fault('InsertTimeOutOfBounds', { interval: formatInterval({ start: chunk, end: bucketEnd(granularity, chunk) }), intervalBounds: bounds.map(formatInterval).join(',') }),
      );
    }
    out[r] = bucketStart(granularity, v);
  }
  return out;
}
