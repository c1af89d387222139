import { cannotReadInput } from '../../input-faults.ts';
import type { InputSplit } from '../../input-split.ts';
import type { RecordChunk } from '../../record-chunk.ts';
import { splitBytes } from '../../split-bytes.ts';
import { type AvroHeader, NeedMoreBytes, readAvroBlock, readAvroHeader } from './avro-container.ts';

/**
 * What a worker needs to decode a chunk of Avro OCF blocks on its own: the chunk's bytes are whole
 * data blocks (count, size, records, sync marker) copied from the file, and the header's schema, codec
 * and sync marker travel here.
 */
export interface AvroChunkContext {
  readonly kind: 'avro_ocf';
  /** Writer schema (JSON text). */
  readonly schema: string;
  readonly codec: string;
  readonly sync: Uint8Array;
}

/**
 * Streams an Avro OCF split (decompressed by the source layer if needed) as chunks of whole data
 * blocks: blocks are added until the chunk reaches `targetBytes`, so memory stays bounded by the
 * target plus one block. `firstRecord` is the 1-based index in the file of the chunk's first record.
 *
 * @throws FaultError (CannotParseExternalData) when the file is not an OCF file or a block is corrupt.
 */
export async function* avroChunks(split: InputSplit, targetBytes: number): AsyncIterable<RecordChunk> {
  let buffer: Uint8Array = new Uint8Array(0);
  let header: AvroHeader | null = null;
  let context: AvroChunkContext | null = null;
  let pos = 0;
  let chunkStart = 0;
  let chunkRecords = 0;
  let nextRecord = 1;
  const fail = (error: unknown) => cannotReadInput(`Cannot read the Avro file [${split.source}]: ${(error as Error).message}`);

  for await (const piece of splitBytes(split)) {
    buffer = concat(buffer.subarray(chunkStart), piece);
    pos -= chunkStart;
    chunkStart = 0;
    if (!header) {
      try {
        header = readAvroHeader(buffer);
      } catch (error) {
        if (error instanceof NeedMoreBytes) continue;
        throw fail(error);
      }
      context = { kind: 'avro_ocf', schema: header.schema, codec: header.codec, sync: header.sync };
      pos = chunkStart = header.length;
    }
    for (;;) {
      let end: number;
      try {
        const block = readAvroBlock(buffer, pos, header.sync);
        chunkRecords += block.count;
        end = block.end;
      } catch (error) {
        if (error instanceof NeedMoreBytes) break;
        throw fail(error);
      }
      pos = end;
      if (pos - chunkStart >= targetBytes) {
        yield chunkOf(buffer, chunkStart, pos, split.source, nextRecord, context!);
        nextRecord += chunkRecords;
        chunkRecords = 0;
        chunkStart = pos;
      }
    }
  }
  if (!header) throw fail(new Error(buffer.length === 0 ? 'the file is empty' : 'the file ends inside its header'));
  if (pos < buffer.length) throw fail(new Error(`the file ends inside a data block at byte ${pos}`));
  if (pos > chunkStart) yield chunkOf(buffer, chunkStart, pos, split.source, nextRecord, context!);
}

function chunkOf(buffer: Uint8Array, start: number, end: number, source: string, firstRecord: number, context: AvroChunkContext): RecordChunk {
  return { bytes: buffer.slice(start, end), source, firstRecord, context: { ...context, sync: context.sync.slice() } };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
