export * from './input-split.ts';
export * from './list-splits.ts';
export * from './record-chunk.ts';
export { ChunkBuffers, ownsBuffer } from './chunk-buffers.ts';
export * from './parse-record-chunk.ts';
export * from './parse-error.ts';
export { type PartialRowError, type PartialRowOptions, partialRowMessage } from './partial-rows.ts';
export * from './input-source-spec.ts';
export * from './input-format-spec.ts';
export { wildcardMatcher } from './wildcard.ts';
export { effectiveInputFormat, SQL_ROWS_INPUT_FORMAT } from './effective-input-format.ts';
export { type DruidSegmentDescriptor, type DruidSegmentResolver, type DruidSegmentSplit, isDruidSplit } from './druid-input-source.ts';
export { type CompressionFormat, compressionOf, decompress } from './compression.ts';
export { globMatcher } from './glob-matcher.ts';
export { DEFAULT_MAX_NUM_FILES, DEFAULT_MAX_SPLIT_SIZE, groupSplits, humanReadableBytes } from './split-hint-spec.ts';
export {
  assignSplitsToWorkers,
  DEFAULT_MAX_INPUT_BYTES_PER_WORKER,
  MAX_INPUT_FILES_PER_WORKER,
  type WorkerAssignmentOptions,
} from './worker-assignment.ts';
export type { FlattenField, FlattenFieldType, FlattenSpec } from './flatten/flatten-spec.ts';
export type { JsonFeature } from './json/json-features.ts';
export type { AvroOcfInputFormat, OrcInputFormat, ParquetInputFormat, ProtoBytesDecoder, ProtobufInputFormat } from './formats/binary-format-spec.ts';
export { isBinaryFormat } from './formats/binary-format-spec.ts';
export type { AvroChunkContext, ChunkContext, OrcChunkContext, ParquetChunkContext, ProtobufChunkContext } from './formats/chunk-context.ts';
export { byteRangeSplits } from './byte-ranges.ts';
