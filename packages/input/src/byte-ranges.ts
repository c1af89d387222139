import { compressionOf } from './compression.ts';
import { resolveInputFormat } from './input-format-spec.ts';
import type { InputSplit } from './input-split.ts';
import { LocalFileReader } from './local-file-reader.ts';

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
 * The bytes of one byte range of a file: the records that start in [start, end) (see LocalFileReader),
 * as `splitBytes` gives them. (`readRecordChunks`, which cuts every ranged split, reads ranges with a
 * LocalFileReader straight into its chunks.)
 */
export async function* fileRangeBytes(file: string, range: { readonly start: number; readonly end: number }): AsyncIterable<Uint8Array> {
  const reader = await LocalFileReader.open(file, range);
  try {
    for (;;) {
      const piece = new Uint8Array(FILE_READ_BYTES);
      const n = await reader.read(piece, 0, piece.length);
      if (n === 0) return;
      yield piece.subarray(0, n);
    }
  } finally {
    await reader.close();
  }
}
