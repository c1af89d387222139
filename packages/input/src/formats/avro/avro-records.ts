import { crc32, inflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { decompress as zstdDecompress } from 'fzstd';
import { uncompress as snappyUncompress } from 'snappyjs';
import type { AvroOcfInputFormat } from '../binary-format-spec.ts';
import { type NestedRecordSink, recordError, writeNestedRecord } from '../nested-records.ts';
import { readAvroBlock } from './avro-container.ts';
import type { AvroChunkContext } from './avro-chunks.ts';

type AvroType = ReturnType<typeof avro.Type.forSchema>;
type AvroResolver = ReturnType<AvroType['createResolver']>;

/** Writer types (and resolvers to the reader schema) by schema text: a file's chunks share them. */
const decoders = new Map<string, { type: AvroType; resolver: AvroResolver | undefined }>();

function decoderFor(writerSchema: string, readerSchema: Readonly<Record<string, unknown>> | null) {
  const key = readerSchema ? `${writerSchema}\u0000${JSON.stringify(readerSchema)}` : writerSchema;
  let decoder = decoders.get(key);
  if (!decoder) {
    const writer = avro.Type.forSchema(JSON.parse(writerSchema) as avro.Schema);
    if (readerSchema) {
      const reader = avro.Type.forSchema(readerSchema as avro.Schema);
      decoder = { type: reader, resolver: reader.createResolver(writer) };
    } else {
      decoder = { type: writer, resolver: undefined };
    }
    if (decoders.size > 16) decoders.clear();
    decoders.set(key, decoder);
  }
  return decoder;
}

/**
 * Decompresses one block's records with the file's codec: `null`, `deflate` (raw deflate),
 * `snappy` (raw Snappy followed by the big-endian CRC-32 of the uncompressed bytes, checked) and
 * `zstandard`.
 */
export function inflateAvroBlock(data: Uint8Array, codec: string): Uint8Array {
  switch (codec) {
    case 'null':
      return data;
    case 'deflate':
      return inflateRawSync(data);
    case 'snappy': {
      if (data.length < 4) throw new Error('snappy block is shorter than its checksum');
      const out = snappyUncompress(data.subarray(0, data.length - 4));
      const expected = new DataView(data.buffer, data.byteOffset + data.length - 4, 4).getUint32(0, false);
      if (crc32(out) !== expected) throw new Error('snappy block checksum mismatch');
      return out;
    }
    case 'zstandard':
      return zstdDecompress(data);
    default:
      throw new Error(`Avro codec [${codec}] is not supported; supported codecs are [null, deflate, snappy, zstandard]`);
  }
}

/**
 * Decodes the blocks of an Avro OCF chunk and writes every record. Records become plain values:
 * records and maps as objects, arrays as arrays, enums as their symbol, `bytes`/`fixed` as bytes (UTF-8
 * text with `binaryAsString`). A block that cannot be decompressed makes each of its records a parse
 * error; so does a record that cannot be decoded, and the records after it in the same block (they
 * cannot be located). Returns the number of records seen.
 */
export function parseAvroChunk(sink: NestedRecordSink, context: AvroChunkContext, format: AvroOcfInputFormat): number {
  const { type, resolver } = decoderFor(context.schema, format.schema);
  const bytes = sink.chunk.bytes;
  let recordNumber = sink.chunk.firstRecord;
  for (let pos = 0; pos < bytes.length; ) {
    const block = readAvroBlock(bytes, pos, context.sync);
    let data: Buffer;
    try {
      const inflated = inflateAvroBlock(block.data, context.codec);
      data = Buffer.from(inflated.buffer, inflated.byteOffset, inflated.byteLength);
    } catch (error) {
      for (let i = 0; i < block.count; i++) recordError(sink, recordNumber + i, block.data, `Cannot decompress Avro block (${context.codec}): ${(error as Error).message}`);
      recordNumber += block.count;
      pos = block.end;
      continue;
    }
    let offset = 0;
    for (let i = 0; i < block.count; i++) {
      let decoded: { value: unknown; offset: number };
      try {
        decoded = type.decode(data, offset, resolver);
        if (decoded.offset < 0) throw new Error('the block ends inside the record');
      } catch (error) {
        const reason = `Cannot decode Avro record: ${(error as Error).message}`;
        for (let j = i; j < block.count; j++) recordError(sink, recordNumber + j, data.subarray(offset, offset + 50), reason);
        break;
      }
      offset = decoded.offset;
      writeNestedRecord(sink, plainValue(decoded.value, format.binaryAsString), recordNumber + i);
    }
    recordNumber += block.count;
    pos = block.end;
  }
  return recordNumber - sink.chunk.firstRecord;
}

/** An avsc value as plain data: records/maps as objects, bytes as bytes or UTF-8 text, longs as numbers. */
function plainValue(value: unknown, binaryAsString: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return binaryAsString ? Buffer.from(value).toString('utf8') : new Uint8Array(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => plainValue(v, binaryAsString));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plainValue(v, binaryAsString);
  return out;
}
