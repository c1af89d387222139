/**
 * Reading one column at a time from frame files, by position: an index of where each frame's
 * column blocks lie (built from the headers only), then a positional read of just the blocks
 * asked for. This lets a consumer hold one column of many frames instead of whole frames (the
 * segment generator encodes a partition column by column this way).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { RowSignature } from '@silt/common';
import type { FrameColumn } from './column.ts';
import { columnBlockLength, decodeColumnBlock, decodeFrameHeader, decodeStringBlockBytes, type StringBytesColumn } from './frame-codec.ts';

/** Where one frame of a frame file lies. */
export interface IndexedFrame {
  readonly numRows: number;
  readonly signature: RowSignature;
  /** Per column: the file offset and byte length of its block, and the column's kind. */
  readonly blocks: readonly { readonly at: number; readonly length: number; readonly kind: FrameColumn['kind'] }[];
}

/** The frames of one frame file (see frame-file.ts), located without reading their columns. */
export interface FrameFileIndex {
  readonly path: string;
  readonly frames: readonly IndexedFrame[];
}

/** Bytes read first from each frame: its header, unless the signature is longer. */
const HEADER_PROBE = 4096;
/** Bytes of a column block that say its length. */
const BLOCK_HEAD = 16;

/** Column kinds by their block's kind byte (frame-codec.ts). */
const BLOCK_KINDS: readonly FrameColumn['kind'][] = ['numeric', 'string', 'object'];

/** Indexes the frame file at `path`, reading frame headers and column block heads only. */
export function indexFrameFileSync(path: string): FrameFileIndex {
  const fd = openSync(path, 'r');
  try {
    const frames: IndexedFrame[] = [];
    const head = new Uint8Array(BLOCK_HEAD);
    const headView = new DataView(head.buffer);
    for (let at = 0; ; ) {
      if (readAtSync(fd, head, 4, at) === 0) break;
      const bodyAt = at + 4;
      const length = headView.getUint32(0, true);
      let probe = readBytes(fd, Math.min(HEADER_PROBE, length), bodyAt, path);
      const sigEnd = 16 + new DataView(probe.buffer).getUint32(12, true);
      if (sigEnd > probe.length) probe = readBytes(fd, sigEnd, bodyAt, path);
      const { numRows, signature, columnsAt } = decodeFrameHeader(probe);
      const blocks: IndexedFrame['blocks'][number][] = [];
      let blockAt = bodyAt + columnsAt;
      for (let c = 0; c < signature.length; c++) {
        if (readAtSync(fd, head, BLOCK_HEAD, blockAt) < 8) throw new Error(`Truncated frame file [${path}]`);
        const blockLength = columnBlockLength(headView, 0, numRows);
        blocks.push({ at: blockAt, length: blockLength, kind: BLOCK_KINDS[head[0]!]! });
        blockAt += blockLength;
      }
      if (blockAt > bodyAt + length) throw new Error(`Corrupt frame file [${path}]: columns overrun their frame`);
      frames.push({ numRows, signature, blocks });
      at = bodyAt + length;
    }
    return { path, frames };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads column `column` (index in the signature) of every frame of `index`, in order: one
 * positional read per frame, the arrays owning their bytes.
 */
export function readFrameFileColumnSync(index: FrameFileIndex, column: number): FrameColumn[] {
  // A fresh buffer starts 8-aligned, as the block did in its frame.
  return readColumnBlocks(index, column, (bytes, numRows) => decodeColumnBlock(bytes, 0, numRows, false));
}

/** One buffer that successive reads go into, grown when a read needs more. */
export class ReadBuffer {
  private bytes = new Uint8Array(0);

  /** The first `length` bytes of the buffer (8-aligned), valid until the next call. */
  take(length: number): Uint8Array {
    if (this.bytes.length < length) this.bytes = new Uint8Array(Math.max(length, this.bytes.length * 2));
    return this.bytes.subarray(0, length);
  }
}

/**
 * Reads STRING column `column` of the frames of `index`, in order, with its dictionary left as
 * UTF-8 (see {@link StringBytesColumn}): one positional read per frame, made when the frame is
 * iterated to, into `buffer`. A frame's column is therefore valid only until the next is asked
 * for; sharing one buffer across files, a consumer that reads a column of many runs leaves no
 * garbage per frame behind. Throws when a frame's column is not a STRING column.
 */
export function* readFrameFileStringBytesSync(index: FrameFileIndex, column: number, buffer = new ReadBuffer()): Generator<StringBytesColumn> {
  const fd = openSync(index.path, 'r');
  try {
    for (const f of index.frames) yield decodeStringBlockBytes(readBlock(fd, index, f, column, buffer), 0, f.numRows);
  } finally {
    closeSync(fd);
  }
}

/** Reads column `column`'s block of every frame of `index` (one positional read each) and decodes it. */
function readColumnBlocks<T>(index: FrameFileIndex, column: number, decode: (block: Uint8Array, numRows: number) => T): T[] {
  const fd = openSync(index.path, 'r');
  try {
    return index.frames.map((f) => decode(readBlock(fd, index, f, column), f.numRows));
  } finally {
    closeSync(fd);
  }
}

/** Column `column`'s block of frame `f` of `index`, read from the open file `fd` into `buffer` or else a fresh (8-aligned) array. */
function readBlock(fd: number, index: FrameFileIndex, f: IndexedFrame, column: number, buffer?: ReadBuffer): Uint8Array {
  const block = f.blocks[column];
  if (!block) throw new Error(`Frame file [${index.path}] has no column ${column}`);
  return readBytes(fd, block.length, block.at, index.path, buffer?.take(block.length));
}

/**
 * Reads up to `length` bytes of the open file `fd` at `position` into `into`; returns how many were
 * read (fewer only at the end of the file).
 */
export function readAtSync(fd: number, into: Uint8Array, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

function readBytes(fd: number, length: number, position: number, path: string, into?: Uint8Array): Uint8Array {
  const bytes = into ?? new Uint8Array(length);
  if (readAtSync(fd, bytes, length, position) !== length) throw new Error(`Truncated frame file [${path}]`);
  return bytes;
}
