import type { RowSignature } from '@silt/common';
import { frameToRows } from '@silt/frame';
import { type ParseError, type ParseOptions, type RecordChunk, listSplits, parseRecordChunk, readRecordChunks } from '../src/index.ts';

/** Everything read from an input source: rows (as arrays in signature order), errors, chunks. */
export interface ReadResult {
  readonly rows: unknown[][];
  readonly errors: ParseError[];
  readonly records: number;
  readonly chunks: RecordChunk[];
}

/** Lists, chunks and parses a whole input source, the way the engine does, but in one thread. */
export async function readAll(
  inputSource: Record<string, unknown>,
  inputFormat: Record<string, unknown>,
  signature: RowSignature,
  targetBytes?: number,
  options?: ParseOptions,
): Promise<ReadResult> {
  const rows: unknown[][] = [];
  const errors: ParseError[] = [];
  const chunks: RecordChunk[] = [];
  let records = 0;
  for (const split of await listSplits(inputSource)) {
    for await (const chunk of readRecordChunks(split, inputFormat, targetBytes)) {
      chunks.push(chunk);
      const parsed = parseRecordChunk(structuredClone(chunk), structuredClone(inputFormat), signature, options);
      rows.push(...frameToRows(parsed.frame));
      errors.push(...parsed.errors);
      records += parsed.records;
    }
  }
  return { rows, errors, records, chunks };
}

/** The column `name` of `rows` read with `signature`. */
export function column(rows: readonly unknown[][], signature: RowSignature, name: string): unknown[] {
  const index = signature.findIndex((c) => c.name === name);
  if (index < 0) throw new Error(`no column ${name}`);
  return rows.map((r) => r[index]);
}
