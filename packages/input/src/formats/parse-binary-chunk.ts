import { type RowSignature, invalidInput } from '@silt/common';
import type { ParseError } from '../parse-error.ts';
import type { RecordChunk } from '../record-chunk.ts';
import type { RowWriter } from '../row-writer.ts';
import { parseAvroChunk } from './avro/avro-records.ts';
import type { BinaryInputFormat } from './binary-format-spec.ts';
import { nestedRecordSink } from './nested-records.ts';
import { parseOrcChunk } from './orc/orc-records.ts';
import { parseParquetChunk } from './parquet/parquet-records.ts';
import { parseProtobufChunk } from './protobuf/protobuf-records.ts';

/**
 * Decodes a binary chunk (made by `readRecordChunks` for the same format) into `rows`; returns the
 * number of records seen.
 *
 * @throws DruidError (invalidInput) when the chunk carries no context for this format.
 */
export function parseBinaryChunk(chunk: RecordChunk, format: BinaryInputFormat, signature: RowSignature, rows: RowWriter, errors: ParseError[], discovered: Set<string> | null): number {
  const context = chunk.context;
  if (!context || context.kind !== format.type) {
    throw invalidInput(`A [${format.type}] chunk must come from readRecordChunks with the same input format; this one carries ${context ? `a [${context.kind}]` : 'no'} context`);
  }
  const sink = nestedRecordSink(chunk, format.flattenSpec, signature, rows, errors, discovered);
  switch (context.kind) {
    case 'parquet':
      return parseParquetChunk(sink, context, format as Extract<BinaryInputFormat, { type: 'parquet' }>);
    case 'orc':
      return parseOrcChunk(sink, context, format as Extract<BinaryInputFormat, { type: 'orc' }>);
    case 'avro_ocf':
      return parseAvroChunk(sink, context, format as Extract<BinaryInputFormat, { type: 'avro_ocf' }>);
    case 'protobuf':
      return parseProtobufChunk(sink, context, format as Extract<BinaryInputFormat, { type: 'protobuf' }>);
  }
}
