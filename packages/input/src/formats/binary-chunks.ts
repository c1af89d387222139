import type { InputSplit } from '../input-split.ts';
import type { RecordChunk } from '../record-chunk.ts';
import { avroChunks } from './avro/avro-chunks.ts';
import type { BinaryInputFormat } from './binary-format-spec.ts';
import { orcChunks } from './orc/orc-chunks.ts';
import { parquetChunks } from './parquet/parquet-chunks.ts';
import { protobufChunks } from './protobuf/protobuf-chunks.ts';

/**
 * Streams a split of a binary format as chunks cut along the format's own structure (Parquet row
 * groups, ORC stripes, Avro blocks, one Protobuf message per file), each with the `context` a worker
 * needs to decode it alone. `firstRecord` is the 1-based index in the file of the chunk's first record.
 *
 * @throws FaultError (CannotParseExternalData) when the split cannot be read or is not of the format.
 */
export function readBinaryChunks(split: InputSplit, format: BinaryInputFormat, targetBytes: number): AsyncIterable<RecordChunk> {
  switch (format.type) {
    case 'parquet':
      return parquetChunks(split, targetBytes);
    case 'orc':
      return orcChunks(split, targetBytes);
    case 'avro_ocf':
      return avroChunks(split, targetBytes);
    case 'protobuf':
      return protobufChunks(split, format);
  }
}
