import type { RowSignature } from '@silt/common';
import type { Frame } from '@silt/frame';
import { columnWriter } from './column-writer.ts';
import { parseDelimitedRecords } from './delimited-records.ts';
import { resolveInputFormat } from './input-format-spec.ts';
import { parseJsonRecords } from './json-records.ts';
import type { ParseError } from './parse-error.ts';
import type { RecordChunk } from './record-chunk.ts';

/** The rows parsed from one chunk. */
export interface ParsedChunk {
  /** The good records, with exactly the signature's columns. */
  readonly frame: Frame;
  /** One entry per bad record, in record order. */
  readonly errors: readonly ParseError[];
  /** Records seen, bad ones included (`frame.numRows + errors.length`). */
  readonly records: number;
}

// Stateless between calls (no `stream` option), so one decoder serves every chunk. A byte-order mark
// is stripped once per file by the chunker, so here it is kept as a character.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Parses a chunk of whole records into a columnar frame of exactly `signature`'s columns, coercing
 * values to the column types; records that cannot be parsed become {@link ParseError}s. Synchronous
 * and pure, with structured-clone-able arguments: meant to run in a worker thread.
 *
 * @throws DruidError (invalidInput) for an invalid input format.
 * @example
 * const { frame, errors } = parseRecordChunk(chunk, { type: 'json' }, [
 *   { name: 'time', type: 'STRING' },
 *   { name: 'added', type: 'LONG' },
 * ]);
 */
export function parseRecordChunk(chunk: RecordChunk, inputFormat: Readonly<Record<string, unknown>>, signature: RowSignature): ParsedChunk {
  const format = resolveInputFormat(inputFormat);
  const writers = signature.map((c) => columnWriter(c.type));
  const errors: ParseError[] = [];
  const text = decoder.decode(chunk.bytes);
  const records =
    format.type === 'json'
      ? parseJsonRecords(text, signature, writers, chunk, errors)
      : parseDelimitedRecords(text, format, chunk.columns ?? format.columns, signature, writers, chunk, errors);
  return { frame: { signature, numRows: records - errors.length, columns: writers.map((w) => w.build()) }, errors, records };
}
