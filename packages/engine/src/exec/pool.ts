import { availableParallelism } from 'node:os';
import type { RowSignature } from '@silt/common';
import { type Frame, decodeFrame, encodeFrame } from '@silt/frame';
import type { ParseError, RecordChunk } from '@silt/input';
import { Piscina } from 'piscina';
import type { FrameOp } from '../query-definition.ts';
import type { PoolTask, ScanChunkResult, SegmentBuildResult } from './pool-worker.ts';

/** Where the pool's worker script lives: always the built copy (piscina threads run plain JS). */
const WORKER = new URL('../../dist/exec/pool-worker.js', import.meta.url).href;

/**
 * The processing pool: Piscina threads that do the CPU work (parsing input chunks, evaluating
 * filters and projections, building segments). Data crosses as encoded frames (typed arrays).
 */
export class ProcessingPool {
  private readonly piscina: Piscina;

  constructor(threads = Math.max(1, availableParallelism())) {
    this.piscina = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  }

  /** Parses a chunk of whole records and applies `ops`; returns the frame and the chunk's parse errors. */
  async scanChunk(chunk: RecordChunk, inputFormat: Readonly<Record<string, unknown>>, signature: RowSignature, ops: readonly FrameOp[]): Promise<{ frame: Frame; errors: readonly ParseError[]; records: number }> {
    const task: PoolTask = { kind: 'scanChunk', chunk, inputFormat, signature, ops };
    const result = (await this.piscina.run(task)) as ScanChunkResult;
    return { frame: decodeFrame(result.frame), errors: result.errors, records: result.records };
  }

  /** Sorts the rows of `frames` by `sortColumns` and encodes them as one segment file's bytes. */
  async buildSegment(frames: readonly Frame[], sortColumns: readonly string[], meta: SegmentBuildResult['meta']): Promise<Uint8Array> {
    const task: PoolTask = { kind: 'buildSegment', frames: frames.map(encodeFrame), sortColumns, meta };
    const result = (await this.piscina.run(task)) as SegmentBuildResult;
    return result.bytes;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
