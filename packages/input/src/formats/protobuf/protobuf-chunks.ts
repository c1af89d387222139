import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { invalidInput } from '@silt/common';
import type { InputSplit } from '../../input-split.ts';
import type { RecordChunk } from '../../record-chunk.ts';
import { splitBytes } from '../../split-bytes.ts';
import type { ProtobufInputFormat, ProtoBytesDecoder } from '../binary-format-spec.ts';

/** The compiled descriptor set a worker decodes a protobuf chunk with. */
export interface ProtobufChunkContext {
  readonly kind: 'protobuf';
  /** A serialized `google.protobuf.FileDescriptorSet` (the `.desc` file `protoc -o` writes). */
  readonly descriptorSet: Uint8Array;
}

/**
 * Loads the descriptor set of a `protoBytesDecoder`: `file` reads `descriptor`, a local path or a
 * `file:`, `http:` or `https:` URL; `inline` decodes the Base64 `descriptorString`.
 *
 * @throws DruidError (invalidInput) when the descriptor cannot be read.
 */
export async function loadDescriptorSet(decoder: ProtoBytesDecoder): Promise<Uint8Array> {
  if (decoder.type === 'inline') return new Uint8Array(Buffer.from(decoder.descriptorString, 'base64'));
  const location = decoder.descriptor;
  try {
    if (/^https?:\/\//i.test(location)) {
      const response = await fetch(location);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    }
    return new Uint8Array(await readFile(location.startsWith('file:') ? fileURLToPath(location) : location));
  } catch (error) {
    throw invalidInput(`Cannot read descriptor file: ${location}: ${(error as Error).message}`);
  }
}

/**
 * A protobuf split as one chunk: in batch ingestion each file (object, URI) holds exactly one
 * message, as Druid's ProtobufReader reads it. The descriptor set travels in the chunk's context.
 */
export async function* protobufChunks(split: InputSplit, format: ProtobufInputFormat): AsyncIterable<RecordChunk> {
  const descriptorSet = await loadDescriptorSet(format.protoBytesDecoder);
  const pieces: Uint8Array[] = [];
  for await (const piece of splitBytes(split)) pieces.push(piece);
  const context: ProtobufChunkContext = { kind: 'protobuf', descriptorSet };
  yield { bytes: new Uint8Array(Buffer.concat(pieces)), source: split.source, firstRecord: 1, context };
}
