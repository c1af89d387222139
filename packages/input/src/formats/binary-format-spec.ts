import { invalidInput } from '@silt/common';
import avro from 'avsc';
import { z } from 'zod';
import { type FlattenSpec, flattenSpecSchema, resolveFlattenSpec } from '../flatten/flatten-spec.ts';
import { parseSpec } from '../spec-validation.ts';

const nestedFields = {
  flattenSpec: flattenSpecSchema.nullish(),
  binaryAsString: z.boolean().nullish(),
};

const parquetSchema = z.object({ type: z.literal('parquet'), ...nestedFields });
const orcSchema = z.object({ type: z.literal('orc'), ...nestedFields });
const avroOcfSchema = z.object({ type: z.literal('avro_ocf'), ...nestedFields, schema: z.record(z.string(), z.unknown()).nullish() });
const protobufSchema = z.object({
  type: z.literal('protobuf'),
  flattenSpec: flattenSpecSchema.nullish(),
  protoBytesDecoder: z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('file'), descriptor: z.string().min(1), protoMessageType: z.string().min(1).nullish() }),
      z.object({ type: z.literal('inline'), descriptorString: z.string().min(1), protoMessageType: z.string().min(1).nullish() }),
    ],
    { error: "must be {type: 'file', descriptor, protoMessageType} or {type: 'inline', descriptorString, protoMessageType}; schema_registry decoders are not supported" },
  ),
});

/** Fields shared by the nested binary formats. */
interface NestedBinaryFormat {
  /** Path (`root`/`path`) fields over the decoded record; null reads top-level fields only. */
  readonly flattenSpec: FlattenSpec | null;
  /** Whether byte columns not marked as strings are read as UTF-8 text (otherwise as Base64 text). */
  readonly binaryAsString: boolean;
}

/** The `parquet` input format (codecs: uncompressed, snappy, gzip, zstd, brotli, lz4). */
export interface ParquetInputFormat extends NestedBinaryFormat {
  readonly type: 'parquet';
}

/** The `orc` input format (compression: none, zlib, snappy, zstd, lz4). */
export interface OrcInputFormat extends NestedBinaryFormat {
  readonly type: 'orc';
}

/** The `avro_ocf` input format: Avro object container files (codecs: null, deflate, snappy, zstandard). */
export interface AvroOcfInputFormat extends NestedBinaryFormat {
  readonly type: 'avro_ocf';
  /** Reader schema (JSON) the records are resolved to; null reads them with the file's writer schema. */
  readonly schema: Readonly<Record<string, unknown>> | null;
}

/** Where the protobuf descriptor set (a compiled `.desc` FileDescriptorSet) comes from. */
export type ProtoBytesDecoder =
  | { readonly type: 'file'; readonly descriptor: string; readonly protoMessageType: string | null }
  | { readonly type: 'inline'; readonly descriptorString: string; readonly protoMessageType: string | null };

/**
 * The `protobuf` input format for batch ingestion: every input file holds one message (Druid's
 * ProtobufReader reads each entity whole), decoded with a message type of a FileDescriptorSet.
 */
export interface ProtobufInputFormat {
  readonly type: 'protobuf';
  readonly flattenSpec: FlattenSpec | null;
  readonly protoBytesDecoder: ProtoBytesDecoder;
}

/** An input format whose files are binary and chunked by their own structure. */
export type BinaryInputFormat = ParquetInputFormat | OrcInputFormat | AvroOcfInputFormat | ProtobufInputFormat;

/** Type names of the binary formats. */
export type BinaryFormatType = BinaryInputFormat['type'];

/** Whether a resolved format is binary (its chunks carry a `context`). */
export function isBinaryFormat(format: { readonly type: string }): format is BinaryInputFormat {
  return format.type === 'parquet' || format.type === 'orc' || format.type === 'avro_ocf' || format.type === 'protobuf';
}

/**
 * Validates a binary input format spec and applies Druid's defaults. Only `root` and `path` flatten
 * fields are supported for these formats (Druid has no `jq`/`tree` for them).
 *
 * @throws DruidError (invalidInput) naming the field and the problem.
 */
export function resolveBinaryFormat(type: BinaryFormatType, spec: unknown): BinaryInputFormat {
  switch (type) {
    case 'parquet': {
      const parsed = parseSpec(parquetSchema, spec, 'inputFormat');
      return Object.freeze({ type, flattenSpec: pathOnly(parsed.flattenSpec, type), binaryAsString: parsed.binaryAsString ?? false });
    }
    case 'orc': {
      const parsed = parseSpec(orcSchema, spec, 'inputFormat');
      return Object.freeze({ type, flattenSpec: pathOnly(parsed.flattenSpec, type), binaryAsString: parsed.binaryAsString ?? false });
    }
    case 'avro_ocf': {
      const parsed = parseSpec(avroOcfSchema, spec, 'inputFormat');
      if (parsed.schema) {
        try {
          avro.Type.forSchema(parsed.schema as avro.Schema);
        } catch (error) {
          throw invalidInput(`Invalid inputFormat: field [schema] is not a valid Avro schema: ${(error as Error).message}`);
        }
      }
      return Object.freeze({ type, flattenSpec: pathOnly(parsed.flattenSpec, type), binaryAsString: parsed.binaryAsString ?? false, schema: parsed.schema ?? null });
    }
    case 'protobuf': {
      const parsed = parseSpec(protobufSchema, spec, 'inputFormat');
      const decoder = parsed.protoBytesDecoder;
      const protoMessageType = decoder.protoMessageType ?? null;
      const protoBytesDecoder: ProtoBytesDecoder =
        decoder.type === 'file' ? { type: 'file', descriptor: decoder.descriptor, protoMessageType } : { type: 'inline', descriptorString: decoder.descriptorString, protoMessageType };
      return Object.freeze({ type, flattenSpec: pathOnly(parsed.flattenSpec, type), protoBytesDecoder });
    }
  }
}

function pathOnly(spec: z.output<typeof flattenSpecSchema> | null | undefined, format: string): FlattenSpec | null {
  return resolveFlattenSpec(spec, format, ['root', 'path']);
}
