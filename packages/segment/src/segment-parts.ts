/**
 * A segment file built from parts, so that its columns can be encoded by several threads at once:
 * each part file holds the blocks of some columns (offsets from the part's start), and assembling
 * writes the header, then the parts one after another, shifting their offsets.
 */
import { closeSync, ftruncateSync, openSync, readSync, rmSync } from 'node:fs';
import { type RowSignature, invalidInput } from '@silt/common';
import type { Frame } from '@silt/frame';
import { align } from './byte-buffer.ts';
import type { RowOrder } from './column-encoders.ts';
import { encodeHeader, headerLength, type SegmentColumnInfo } from './segment-format.ts';
import { type ColumnSource, countRows, toColumnSource } from './column-source.ts';
import { checkSegmentSignature, layoutColumns, segmentHeader } from './segment-layout.ts';
import { type SegmentMeta, writeAllSync, writeFileAtomicallySync } from './segment-writer.ts';

/** Some columns of a segment, encoded to a file of their own. */
export interface SegmentPart {
  readonly path: string;
  /** The columns, with block offsets counted from the part's start. */
  readonly columns: readonly SegmentColumnInfo[];
  readonly size: number;
  readonly numRows: number;
}

/**
 * Encodes the `columns` (names) of `rows` (frames, or a source read column by column), in that
 * order, rows taken in `order` (null: as concatenated; see `encodeSegmentSorted` and `RowOrder`),
 * into the part file at `path`. The rows may hold other columns too. The next name is asked for
 * only once the column before is written (parts of one segment may claim their columns as they
 * go; see the engine's `buildSegmentPart`).
 */
export function writeSegmentPartSync(path: string, rows: readonly Frame[] | ColumnSource, order: RowOrder, columns: Iterable<string>): SegmentPart {
  const source = toColumnSource(rows);
  const { signature } = source;
  const numRows = countRows(source);
  function* indexes(): Generator<number> {
    for (const name of columns) {
      const i = signature.findIndex((c) => c.name === name);
      if (i < 0) throw invalidInput(`Segment column [${name}] is not in the frames' signature`);
      yield i;
    }
  }
  const fd = openSync(path, 'w');
  let written = false;
  try {
    const { columns: infos, end } = layoutColumns(source, indexes(), order, 0, ({ bytes }, offset) => writeAllSync(fd, bytes, offset));
    // Pad to the 8-aligned end, so parts concatenate at aligned offsets.
    ftruncateSync(fd, end);
    written = true;
    return { path, columns: infos, size: end, numRows };
  } finally {
    closeSync(fd);
    // A column not in the signature is found only once asked for, the file begun: none is left.
    if (!written) rmSync(path, { force: true });
  }
}

/**
 * Joins `parts` into the segment file at `path`: the header (columns in `signature` order), then
 * each part's blocks. Every column of `signature` must be in exactly one part. Written to a
 * temporary file renamed into place; the part files are removed. Returns the file size.
 */
export function assembleSegmentFileSync(path: string, parts: readonly SegmentPart[], signature: RowSignature, meta: SegmentMeta): { size: number; numRows: number } {
  checkSegmentSignature(signature, meta);
  const numRows = parts[0]?.numRows ?? 0;
  if (parts.some((p) => p.numRows !== numRows)) throw invalidInput('Segment parts hold different row counts');
  const byName = new Map(parts.flatMap((p) => p.columns.map((c) => [c.name, { part: p, column: c }] as const)));
  if (byName.size !== signature.length || signature.some((c) => !byName.has(c.name))) throw invalidInput('Segment parts do not hold the signature exactly');

  // Offsets only change values, not the header's length.
  const unplaced = signature.map((c) => byName.get(c.name)!.column);
  let at = align(headerLength(segmentHeader(numRows, meta, unplaced)), 8);
  const bases = new Map<SegmentPart, number>();
  for (const p of parts) {
    bases.set(p, at);
    at = align(at + p.size, 8);
  }
  const columns = signature.map((c) => {
    const { part, column } = byName.get(c.name)!;
    const base = bases.get(part)!;
    return { ...column, blocks: column.blocks.map((b) => ({ ...b, offset: b.offset + base })) };
  });

  writeFileAtomicallySync(path, (fd) => {
    writeAllSync(fd, encodeHeader(segmentHeader(numRows, meta, columns)), 0);
    for (const p of parts) copyInto(fd, p.path, bases.get(p)!, p.size);
    ftruncateSync(fd, at);
  });
  for (const p of parts) rmSync(p.path, { force: true });
  return { size: at, numRows };
}

const COPY_CHUNK = 4 << 20;

/** Copies the `size` bytes of file `from` into `fd` at `position`. */
function copyInto(fd: number, from: string, position: number, size: number): void {
  const source = openSync(from, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(1, size)));
    for (let done = 0; done < size; ) {
      const n = readSync(source, buffer, 0, Math.min(buffer.length, size - done), done);
      if (n === 0) throw new Error(`Segment part [${from}] is shorter than ${size} bytes`);
      writeAllSync(fd, buffer.subarray(0, n), position + done);
      done += n;
    }
  } finally {
    closeSync(source);
  }
}
