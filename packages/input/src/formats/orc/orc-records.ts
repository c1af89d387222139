import type { OrcInputFormat } from '../binary-format-spec.ts';
import { type NestedRecordSink, recordError, writeNestedRecord } from '../nested-records.ts';
import type { OrcChunkContext } from './orc-chunks.ts';
import { readOrcColumn, stripeStreams } from './orc-columns.ts';
import { decompressOrc } from './orc-compression.ts';
import { decodeStripeFooter } from './orc-proto.ts';

/**
 * Decodes the stripes of an ORC chunk and writes every row: the root struct's fields become the
 * record's top-level keys. A stripe that cannot be decoded makes each of its rows a parse error.
 * Returns the number of rows seen.
 */
export function parseOrcChunk(sink: NestedRecordSink, context: OrcChunkContext, format: OrcInputFormat): number {
  const bytes = sink.chunk.bytes;
  let rowNumber = sink.chunk.firstRecord;
  context.stripes.forEach((stripe, index) => {
    const count = stripe.numberOfRows;
    let rows: unknown[];
    try {
      const footerStart = stripe.offset + stripe.indexLength + stripe.dataLength;
      const footer = decodeStripeFooter(decompressOrc(bytes.subarray(footerStart, footerStart + stripe.footerLength), context.compression));
      const streams = stripeStreams(bytes.subarray(stripe.offset, footerStart), footer, context.compression);
      rows = readOrcColumn({ types: context.types, footer, streams, binaryAsString: format.binaryAsString }, 0, count);
    } catch (error) {
      for (let r = 0; r < count; r++) recordError(sink, rowNumber + r, `stripe ${index} of the chunk`, `Cannot decode ORC stripe: ${(error as Error).message}`);
      rowNumber += count;
      return;
    }
    for (const row of rows) writeNestedRecord(sink, row, rowNumber++);
  });
  return rowNumber - sink.chunk.firstRecord;
}
