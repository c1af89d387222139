import type { AvroChunkContext } from './avro/avro-chunks.ts';
import type { OrcChunkContext } from './orc/orc-chunks.ts';
import type { ParquetChunkContext } from './parquet/parquet-chunks.ts';
import type { ProtobufChunkContext } from './protobuf/protobuf-chunks.ts';

export type { AvroChunkContext, OrcChunkContext, ParquetChunkContext, ProtobufChunkContext };

/**
 * What a worker needs, beside a chunk's bytes, to decode a chunk of a binary format on its own
 * (file metadata, schema, codec…). Plain data: structured-clone-able.
 */
export type ChunkContext = ParquetChunkContext | OrcChunkContext | AvroChunkContext | ProtobufChunkContext;
