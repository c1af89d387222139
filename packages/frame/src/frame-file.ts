/**
 * Frame files: a sequence of encoded frames, each preceded by its u32 LE byte length. Used for
 * shuffle partitions and sort spills. Written append-only, read sequentially, deleted by the owner.
 */
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type FileHandle, open } from 'node:fs/promises';
import { decodeFrame, encodeFrame } from './frame-codec.ts';
import type { Frame } from './frame.ts';

/** Appends frames to a file. Call `close()` once; counts rows, bytes and frames written. */
export class FrameFileWriter {
  rows = 0;
  bytes = 0;
  frames = 0;
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<FrameFileWriter> {
    return new FrameFileWriter(path, await open(path, 'w'));
  }

  async write(frame: Frame): Promise<void> {
    if (frame.numRows === 0) return;
    const body = encodeFrame(frame);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(body.byteLength, 0);
    await this.handle.writev([len, body]);
    this.rows += frame.numRows;
    this.bytes += body.byteLength + 4;
    this.frames++;
  }

  private closed = false;

  /** Closes the file; later calls do nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

/** Reads the frames of a frame file in order, streaming (one frame in memory at a time). */
export async function* readFrameFile(path: string): AsyncGenerator<Frame> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    let at = 0;
    while (pending.length - at >= 4) {
      const len = pending.readUInt32LE(at);
      if (pending.length - at - 4 < len) break;
      const body = new Uint8Array(len);
      body.set(pending.subarray(at + 4, at + 4 + len));
      yield decodeFrame(body);
      at += 4 + len;
    }
    pending = pending.subarray(at);
  }
  if (pending.length > 0) throw new Error(`Truncated frame file [${path}]`);
}

/**
 * Writes encoded frames as a new frame file in one call (a pool task writes each of its output
 * files once). Creates the parent directory. Returns the bytes written.
 */
export function writeFrameFileSync(path: string, encodedFrames: readonly Uint8Array[]): number {
  mkdirSync(dirname(path), { recursive: true });
  const parts: Uint8Array[] = [];
  for (const body of encodedFrames) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(body.byteLength, 0);
    parts.push(len, body);
  }
  const bytes = Buffer.concat(parts);
  writeFileSync(path, bytes);
  return bytes.byteLength;
}

/** Reads every frame of a (small) frame file at once: all columns, or those named in `columns`. */
export function readFrameFileSync(path: string, columns?: ReadonlySet<string>): Frame[] {
  return readEncodedFramesSync(path).map((body) => decodeFrame(body, columns));
}

/** The encoded frames of a (small) frame file, each in an 8-aligned buffer of its own (see `decodeFrame`). */
export function readEncodedFramesSync(path: string): Uint8Array[] {
  const buf = readFileSync(path);
  const bodies: Uint8Array[] = [];
  for (let at = 0; at < buf.length; ) {
    const len = buf.readUInt32LE(at);
    if (at + 4 + len > buf.length) throw new Error(`Truncated frame file [${path}]`);
    const body = new Uint8Array(len);
    body.set(buf.subarray(at + 4, at + 4 + len));
    bodies.push(body);
    at += 4 + len;
  }
  return bodies;
}
