import { createReadStream } from 'node:fs';
import { compressionOf } from './compression.ts';
import { cannotReadInput } from './input-faults.ts';
import { resolveInputFormat } from './input-format-spec.ts';
import type { InputSplit } from './input-split.ts';

const NEWLINE = 0x0a;

/** Read size for local files: large reads keep the number of async round trips per chunk small. */
export const FILE_READ_BYTES = 1 << 20;

/** Smallest piece worth its own worker. */
const MIN_RANGE_BYTES = 8 << 20;

/**
 * Cuts a large local, uncompressed file of newline-delimited records (json, tsv, regex) into up to
 * `parts` splits by byte range, so several workers can read one file (Druid never splits a file;
 * Silt can). Each range owns the records that start inside it. Other splits come back whole.
 */
export function byteRangeSplits(split: InputSplit, parts: number, inputFormat: Readonly<Record<string, unknown>> | null | undefined): InputSplit[] {
  if (parts < 2 || split.byteRange || split.inputSource.type !== 'local' || compressionOf(split.source) !== null) return [split];
  const format = inputFormat ? resolveInputFormat(inputFormat) : null;
  // CSV may quote newlines, and headers belong to the first range only: keep those files whole.
  const lineDelimited = format && (format.type === 'json' || format.type === 'regex' || (format.type === 'tsv' && !format.findColumnsFromHeader && format.skipHeaderRows === 0));
  if (!lineDelimited) return [split];
  const n = Math.min(parts, Math.floor(split.size / MIN_RANGE_BYTES));
  if (n < 2) return [split];
  const step = Math.ceil(split.size / n);
  return Array.from({ length: n }, (_, i) => {
    const start = i * step;
    const end = Math.min(split.size, (i + 1) * step);
    return { ...split, size: end - start, byteRange: { start, end } };
  });
}

/**
 * The bytes of one byte range of a file: the records that start in [start, end). Reading begins one
 * byte early to see whether `start` begins a record, skips the partial record otherwise, and goes on
 * past `end` to the newline that ends the last record.
 */
export async function* fileRangeBytes(file: string, range: { readonly start: number; readonly end: number }): AsyncIterable<Uint8Array> {
  const { start, end } = range;
  let pos = start > 0 ? start - 1 : 0; // file position of the current piece's first byte
  let emitting = start === 0;
  try {
    for await (const raw of createReadStream(file, { start: pos, highWaterMark: FILE_READ_BYTES })) {
      const piece = raw as Buffer;
      let off = 0;
      if (!emitting) {
        const nl = piece.indexOf(NEWLINE);
        if (nl < 0) {
          pos += piece.length;
          continue;
        }
        off = nl + 1;
        emitting = true;
        if (pos + off >= end) return; // the first record starting here belongs to the next range
      }
      const from = Math.max(off, end - 1 - pos);
      if (from < piece.length) {
        const nl = piece.indexOf(NEWLINE, from);
        if (nl >= 0) {
          yield piece.subarray(off, nl + 1);
          return;
        }
      }
      yield piece.subarray(off);
      pos += piece.length;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw cannotReadInput(`Input file [${file}] does not exist`);
    throw cannotReadInput(`Cannot read input file [${file}]: ${(error as Error).message}`);
  }
}
