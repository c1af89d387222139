/**
 * Entry point of the processing pool's threads (loaded by Piscina from dist/). One function,
 * dispatching on the task's `kind`. Must stay free of main-thread state.
 */
import type { Interval, RowSignature } from '@silt/common';
import { type Frame, concatFrames, decodeFrame, encodeFrame, gatherFrame, sortPermutation } from '@silt/frame';
import { type ParseError, type RecordChunk, parseRecordChunk } from '@silt/input';
import { encodeSegment } from '@silt/segment';
import type { FrameOp } from '../query-definition.ts';
import { applyOps } from './frame-ops.ts';

export type PoolTask =
  | { kind: 'scanChunk'; chunk: RecordChunk; inputFormat: Readonly<Record<string, unknown>>; signature: RowSignature; ops: readonly FrameOp[] }
  | { kind: 'buildSegment'; frames: Uint8Array[]; sortColumns: readonly string[]; meta: SegmentBuildResult['meta'] };

export interface ScanChunkResult {
  readonly frame: Uint8Array;
  readonly errors: readonly ParseError[];
  readonly records: number;
}

export interface SegmentBuildResult {
  readonly bytes: Uint8Array;
  readonly meta: { readonly interval: Interval; readonly dimensions: readonly string[]; readonly metrics: readonly string[]; readonly rollup: boolean };
}

export default function run(task: PoolTask): ScanChunkResult | SegmentBuildResult {
  if (task.kind === 'scanChunk') {
    const parsed = parseRecordChunk(task.chunk, task.inputFormat, task.signature);
    const frame = applyOps(parsed.frame, task.ops);
    return { frame: encodeFrame(frame), errors: parsed.errors, records: parsed.records };
  }
  const frames = task.frames.map(decodeFrame);
  const signature = frames[0]!.signature;
  const all: Frame = concatFrames(signature, frames);
  const keys = task.sortColumns.map((name) => ({ column: signature.findIndex((c) => c.name === name) })).filter((k) => k.column >= 0);
  const sorted = gatherFrame(all, sortPermutation(all, keys));
  return { bytes: encodeSegment([sorted], task.meta), meta: task.meta };
}
