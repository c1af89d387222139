import type { RowSignature } from '@silt/common';
import type { FlattenSpec } from '../flatten/flatten-spec.ts';
import { RecordFlattener } from '../flatten/record-flattener.ts';
import { type ParseError, binaryParseError, excerptOf } from '../parse-error.ts';
import type { RecordChunk } from '../record-chunk.ts';
import type { RowWriter } from '../row-writer.ts';

/** What a binary format's record decoder writes into while parsing one chunk. */
export interface NestedRecordSink {
  readonly chunk: RecordChunk;
  readonly rows: RowWriter;
  readonly errors: ParseError[];
  /** Discovered field names, when discovery was asked for. */
  readonly discovered: Set<string> | null;
  readonly flattener: RecordFlattener;
}

/** A sink for the nested records of a binary chunk, flattened with `flattenSpec` (`root`/`path` only). */
export function nestedRecordSink(
  chunk: RecordChunk,
  flattenSpec: FlattenSpec | null,
  signature: RowSignature,
  rows: RowWriter,
  errors: ParseError[],
  discovered: Set<string> | null,
): NestedRecordSink {
  return { chunk, rows, errors, discovered, flattener: new RecordFlattener(flattenSpec, signature.map((c) => c.name), false) };
}

/** Flattens one decoded record (plain objects, arrays, primitives, bytes) and writes it as a row. */
export function writeNestedRecord(sink: NestedRecordSink, record: unknown, recordNumber: number): void {
  sink.flattener.read(record, undefined, sink.rows.values);
  const error = sink.rows.write({ source: sink.chunk.source, recordNumber, rowNumber: recordNumber }, () => excerptOf(record));
  if (error) sink.errors.push(error);
  if (sink.discovered) sink.flattener.discover(record, false, sink.discovered);
}

/** Records a record that could not be decoded (`raw`: what is known of it, bytes or a partial value). */
export function recordError(sink: NestedRecordSink, recordNumber: number, raw: unknown, reason: string): void {
  sink.errors.push(binaryParseError(sink.chunk.source, recordNumber, raw, reason));
}
