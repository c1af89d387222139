import type { RowSignature } from '@silt/common';
import { frameToRows } from '@silt/frame';
import { type InputSplit, type ListSplitsContext, type ParseError, effectiveInputFormat, listSplits, parseRecordChunk, readRecordChunks } from '../../src/index.ts';

/** Rows (arrays in signature order) and parse errors read from splits, the way the engine reads them. */
export interface SplitRows {
  readonly rows: unknown[][];
  readonly errors: ParseError[];
  /** Bytes of all chunks, as the engine counts them. */
  readonly chunkBytes: number;
}

/** Reads splits in one thread: per split, the effective input format, chunking, then parsing. */
export async function readSplits(splits: readonly InputSplit[], inputFormat: Record<string, unknown> | undefined, signature: RowSignature): Promise<SplitRows> {
  const rows: unknown[][] = [];
  const errors: ParseError[] = [];
  let chunkBytes = 0;
  for (const split of splits) {
    const format = effectiveInputFormat(split.inputSource, inputFormat);
    for await (const chunk of readRecordChunks(split, format, 64 * 1024)) {
      chunkBytes += chunk.bytes.byteLength;
      const parsed = parseRecordChunk(structuredClone(chunk), structuredClone(format), signature);
      rows.push(...frameToRows(parsed.frame));
      errors.push(...parsed.errors);
    }
  }
  return { rows, errors, chunkBytes };
}

/** Lists an input source and reads every split. */
export async function readSource(
  inputSource: Record<string, unknown>,
  inputFormat: Record<string, unknown> | undefined,
  signature: RowSignature,
  context?: ListSplitsContext,
): Promise<SplitRows> {
  return readSplits(await listSplits(inputSource, context), inputFormat, signature);
}
