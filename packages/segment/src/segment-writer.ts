import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import { type Interval, invalidInput } from '@silt/common';
import type { Frame } from '@silt/frame';
import { align } from './byte-buffer.ts';
import { encodeColumn } from './column-encoders.ts';
import { encodeHeader, headerLength, type SegmentBlock, type SegmentColumnInfo, type SegmentHeader } from './segment-format.ts';

/** What a segment records besides its rows. */
export interface SegmentMeta {
  /** The segment's time chunk. */
  readonly interval: Interval;
  /** Dimension column names, in segment order. */
  readonly dimensions: readonly string[];
  /** Metric column names. */
  readonly metrics: readonly string[];
  /** Whether rollup was applied when the rows were produced. */
  readonly rollup: boolean;
}

/** Blocks smaller than this are stored as they are: deflate cannot win much on them. */
const MIN_DEFLATE = 64;

/**
 * Encodes frames into a segment file's bytes (format in segment-format.ts). Pure and synchronous,
 * so it runs in worker threads. The frames must share one signature whose first column is
 * `__time` LONG, and be in the segment's sort order already (this function does not sort).
 * Throws `invalidInput` when those conditions or the dimension/metric names do not hold.
 *
 * @example
 * ```ts
 * const bytes = encodeSegment([frame], { interval, dimensions: ['page'], metrics: ['added'], rollup: false });
 * const segment = decodeSegment(bytes);
 * ```
 */
export function encodeSegment(frames: readonly Frame[], meta: SegmentMeta): Uint8Array {
  const first = frames[0];
  if (!first) throw invalidInput('A segment needs at least one frame');
  const signature = first.signature;
  if (signature[0]?.name !== '__time' || signature[0].type !== 'LONG') {
    throw invalidInput('The first column of a segment must be __time of type LONG');
  }
  const sigText = JSON.stringify(signature.map((c) => [c.name, c.type]));
  for (const f of frames) {
    if (JSON.stringify(f.signature.map((c) => [c.name, c.type])) !== sigText) {
      throw invalidInput('All frames of a segment must have the same signature');
    }
  }
  const names = new Set(signature.map((c) => c.name));
  for (const name of [...meta.dimensions, ...meta.metrics]) {
    if (!names.has(name)) throw invalidInput(`Segment column [${name}] is not in the frames' signature`);
  }
  const numRows = frames.reduce((n, f) => n + f.numRows, 0);
  if (numRows > 0x7fffffff) throw invalidInput(`Too many rows for one segment: ${numRows}`);

  const encoded = signature.map((c, i) =>
    encodeColumn(
      c.type,
      frames.map((f) => ({ column: f.columns[i]!, numRows: f.numRows })),
      numRows,
    ),
  );
  const stored = encoded.map((c) => c.blocks.map(compressBlock));

  // Lay out: header, then every block 8-aligned in column order.
  const provisional = (offsetOf: (c: number, b: number) => number): SegmentHeader => ({
    numRows,
    interval: meta.interval,
    rollup: meta.rollup,
    dimensions: meta.dimensions,
    metrics: meta.metrics,
    columns: signature.map((sig, c): SegmentColumnInfo => {
      const enc = encoded[c]!;
      return {
        name: sig.name,
        type: sig.type,
        encoding: enc.encoding,
        hasNulls: enc.hasNulls,
        min: enc.min,
        max: enc.max,
        blocks: stored[c]!.map(
          (s, b): SegmentBlock => ({
            codec: s.deflated ? 'deflate' : 'stored',
            offset: offsetOf(c, b),
            storedLength: s.bytes.length,
            rawLength: enc.blocks[b]!.length,
          }),
        ),
      };
    }),
  });
  const offsets: number[][] = [];
  let at = align(headerLength(provisional(() => 0)), 8);
  for (const blocks of stored) {
    offsets.push(
      blocks.map((s) => {
        const offset = at;
        at = align(at + s.bytes.length, 8);
        return offset;
      }),
    );
  }
  const header = encodeHeader(provisional((c, b) => offsets[c]![b]!));
  const out = new Uint8Array(at);
  out.set(header, 0);
  stored.forEach((blocks, c) => blocks.forEach((s, b) => out.set(s.bytes, offsets[c]![b]!)));
  return out;
}

function compressBlock(raw: Uint8Array): { bytes: Uint8Array; deflated: boolean } {
  if (raw.length < MIN_DEFLATE) return { bytes: raw, deflated: false };
  const deflated = deflateRawSync(raw, { level: 1 });
  return deflated.length < raw.length ? { bytes: deflated, deflated: true } : { bytes: raw, deflated: false };
}

/**
 * Encodes frames (see {@link encodeSegment}) and writes the segment file at `path`, atomically
 * (a temporary file renamed into place). Returns the file size and row count.
 */
export async function writeSegmentFile(path: string, frames: readonly Frame[], meta: SegmentMeta): Promise<{ size: number; numRows: number }> {
  const bytes = encodeSegment(frames, meta);
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { size: bytes.length, numRows: frames.reduce((n, f) => n + f.numRows, 0) };
}
